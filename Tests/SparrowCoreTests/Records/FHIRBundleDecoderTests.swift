import SparrowCore
import SparrowTesting
import Testing

/// Every synthetic FHIR Bundle with its MME worked out by hand (CDC 2022 factors), and the rules around them.
@Suite struct FHIRBundleDecoderTests {
  static let expectations: [MMEExpectation] = [
    // morphine 30 mg every 12 h = 60 mg/day × 1
    MMEExpectation(name: "conditions-and-egfr-morphine", scheduled: 60, asNeeded: 0, complete: true),
    // doseRange high 20 mg every 8 h = 60 mg/day × 1 (ranges at their high end)
    MMEExpectation(name: "dose-range-high-morphine-10-20mg-q8h", scheduled: 60, asNeeded: 0, complete: true),
    // oxycodone 1 × 20 mg × 3/day = 60 mg × 1.5 = 90
    MMEExpectation(name: "equivalence-oxycodone-alprazolam-osa-egfr", scheduled: 90, asNeeded: 0, complete: true),
    // tramadol 50 mg, frequencyMax 2 per day (worst case) = 100 mg × 0.2 = 20
    MMEExpectation(name: "frequency-max-tramadol-1-to-2-daily", scheduled: 20, asNeeded: 0, complete: true),
    // hydrocodone 10 mg, 3 per 1 d = 30 mg × 1 = 30
    MMEExpectation(name: "frequency-per-day-hydrocodone-3-daily", scheduled: 30, asNeeded: 0, complete: true),
    // tramadol 100 mg, 14 per 1 wk = 2/day = 200 mg × 0.2 = 40
    MMEExpectation(name: "frequency-per-week-tramadol-14-weekly", scheduled: 40, asNeeded: 0, complete: true),
    // morphine 10 mg every 12 h = 20 mg; Encounter and AllergyIntolerance ignored and counted
    MMEExpectation(name: "ignored-resource-types-counted", scheduled: 20, asNeeded: 0, complete: true),
    // 5 mL × 2 mg/mL every 4 h = 60 mg/day × 1 = 60
    MMEExpectation(name: "liquid-by-ml-morphine-2mg-per-ml", scheduled: 60, asNeeded: 0, complete: true),
    // MedicationStatement codeine 30 mg every 6 h = 120 mg × 0.15 = 18
    MMEExpectation(name: "medication-statement-codeine-30mg-q6h", scheduled: 18, asNeeded: 0, complete: true),
    // contained Medication fentanyl 25 ug/h, 1 patch: 25 × 2.4 = 60
    MMEExpectation(name: "patch-contained-fentanyl-25mcg", scheduled: 60, asNeeded: 0, complete: true),
    // RxNorm 197696 = 72 HR fentanyl 0.075 mg/h: 75 × 2.4 = 180
    MMEExpectation(name: "patch-product-code-fentanyl-75mcg", scheduled: 180, asNeeded: 0, complete: true),
    // oxycodone 10 mg every 6 h = 40 mg × 1.5 = 60
    MMEExpectation(name: "pregnancy-blood-pressure-crps-oxycodone", scheduled: 60, asNeeded: 0, complete: true),
    // as needed, maxDosePerPeriod 20 mg / 12 h = 40 mg/day × 1.5 = 60
    MMEExpectation(name: "prn-max-dose-per-12h-oxycodone", scheduled: 0, asNeeded: 60, complete: true),
    // as needed, maxDosePerPeriod 8 mg / 1 d × 5 = 40
    MMEExpectation(name: "prn-max-dose-per-day-hydromorphone", scheduled: 0, asNeeded: 40, complete: true),
    // as needed without maxDosePerPeriod: 1 × 5 mg every 6 h = 20 mg × 1.5 = 30
    MMEExpectation(name: "prn-without-max-uses-frequency", scheduled: 0, asNeeded: 30, complete: true),
    // RxNorm 1049593 = oxycodone 60 mg ER tablet, 1 every 12 h = 120 mg × 1.5 = 180
    MMEExpectation(name: "product-code-oxycodone-er-60mg-q12h", scheduled: 180, asNeeded: 0, complete: true),
    // referenced Medication morphine 15 mg tablet, 2 every 12 h = 60 mg × 1 = 60
    MMEExpectation(name: "referenced-medication-morphine-15mg", scheduled: 60, asNeeded: 0, complete: true),
    // morphine 10 mg every 12 h = 20 (no route given: taken as oral, noted)
    MMEExpectation(name: "route-missing-noted", scheduled: 20, asNeeded: 0, complete: true),
    // stopped morphine not counted; oxycodone 5 mg every 12 h = 10 mg × 1.5 = 15
    MMEExpectation(name: "stopped-order-not-counted", scheduled: 15, asNeeded: 0, complete: true),
    // contained oxycodone 5 mg tablet, 2 tablets every 6 h = 40 mg × 1.5 = 60
    MMEExpectation(name: "tablets-by-count-oxycodone-2x5mg-q6h", scheduled: 60, asNeeded: 0, complete: true),
    // timeOfDay 08:00 and 20:00 = 2/day × 10 mg = 20 mg × 1.5 = 30
    MMEExpectation(name: "time-of-day-oxycodone-twice", scheduled: 30, asNeeded: 0, complete: true),
    // an unidentified product is noted, not counted; hydrocodone 10 mg every 12 h = 20
    MMEExpectation(name: "unidentified-medication-noted", scheduled: 20, asNeeded: 0, complete: true),
    // dose unit {spoonful} unknown: the oxycodone order is kept as "dose unknown", never counted as 0
    MMEExpectation(name: "unknown-dose-unit-flagged", scheduled: 0, asNeeded: 0, complete: false),
  ]

  private func record(_ name: String) throws -> PatientRecord {
    try RecordInput.decode(try Fixtures.bytes("fhir/\(name).json"))
  }

  @Test(arguments: expectations)
  func bundleHasItsHandWorkedMME(expectation: MMEExpectation) throws {
    let assessment = Assessment(record: try record(expectation.name), on: Fixtures.evaluationDate)
    #expect(assessment.load.scheduledMME == expectation.scheduled)
    #expect(assessment.load.asNeededMaximumMME == expectation.asNeeded)
    #expect(assessment.load.isComplete == expectation.complete)
  }

  @Test func everyBundleHasAnExpectationAndThereAreAtLeastTwenty() throws {
    let names = try Fixtures.names(in: "fhir")
    #expect(names == Self.expectations.map(\.name).sorted())
    #expect(names.count >= 20)
  }

  @Test func theSamePatientInV1AndFHIRGivesTheSameAssessment() throws {
    let v1 = try Fixtures.record("equivalence-oxycodone-alprazolam-osa-egfr")
    let fhir = try record("equivalence-oxycodone-alprazolam-osa-egfr")
    #expect(fhir.conversionNotes.isEmpty)
    let date = Fixtures.evaluationDate
    // How each order was identified differs by format by nature (a v1 ingredient name, a FHIR Medication's
    // ingredients); everything clinical must not.
    #expect(v1.medications.map(\.identifiedBy) == [.ingredientName, .ingredientName])
    #expect(fhir.medications.map(\.identifiedBy) == [.medicationIngredient, .medicationIngredient])
    func clinical(_ record: PatientRecord) -> String {
      JSONWriter.prettyString(Assessment(record: record, on: date).jsonValue).split(separator: "\n")
        .filter { !$0.contains("\"identifiedBy\"") && !$0.contains("\"identification\"") }.joined(separator: "\n")
    }
    #expect(clinical(fhir) == clinical(v1))
  }

  @Test func whatCannotBeInterpretedIsNotedWithResourceAndPath() throws {
    let unknownUnit = try record("unknown-dose-unit-flagged")
    #expect(
      unknownUnit.conversionNotes == [
        "MedicationRequest/mr1.dosage.doseAndRate: dose unit '{spoonful}' not understood at MedicationRequest/mr1.dosage.doseAndRate"
      ])
    let load = Assessment(record: unknownUnit, on: Fixtures.evaluationDate).load
    #expect(load.orders[0].status == .unknown)
    #expect(load.orders[0].reason?.hasPrefix("dose unknown: dose unit '{spoonful}'") == true)
    #expect(
      try record("ignored-resource-types-counted").conversionNotes == [
        "ignored 1 AllergyIntolerance resource(s): not read by Sparrow"
      ])
    #expect(
      try record("unidentified-medication-noted").conversionNotes == [
        "MedicationRequest/mr1.medication: medication not identified (no known RxNorm code, ingredient or name in the text)"
      ])
    #expect(
      try record("route-missing-noted").conversionNotes == [
        "MedicationRequest/mr1.dosage.route: no route given; taken as oral"
      ])
  }

  @Test func patientConditionsObservationsAndPregnancyAreRead() throws {
    let record = try record("pregnancy-blood-pressure-crps-oxycodone")
    #expect(record.patient.birthDate == RecordBuilder.date(1994, 7, 2))
    #expect(record.patient.sex == .female)
    #expect(record.patient.pregnancy == .pregnant)
    #expect(record.conditions.map(\.code) == ["G90.50"])
    let facts = Assessment(record: record, on: Fixtures.evaluationDate).policyFacts
    #expect(facts["patient.pregnant"]?.value == .bool(true))
    #expect(facts["vitals.systolicBP"]?.value == .number(190))
    #expect(facts["vitals.diastolicBP"]?.value == .number(95))
    #expect(facts["sideEffect.age"]?.value == .number(32))
    let egfr = Assessment(record: try self.record("conditions-and-egfr-morphine"), on: Fixtures.evaluationDate)
    #expect(egfr.fact("sideEffect.egfr")?.value == .number(42))
    #expect(egfr.fact("sideEffect.sleepApnea")?.evidence == ["conditions[0]", "conditions[1]"])
  }

  @Test(arguments: [
    (
      #"{"resourceType": "Bundle", "type": "document", "entry": []}"#,
      #"Bundle.type: expected one of collection, searchset, transaction; got "document""#
    ),
    (
      #"{"resourceType": "Bundle", "type": "collection", "entry": []}"#,
      "Bundle.entry: a Bundle must contain a Patient resource; none found"
    ),
    (#"{"resourceType": "Patient", "id": "x"}"#, #"resourceType: expected a FHIR R4 Bundle; got "Patient""#),
    (
      #"{"resourceType": "Bundle", "type": "collection", "entry": [{"resource": {"resourceType": "Patient", "id": "a", "birthDate": "1970-01-01"}}, {"resource": {"resourceType": "Patient", "id": "b", "birthDate": "1970-01-01"}}]}"#,
      "Bundle.entry: a Bundle must describe one patient; found 2"
    ),
    (
      #"{"resourceType": "Bundle", "type": "collection", "entry": [{"resource": {"resourceType": "Patient", "id": "a"}}]}"#,
      "Patient/a.birthDate: expected a date YYYY-MM-DD; got nothing"
    ),
  ])
  func bundleErrorsNameTheirPath(document: String, error: String) {
    #expect(Self.message(document) == error)
  }

  private static func message(_ document: String) -> String? {
    do {
      _ = try RecordInput.decode(Array(document.utf8))
      return nil
    } catch {
      return error.description
    }
  }
}

/// A Bundle is held to the same count limits as a v1 record, and to a limit on its entries.
struct FHIRLimitTests {
  private func bundle(_ entries: [String]) -> [UInt8] {
    let patient = #"{"resource": {"resourceType": "Patient", "id": "SYN-L", "birthDate": "1980-01-01"}}"#
    return Array(
      #"{"resourceType": "Bundle", "type": "collection", "entry": [\#(([patient] + entries).joined(separator: ","))]}"#
        .utf8)
  }

  @Test func aBundleOfEmptyEntriesBeyondTheLimitIsARecordError() {
    #expect(throws: RecordError.self) { try RecordInput.decode(bundle(Array(repeating: "{}", count: 7_001))) }
  }

  @Test func moreOrdersThanTheLimitIsARecordError() {
    let order =
      #"{"resource": {"resourceType": "MedicationRequest", "status": "active", "medicationCodeableConcept": {"text": "oxycodone 5 mg"}}}"#
    do {
      _ = try RecordInput.decode(bundle(Array(repeating: order, count: 501)))
      Issue.record("accepted")
    } catch {
      #expect(error.description == "Bundle.entry: 501 medication orders; the limit is 500")
    }
  }
}
