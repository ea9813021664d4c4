import SparrowCore
import SparrowTesting
import Testing

/// Facts from the record are true, false or unknown: "not reported" is never "no", and coded conditions count.
struct ReportedFactTests {
  private func facts(
    pregnancy: PregnancyStatus? = nil, history: ClinicalHistory = .init(), conditions: [Condition] = []
  ) -> [String: Fact] {
    var record = RecordBuilder.record([], conditions: conditions, history: history)
    record.patient.pregnancy = pregnancy
    return Assessment(record: record, on: Fixtures.evaluationDate).policyFacts
  }

  @Test(arguments: [
    (PregnancyStatus?.none, FactValue.unknown), (.unknown, .unknown), (.notPregnant, .bool(false)),
    (.pregnant, .bool(true)),
  ])
  func pregnancyStatusSentOrNot(status: PregnancyStatus?, expected: FactValue) {
    #expect(facts(pregnancy: status)["patient.pregnant"]?.value == expected)
  }

  @Test func aPregnancyCodeSetsPregnantAndNamesTheCode() {
    let fact = facts(conditions: [Condition(system: .icd10cm, code: "Z3A.20")])["patient.pregnant"]
    #expect(fact?.value == .bool(true))
    #expect(fact?.evidence == ["conditions[0]"])
    #expect(fact?.note == "coded: ICD-10-CM Z3A.20")
  }

  @Test(arguments: HistoryFlag.allCases)
  func everyHistoryFlagIsUnknownFalseOrTrue(flag: HistoryFlag) {
    let name = "history.\(flag.rawValue)"
    #expect(facts()[name]?.value == .unknown)
    #expect(facts(history: ClinicalHistory(flags: [flag: false]))[name]?.value == .bool(false))
    #expect(facts(history: ClinicalHistory(flags: [flag: true]))[name]?.value == .bool(true))
  }

  @Test(arguments: [
    (HistoryFlag.cardiacDisease, "I21.4"), (.cardiacDisease, "I50.9"), (.uncontrolledHypertension, "I16.1"),
    (.raisedIntracranialPressure, "G93.2"), (.raisedIntraocularPressure, "H40.11"), (.psychosis, "F31.2"),
    (.psychosis, "F20.9"), (.psychosis, "F10.150"), (.opioidUseDisorder, "F11.20"),
    (.substanceUseDisorder, "F10.20"),
  ])
  func aCodedConditionSetsItsFlagEvenWhenTheFlagSaysNo(flag: HistoryFlag, code: String) {
    let fact = facts(
      history: ClinicalHistory(flags: [flag: false]), conditions: [Condition(system: .icd10cm, code: code)])[
        "history.\(flag.rawValue)"]
    #expect(fact?.value == .bool(true))
    #expect(fact?.note?.contains("ICD-10-CM \(code)") == true)
  }

  @Test func aSNOMEDSubstanceUseCodeRaisesTheFactThroughTheValueSet() {
    // SNOMED CT 66590003 (alcohol dependence) is in the IG's conditions-documenting-substance-misuse value set.
    let fact = facts(conditions: [Condition(system: .snomed, code: "66590003")])["sideEffect.substanceUseDisorder"]
    #expect(fact?.value == .bool(TerminologyCatalog.includesSNOMEDCT))
    if TerminologyCatalog.includesSNOMEDCT {
      #expect(fact?.note == "coded: SNOMED CT 66590003 (value set conditions-documenting-substance-misuse)")
    }
  }

  @Test(arguments: [("K72.10", "severe"), ("K70.40", "severe"), ("K74.60", SideEffectRisk.hepaticScreenRequired)])
  func hepaticFailureIsSevereAndUngradedCirrhosisNeedsAScreen(code: String, severity: String) {
    let all = facts(conditions: [Condition(system: .icd10cm, code: code)])
    #expect(all["sideEffect.hepaticImpairment"]?.value == .bool(true))
    #expect(all["sideEffect.hepaticSeverity"]?.value == .text(severity))
  }

  @Test func unreportedHepaticRenalAndAgeFactsAreUnknown() {
    var record = RecordBuilder.record([])
    record.patient.age = nil
    let all = Assessment(record: record, on: Fixtures.evaluationDate).policyFacts
    #expect(all["sideEffect.hepaticImpairment"]?.value == .unknown)
    #expect(all["sideEffect.renalImpairment"]?.value == .unknown)
    #expect(all["sideEffect.olderAdult"]?.value == .unknown)
  }

  @Test(arguments: [
    ("T40.2X1A", true), ("T40.411A", true), ("T40.604A", true), ("T40.2X5A", false), ("T40.2X6A", false),
  ])
  func overdoseIsPoisoningNotAnAdverseEffect(code: String, poisoning: Bool) {
    let fact = facts(conditions: [Condition(system: .icd10cm, code: code)])["sideEffect.overdoseHistory"]
    #expect(fact?.value == (poisoning ? .bool(true) : .unknown))
  }

  @Test(arguments: [
    ("O09.90", true), ("O26.891", true), ("Z34.00", true), ("O80", false), ("O92.70", false), ("O03.9", false),
  ])
  func pregnancyCodesExcludeDeliveryAndThePuerperium(code: String, pregnant: Bool) {
    let fact = facts(conditions: [Condition(system: .icd10cm, code: code)])["patient.pregnant"]
    #expect(fact?.value == (pregnant ? .bool(true) : .unknown))
  }

  @Test(arguments: ["K71.11", "K76.82", "K76.7"])
  func moreHepaticFailureCodesAreSevere(code: String) {
    let all = facts(
      history: ClinicalHistory(hepaticImpairment: Severity.none), conditions: [Condition(system: .icd10cm, code: code)])
    #expect(all["sideEffect.hepaticSeverity"]?.value == .text("severe"))
  }
}
