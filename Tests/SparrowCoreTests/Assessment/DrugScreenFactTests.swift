import SparrowCore
import SparrowTesting
import Testing

/// Urine drug screens by LOINC (the CDC IG value sets) become the facts CDC 2022 Recommendation 10 needs.
/// The evaluation date is 2026-11-20.
struct DrugScreenFactTests {
  private func facts(_ screens: String) throws -> [String: Fact] {
    let json = """
      {"schemaVersion": 1, "comment": "synthetic", "patient": {"id": "SYN-UDS", "age": 40},
       "source": {"pipeline": "test", "generatedAt": "2026-11-20T00:00:00Z"}, "medications": [],
       "drugScreens": [\(screens)]}
      """
    return Assessment(record: try RecordInput.decode(Array(json.utf8)), on: Fixtures.evaluationDate).policyFacts
  }

  @Test func noScreenReportedLeavesEveryScreenFactUnknown() throws {
    let all = try facts("")
    #expect(all["drugScreen.daysSinceLast"]?.value == .unknown)
    #expect(all["drugScreen.cocainePositive"]?.value == .unknown)
    #expect(all["drugScreen.phencyclidinePositive"]?.value == .unknown)
  }

  @Test func aPositiveCocaineScreenWithinTwelveMonthsIsTrueAndDatedScreensCount() throws {
    // 14314-9 benzoylecgonine screen (cocaine set) on 2026-06-01: 172 days before 2026-11-20.
    // 14310-7 phencyclidine screen negative on 2026-11-01: 19 days.
    let all = try facts(
      #"{"loinc": "14314-9", "result": "positive", "date": "2026-06-01"}, {"loinc": "14310-7", "result": "negative", "date": "2026-11-01"}"#
    )
    #expect(all["drugScreen.daysSinceLast"]?.value == .number(19))
    #expect(all["drugScreen.cocainePositive"]?.value == .bool(true))
    #expect(all["drugScreen.cocainePositive"]?.evidence == ["drugScreens[0]"])
    #expect(all["drugScreen.phencyclidinePositive"]?.value == .bool(false))
  }

  @Test func aPositiveOlderThanTwelveMonthsNoLongerCounts() throws {
    // 2025-11-19 is 366 days before 2026-11-20.
    let all = try facts(#"{"loinc": "14314-9", "result": "positive", "date": "2025-11-19"}"#)
    #expect(all["drugScreen.daysSinceLast"]?.value == .number(366))
    #expect(all["drugScreen.cocainePositive"]?.value == .unknown)
  }

  @Test func aLOINCThatIsNoDrugScreenIsARecordError() {
    #expect(throws: RecordError.self) { try facts(#"{"loinc": "2345-7", "result": "positive"}"#) }
  }

  @Test func aFHIRObservationInTheValueSetIsReadWithItsResult() throws {
    let json = """
      {"resourceType": "Bundle", "type": "collection", "entry": [
        {"resource": {"resourceType": "Patient", "id": "SYN-UDS-F", "birthDate": "1980-01-01"}},
        {"resource": {"resourceType": "Observation", "id": "o1", "status": "final",
          "code": {"coding": [{"system": "http://loinc.org", "code": "14310-7"}]},
          "effectiveDateTime": "2026-10-21",
          "valueCodeableConcept": {"coding": [{"system": "http://snomed.info/sct", "code": "10828004"}]}}},
        {"resource": {"resourceType": "Observation", "id": "o2", "status": "final",
          "code": {"coding": [{"system": "http://loinc.org", "code": "14314-9"}]},
          "effectiveDateTime": "2026-10-21", "valueString": "maybe"}}
      ]}
      """
    let record = try RecordInput.decode(Array(json.utf8))
    #expect(
      record.drugScreens == [DrugScreen(loinc: "14310-7", result: .positive, date: RecordBuilder.date(2026, 10, 21))])
    #expect(
      record.conversionNotes == [
        "Observation/o2.value: urine drug screen 14314-9 has no positive or negative result Sparrow understands"
      ])
    let all = Assessment(record: record, on: Fixtures.evaluationDate).policyFacts
    #expect(all["drugScreen.phencyclidinePositive"]?.value == .bool(true))
    #expect(all["drugScreen.daysSinceLast"]?.value == .number(30))
  }
}
