import SparrowCore
import SparrowTesting
import Testing

@Suite struct SideEffectRiskTests {
  private func assess(_ record: PatientRecord) -> Assessment {
    Assessment(record: record, on: Fixtures.evaluationDate)
  }

  @Test func benzodiazepineWithOpioidIsAFactCitingBothOrders() throws {
    let assessment = assess(try Fixtures.record("benzo-plus-oxycodone-90mme"))
    let fact = try #require(assessment.fact("sideEffect.benzodiazepine"))
    #expect(fact.value == .bool(true))
    #expect(fact.evidence == ["medications[0]", "medications[1]"])
    // benzodiazepine 1 + MME ≥ 90 adds 2 = 3 → high
    #expect(assessment.sideEffectRisk.score == 3)
    #expect(assessment.sideEffectRisk.level == .high)
  }

  @Test func benzodiazepineWithoutOpioidIsNotAConcurrentRisk() {
    let record = RecordBuilder.record([RecordBuilder.oral("lorazepam", milligrams: 1, timesPerDay: 2)])
    #expect(assess(record).fact("sideEffect.benzodiazepine")?.value == .bool(false))
  }

  @Test func olderAdultWithSleepApneaGabapentinoidAndLowEGFR() throws {
    let assessment = assess(try Fixtures.record("gabapentin-sleep-apnea-older-adult-ckd"))
    let expected: [String: FactValue] = [
      "sideEffect.gabapentinoid": .bool(true), "sideEffect.otherCNSDepressant": .bool(true),
      "sideEffect.sleepApnea": .bool(true), "sideEffect.copd": .bool(true), "sideEffect.egfr": .number(42),
      "sideEffect.renalStage": .text("G3b"), "sideEffect.renalImpairment": .bool(true),
      "sideEffect.olderAdult": .bool(true), "sideEffect.overdoseHistory": .bool(false),
      "sideEffect.benzodiazepine": .bool(false),
    ]
    for (name, value) in expected {
      #expect(assessment.fact(name)?.value == value, "\(name)")
    }
    // The latest eGFR (2026-11-01, 42) wins over the older one (58).
    #expect(assessment.fact("sideEffect.egfr")?.evidence == ["observations[1]"])
    #expect(assessment.fact("sideEffect.sleepApnea")?.evidence == ["conditions[0]"])
    #expect(assessment.fact("sideEffect.copd")?.evidence == ["history.copd"])
    // 6 present factors + 1 for 60 MME/day (50–<90) = 7
    #expect(assessment.sideEffectRisk.score == 7)
  }

  @Test(arguments: [
    (95.0, "G1"), (90.0, "G1"), (89.9, "G2"), (60.0, "G2"), (59.0, "G3a"), (45.0, "G3a"), (44.0, "G3b"),
    (30.0, "G3b"), (29.0, "G4"), (15.0, "G4"), (14.9, "G5"),
  ])
  func kdigoCategories(egfr: Double, category: String) {
    #expect(SideEffectRisk.kdigoCategory(egfr: egfr) == category)
  }

  @Test func hepaticImpairmentFromCirrhosisCodeAndChildPugh() throws {
    let assessment = assess(try Fixtures.record("cirrhosis-child-pugh-b-hydromorphone"))
    #expect(assessment.fact("sideEffect.hepaticImpairment")?.value == .bool(true))
    #expect(assessment.fact("sideEffect.hepaticSeverity")?.value == .text("moderate"))
    #expect(assessment.fact("sideEffect.hepaticSeverity")?.evidence == ["observations[0]", "conditions[0]"])
    #expect(assessment.fact("sideEffect.age")?.value == .number(68))
    #expect(assessment.fact("sideEffect.olderAdult")?.value == .bool(true))
  }

  @Test func unreportedHistoryIsUnknownAndSaysSo() {
    let fact = assess(RecordBuilder.record([])).fact("sideEffect.sleepApnea")
    #expect(fact?.value == .unknown)
    #expect(fact?.note == "not reported: no history.sleepApnea flag and no matching condition")
  }

  @Test(arguments: [
    (CodeSystem.icd10cm, "G47.33", true), (.icd10cm, "g4730", true), (.icd10cm, "G47.4", false),
    (.snomed, "78275009", true), (.snomed, "G47.33", false),
  ])
  func sleepApneaCodeListMatchesICD10FamiliesAndSNOMED(system: CodeSystem, code: String, matches: Bool) {
    #expect(ClinicalCodeList.sleepApnea.contains(Condition(system: system, code: code)) == matches)
  }

  @Test func resolvedConditionsDoNotCount() {
    // A resolved condition does not make the fact true; with no flag sent either, it is not reported: unknown.
    let record = RecordBuilder.record(
      [], conditions: [Condition(system: .icd10cm, code: "G47.33", status: .resolved)])
    #expect(assess(record).fact("sideEffect.sleepApnea")?.value == .unknown)
  }

  @Test(
    arguments: [
      // (eGFR date, current?) An undated or older-than-90-days eGFR does not describe renal function today.
      ("2026-11-20", true), ("2026-08-22", true), ("2026-08-21", false), (nil, false), ("2026-11-21", false),
    ] as [(String?, Bool)])
  func onlyADatedRecentEGFRIsCurrent(day: String?, current: Bool) {
    let record = RecordBuilder.record(
      [],
      observations: [
        Observation(kind: .egfr, value: 25, unit: "mL/min/1.73m2", date: day.flatMap(CalendarDate.init(parsing:)))
      ])
    let assessment = assess(record)
    #expect(assessment.fact("sideEffect.egfr")?.value == (current ? .number(25) : .unknown))
    #expect(assessment.fact("sideEffect.renalImpairment")?.value == (current ? .bool(true) : .unknown))
  }

  @Test(arguments: [
    ("N18.1", false), ("N18.2", false), ("N18.9", false), ("N18.30", true), ("N18.4", true), ("N18.6", true),
  ])
  func chronicKidneyDiseaseCountsFromStageThree(code: String, impaired: Bool) {
    let record = RecordBuilder.record([], conditions: [Condition(system: .icd10cm, code: code)])
    #expect(assess(record).fact("sideEffect.renalImpairment")?.value == (impaired ? .bool(true) : .unknown))
  }

  @Test(arguments: ["K70.40", "K71.7", "B18.2", "K74.60"])
  func hepaticListCoversFailureToxicCirrhosisAndChronicViralHepatitis(code: String) {
    let record = RecordBuilder.record([], conditions: [Condition(system: .icd10cm, code: code)])
    #expect(assess(record).fact("sideEffect.hepaticImpairment")?.value == .bool(true))
  }

  @Test(arguments: [
    ("O99.011", true), ("O99.02", false), ("O99.03", false), ("O99.213", true), ("O99.214", false),
    ("O99.335", false), ("O9A.111", true), ("O9A.13", false), ("O98.02", false), ("O60.02", true),
    ("O72.1", false), ("O80", false), ("Z3A.32", true),
  ])
  func pregnancyLeavesOutCodesOfAnEndedPregnancy(code: String, pregnant: Bool) {
    #expect(ClinicalCodeList.pregnancy.contains(Condition(system: .icd10cm, code: code)) == pregnant)
  }
}
