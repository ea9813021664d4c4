import SparrowCore
import SparrowTesting
import Testing

@Suite struct RecordDecoderTests {
  // MARK: - Valid records

  @Test func decodesEveryRecordFixture() throws {
    let names = try Fixtures.recordNames()
    #expect(names.count >= 15)
    for name in names {
      let record = try Fixtures.record(name)
      #expect(record.schemaVersion == 1, "\(name)")
      #expect(record.patient.id.hasPrefix("SYN-"), "\(name): fixtures use synthetic ids")
    }
  }

  @Test func decodesEveryFieldOfAnOrder() throws {
    let record = try Fixtures.record("fentanyl-patch-25mcg-plus-oxycodone-prn-105mme")
    let patch = try #require(record.medications.first)
    #expect(patch.ingredient == "fentanyl")
    #expect(patch.route == .transdermal)
    #expect(patch.doseForm == .patch)
    #expect(patch.dose == Dose(1, .patch))
    #expect(patch.transdermalRateMcgPerHour == 25)
    #expect(patch.frequency == .everyHours(72))
    #expect(patch.start == RecordBuilder.date(2026, 10, 1))
    let prn = try #require(record.medications.last)
    #expect(prn.asNeeded)
    #expect(prn.maxDailyDose == Dose(30, .mg))
    #expect(prn.strength == Strength(5, .mg))
    #expect(record.ignoredFields.isEmpty)
  }

  @Test func listsUnknownFieldsWithoutUsingThem() throws {
    let record = try Fixtures.record("unknown-extra-fields-ignored")
    #expect(record.ignoredFields == ["patient.nickname", "medications[0].pharmacyNote", "wardName"])
  }

  @Test func prefersBirthDateForAge() throws {
    let record = try Fixtures.record("cirrhosis-child-pugh-b-hydromorphone")
    #expect(record.patient.age == 54)
    #expect(record.patient.age(on: Fixtures.evaluationDate) == 68)
  }

  // MARK: - Invalid records

  @Test(arguments: [
    (
      "dose-unit-tabs",
      #"medications[2].dose.unit: expected one of mg, mcg, g, mL, tablet, capsule, patch, actuation; got "tabs""#
    ),
    ("negative-dose", "medications[0].dose.value: expected a number greater than 0; got -5"),
    ("schema-version-2", "schemaVersion: expected 1; got 2"),
    ("missing-patient-id", "patient.id: required field is missing"),
    ("patient-without-age-or-birth-date", "patient: expected age or birthDate; got neither"),
    ("frequency-with-both-forms", "medications[0].frequency: expected exactly one of timesPerDay, everyHours"),
    (
      "max-daily-dose-on-scheduled-order",
      "medications[0].maxDailyDose: only allowed on an as-needed order (asNeeded: true)"
    ),
    ("end-before-start", "medications[0].end: end 2026-09-30 is before start 2026-10-01"),
    ("egfr-in-wrong-unit", #"observations[0].unit: expected mL/min/1.73m2 for egfr; got "mL/min""#),
    ("medications-not-an-array", "medications: expected an array; got an object"),
    ("missing-medications", "medications: required field is missing"),
    (
      "route-unknown",
      #"medications[0].route: expected one of oral, sublingual, buccal, transdermal, intravenous, intramuscular, subcutaneous, nasal, rectal, other; got "by mouth""#
    ),
    (
      "status-as-number",
      "medications[0].status: expected one of active, on-hold, completed, stopped, cancelled, draft, entered-in-error; got a number"
    ),
    ("impossible-start-date", #"medications[0].start: expected a date YYYY-MM-DD; got "2026-02-30""#),
    ("truncated", "medications[0].name: invalid JSON at line 17, column 15: unterminated string"),
    ("not-json", "invalid JSON at line 1, column 1: expected a value; got 'p'"),
  ])
  func rejectsInvalidFixtureWithExactError(name: String, expected: String) throws {
    let bytes = try Fixtures.bytes("invalid/\(name).json")
    let error = try #require(throws: RecordError.self) { try RecordDecoder().decode(bytes) }
    #expect(error.description == expected)
  }

  @Test func rejectsAnOversizeFileBeforeParsing() throws {
    let limits = RecordLimits(maxBytes: 4096)
    let valid = try Fixtures.bytes("records/oxycodone-er-10mg-bid-30mme.json")
    let padded =
      Array(valid.dropLast(2)) + Array(#", "padding": ""#.utf8) + Array(repeating: UInt8(ascii: "x"), count: 5000)
      + Array("\"}\n".utf8)
    let error = try #require(throws: RecordError.self) { try RecordDecoder(limits: limits).decode(padded) }
    #expect(error.description == "file is \(padded.count) bytes; the limit is 4096 bytes")
  }

  @Test func rejectsNestingDepthOfTenThousand() throws {
    let deep =
      Array(#"{"schemaVersion": 1, "x": "#.utf8) + Array(repeating: UInt8(ascii: "["), count: 10_000)
      + Array(repeating: UInt8(ascii: "]"), count: 10_000) + [UInt8(ascii: "}")]
    let error = try #require(throws: RecordError.self) { try RecordDecoder().decode(deep) }
    #expect(
      error.description
        == "x" + String(repeating: "[0]", count: 15)
        + ": invalid JSON at line 1, column 42: nesting deeper than 16 levels"
    )
  }

  @Test func rejectsAnEmptyFile() {
    #expect(throws: RecordError(path: "", message: "file is empty")) { try RecordDecoder().decode([UInt8]()) }
  }

  @Test func rejectsInvalidUTF8() throws {
    var bytes = try Fixtures.bytes("records/oxycodone-er-10mg-bid-30mme.json")
    let marker = Array("SYN-".utf8)
    let start = try #require(bytes.indices.first { Array(bytes[$0..<$0 + marker.count]) == marker })
    bytes[start + 1] = 0xC3  // a lead byte followed by an ASCII byte: not UTF-8
    let error = try #require(throws: RecordError.self) { try RecordDecoder().decode(bytes) }
    #expect(error.description == "patient.id: invalid JSON at line 5, column 11: string is not valid UTF-8")
  }

  @Test func rejectsTooManyOrders() throws {
    let order =
      #"{"name": "x", "ingredient": "morphine", "route": "oral", "dose": {"value": 1, "unit": "mg"}, "status": "active"}"#
    let document =
      #"{"schemaVersion": 1, "patient": {"id": "SYN-1", "age": 40}, "source": {"pipeline": "t", "generatedAt": "2026-11-20T00:00:00Z"}, "medications": ["#
      + Array(repeating: order, count: 3).joined(separator: ",") + "]}"
    let error = try #require(throws: RecordError.self) {
      try RecordDecoder(limits: RecordLimits(maxMedications: 2)).decode(Array(document.utf8))
    }
    #expect(error.description == "medications: too many entries: 3; the limit is 2")
  }
}

/// Control characters in ids and names: two ids that differ after a NUL would merge in C and SQLite APIs.
struct ControlCharacterTests {
  private func v1(patientID: String, name: String = "oxycodone 5 mg") -> String {
    #"{"schemaVersion": 1, "patient": {"id": "\#(patientID)", "age": 40}, "source": {"pipeline": "t", "generatedAt": "2026-11-20T00:00:00Z"}, "medications": [{"name": "\#(name)", "ingredient": "oxycodone", "route": "oral", "dose": {"value": 5, "unit": "mg"}, "frequency": {"timesPerDay": 2}, "status": "active"}]}"#
  }

  @Test(arguments: [
    (#"SYN-A\u0000x"#, "oxycodone 5 mg", "patient.id: contains a NUL character (U+0000) at position 6"),
    (#"SYN-A\u0007"#, "oxycodone 5 mg", "patient.id: contains a control character (U+0007); ids and names may not"),
    ("SYN-A", #"oxy\u001bcodone"#, "medications[0].name: contains a control character (U+001B); ids and names may not"),
  ])
  func controlCharactersInIdsAndNamesAreARecordError(patientID: String, name: String, message: String) {
    #expect(throws: RecordError.self) { try RecordInput.decode(Array(v1(patientID: patientID, name: name).utf8)) }
    do {
      _ = try RecordInput.decode(Array(v1(patientID: patientID, name: name).utf8))
    } catch {
      #expect(error.description == message)
    }
  }

  @Test func aFHIRPatientIdWithANULIsARecordError() {
    let json =
      #"{"resourceType": "Bundle", "type": "collection", "entry": [{"resource": {"resourceType": "Patient", "id": "SYN-A\u0000x", "birthDate": "1980-01-01"}}]}"#
    #expect(throws: RecordError.self) { try RecordInput.decode(Array(json.utf8)) }
  }

  @Test func aNULAnywhereInAV1StringIsARecordError() {
    let json =
      #"{"schemaVersion": 1, "comment": "a\u0000b", "patient": {"id": "SYN-A", "age": 40}, "source": {"pipeline": "t", "generatedAt": "2026-11-20T00:00:00Z"}, "medications": []}"#
    #expect(throws: RecordError.self) { try RecordInput.decode(Array(json.utf8)) }
  }
}
