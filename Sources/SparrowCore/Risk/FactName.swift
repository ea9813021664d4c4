// MARK: - FactName

/// Every fact an assessment produces and a policy may name, declared once: its dotted name, its type and its
/// place. `FactCatalog` (the policy vocabulary and compiled slots) and every producer (`Fact(.loadTotalMME, …)`)
/// come from this list, and an assessment lists its facts in this order (checked when it is made).
public enum FactName: String, CaseIterable, Sendable {
  // The opioid load.
  case loadOpioidActive = "load.opioidActive"
  case loadTotalMME = "load.totalMME"
  case loadScheduledMME = "load.scheduledMME"
  case loadAsNeededMaximumMME = "load.asNeededMaximumMME"
  case loadDrivenBy = "load.drivenBy"
  case loadBand = "load.band"
  case loadComplete = "load.complete"
  case loadUnknownCount = "load.unknownCount"
  case loadExcludedCount = "load.excludedCount"
  // Side-effect (respiratory depression) risk.
  case sideEffectBenzodiazepine = "sideEffect.benzodiazepine"
  case sideEffectGabapentinoid = "sideEffect.gabapentinoid"
  case sideEffectOtherCNSDepressant = "sideEffect.otherCNSDepressant"
  case sideEffectSleepApnea = "sideEffect.sleepApnea"
  case sideEffectCOPD = "sideEffect.copd"
  case sideEffectEGFR = "sideEffect.egfr"
  case sideEffectRenalStage = "sideEffect.renalStage"
  case sideEffectRenalImpairment = "sideEffect.renalImpairment"
  case sideEffectHepaticImpairment = "sideEffect.hepaticImpairment"
  case sideEffectHepaticSeverity = "sideEffect.hepaticSeverity"
  case sideEffectAge = "sideEffect.age"
  case sideEffectOlderAdult = "sideEffect.olderAdult"
  case sideEffectOverdoseHistory = "sideEffect.overdoseHistory"
  case sideEffectSubstanceUseDisorder = "sideEffect.substanceUseDisorder"
  case sideEffectScore = "sideEffect.score"
  case sideEffectLevel = "sideEffect.level"
  // Tolerance risk.
  case toleranceDaysOnOpioids = "tolerance.daysOnOpioids"
  case toleranceLongTerm = "tolerance.longTerm"
  case tolerancePreviousMME = "tolerance.previousMME"
  case toleranceEscalationPercent = "tolerance.escalationPercent"
  case toleranceEscalating = "tolerance.escalating"
  case toleranceOpioidTolerant = "tolerance.opioidTolerant"
  case toleranceOpioidCount = "tolerance.opioidCount"
  case toleranceMultipleOpioids = "tolerance.multipleOpioids"
  case toleranceLongAndShortActing = "tolerance.longAndShortActing"
  case toleranceScore = "tolerance.score"
  case toleranceLevel = "tolerance.level"
  // Facts read straight from the record.
  case patientPregnant = "patient.pregnant"
  case historySleepApnea = "history.sleepApnea"
  case historyCOPD = "history.copd"
  case historyOverdose = "history.overdose"
  case historySubstanceUseDisorder = "history.substanceUseDisorder"
  case historyOpioidUseDisorder = "history.opioidUseDisorder"
  case historyKetamineUseDisorder = "history.ketamineUseDisorder"
  case historyPsychosis = "history.psychosis"
  case historyUncontrolledHypertension = "history.uncontrolledHypertension"
  case historyCardiacDisease = "history.cardiacDisease"
  case historyRaisedIntracranialPressure = "history.raisedIntracranialPressure"
  case historyRaisedIntraocularPressure = "history.raisedIntraocularPressure"
  case historyFallRisk = "history.fallRisk"
  case vitalsSystolicBP = "vitals.systolicBP"
  case vitalsDiastolicBP = "vitals.diastolicBP"
  case drugScreenDaysSinceLast = "drugScreen.daysSinceLast"
  case drugScreenCocainePositive = "drugScreen.cocainePositive"
  case drugScreenPhencyclidinePositive = "drugScreen.phencyclidinePositive"

  /// The fact's type: what a policy may compare it with. No default case: a new fact must be given one.
  public var type: FactCatalog.FactType {
    switch self {
    case .loadTotalMME, .loadScheduledMME, .loadAsNeededMaximumMME, .loadUnknownCount, .loadExcludedCount,
      .sideEffectEGFR, .sideEffectAge, .sideEffectScore, .toleranceDaysOnOpioids, .tolerancePreviousMME,
      .toleranceEscalationPercent, .toleranceOpioidCount, .toleranceScore, .vitalsSystolicBP, .vitalsDiastolicBP,
      .drugScreenDaysSinceLast:
      .number
    case .loadDrivenBy, .loadBand, .sideEffectRenalStage, .sideEffectHepaticSeverity, .sideEffectLevel,
      .toleranceLevel:
      .text
    case .loadOpioidActive, .loadComplete, .sideEffectBenzodiazepine, .sideEffectGabapentinoid,
      .sideEffectOtherCNSDepressant, .sideEffectSleepApnea, .sideEffectCOPD, .sideEffectRenalImpairment,
      .sideEffectHepaticImpairment, .sideEffectOlderAdult, .sideEffectOverdoseHistory,
      .sideEffectSubstanceUseDisorder, .toleranceLongTerm, .toleranceEscalating, .toleranceOpioidTolerant,
      .toleranceMultipleOpioids, .toleranceLongAndShortActing, .patientPregnant, .historySleepApnea, .historyCOPD,
      .historyOverdose, .historySubstanceUseDisorder, .historyOpioidUseDisorder, .historyKetamineUseDisorder,
      .historyPsychosis, .historyUncontrolledHypertension, .historyCardiacDisease,
      .historyRaisedIntracranialPressure, .historyRaisedIntraocularPressure, .historyFallRisk,
      .drugScreenCocainePositive, .drugScreenPhencyclidinePositive:
      .bool
    }
  }

  /// The fact a v1 history flag answers (`history.sleepApnea`): one for each flag, checked by the compiler.
  public static func history(_ flag: HistoryFlag) -> FactName {
    switch flag {
    case .sleepApnea: .historySleepApnea
    case .copd: .historyCOPD
    case .overdose: .historyOverdose
    case .substanceUseDisorder: .historySubstanceUseDisorder
    case .opioidUseDisorder: .historyOpioidUseDisorder
    case .ketamineUseDisorder: .historyKetamineUseDisorder
    case .psychosis: .historyPsychosis
    case .uncontrolledHypertension: .historyUncontrolledHypertension
    case .cardiacDisease: .historyCardiacDisease
    case .raisedIntracranialPressure: .historyRaisedIntracranialPressure
    case .raisedIntraocularPressure: .historyRaisedIntraocularPressure
    case .fallRisk: .historyFallRisk
    }
  }
}
