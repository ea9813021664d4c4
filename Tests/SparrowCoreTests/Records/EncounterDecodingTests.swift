import Foundation
import SparrowCore
import SparrowTesting
import Testing

/// The optional unit and service (synthetic records): read from v1's `encounter` and FHIR's Encounter, names
/// without control characters, and never part of a decision.
@Suite struct EncounterDecodingTests {
  /// A synthetic v1 fixture with `encounter` spliced in after its `source`.
  private func v1(encounter: String) throws -> [UInt8] {
    let text = String(decoding: try Fixtures.bytes("records/oxycodone-er-10mg-bid-30mme.json"), as: UTF8.self)
    let range = try #require(text.range(of: #""source""#))
    return Array(text.replacingCharacters(in: range, with: #""encounter": \#(encounter), "source""#).utf8)
  }

  @Test func v1ReadsUnitAndService() throws {
    let record = try RecordDecoder().decode(try v1(encounter: #"{"unit": "4 West", "service": "Orthopaedics"}"#))
    #expect(record.encounter == Encounter(unit: "4 West", service: "Orthopaedics"))
    #expect(record.ignoredFields.isEmpty)
  }

  @Test func v1WithoutEncounterHasNeither() throws {
    let record = try Fixtures.record("oxycodone-er-10mg-bid-30mme")
    #expect(record.encounter == Encounter())
  }

  @Test func v1EncounterLeavesTheDecisionAsItWas() throws {
    let plain = Assessment(record: try Fixtures.record("oxycodone-er-10mg-bid-30mme"), on: Fixtures.evaluationDate)
    let placed = Assessment(
      record: try RecordDecoder().decode(try v1(encounter: #"{"unit": "PACU"}"#)), on: Fixtures.evaluationDate)
    #expect(placed.load == plain.load)
    #expect(placed.facts == plain.facts)
  }

  @Test(arguments: [
    (#"{"unit": "4 West\u0000x"}"#, "encounter.unit: contains a NUL character (U+0000) at position 7"),
    (#"{"service": "Onc\u0007"}"#, "encounter.service: contains a control character (U+0007); ids and names may not"),
    (#"{"unit": 4}"#, "encounter.unit: expected a string; got a number"),
  ])
  func v1RejectsABadName(encounter: String, expected: String) throws {
    let error = try #require(throws: RecordError.self) { try RecordDecoder().decode(try v1(encounter: encounter)) }
    #expect(error.description == expected)
  }

  /// The synthetic FHIR fixture with its Encounter given `fields`.
  private func bundle(encounterFields: String) throws -> [UInt8] {
    let text = String(decoding: try Fixtures.bytes("fhir/ignored-resource-types-counted.json"), as: UTF8.self)
    let range = try #require(text.range(of: #""status": "finished""#))
    return Array(text.replacingCharacters(in: range, with: #""status": "finished", \#(encounterFields)"#).utf8)
  }

  @Test func fhirReadsTheFirstLocationAndTheServiceType() throws {
    let record = try RecordInput.decode(
      try bundle(
        encounterFields:
          #""location": [{"location": {"display": "ICU 2"}}], "serviceType": {"coding": [{"display": "Oncology"}]}"#))
    #expect(record.encounter == Encounter(unit: "ICU 2", service: "Oncology"))
  }

  @Test func fhirPrefersTheServiceTypesText() throws {
    let record = try RecordInput.decode(
      try bundle(encounterFields: #""serviceType": {"text": "Pain service", "coding": [{"display": "Anaesthesia"}]}"#))
    #expect(record.encounter == Encounter(unit: nil, service: "Pain service"))
  }

  @Test func fhirRejectsAControlCharacterInTheUnit() throws {
    let error = try #require(throws: RecordError.self) {
      try RecordInput.decode(try bundle(encounterFields: #""location": [{"location": {"display": "Ward\u001b"}}]"#))
    }
    #expect(error.path == "Encounter/e1.location.location.display")
  }
}
