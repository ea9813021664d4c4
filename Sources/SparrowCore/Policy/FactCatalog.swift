// MARK: - FactCatalog

/// The facts a policy may name, with their types: the vocabulary of the condition language and templates.
///
/// Kept in step with `Assessment.policyFacts` by a test that compares the two.
public enum FactCatalog {
  /// A fact's type.
  public enum FactType: String, Sendable {
    case bool = "true/false"
    case number
    case text
  }

  /// Every fact name and its type.
  public static let types: [String: FactType] = {
    var types: [String: FactType] = [
      "load.opioidActive": .bool, "load.totalMME": .number, "load.scheduledMME": .number,
      "load.asNeededMaximumMME": .number, "load.drivenBy": .text, "load.band": .text, "load.complete": .bool,
      "load.unknownCount": .number, "load.excludedCount": .number,
      "sideEffect.benzodiazepine": .bool, "sideEffect.gabapentinoid": .bool, "sideEffect.otherCNSDepressant": .bool,
      "sideEffect.sleepApnea": .bool, "sideEffect.copd": .bool, "sideEffect.egfr": .number,
      "sideEffect.renalStage": .text, "sideEffect.renalImpairment": .bool, "sideEffect.hepaticImpairment": .bool,
      "sideEffect.hepaticSeverity": .text, "sideEffect.age": .number, "sideEffect.olderAdult": .bool,
      "sideEffect.overdoseHistory": .bool, "sideEffect.substanceUseDisorder": .bool, "sideEffect.score": .number,
      "sideEffect.level": .text,
      "tolerance.daysOnOpioids": .number, "tolerance.longTerm": .bool, "tolerance.previousMME": .number,
      "tolerance.escalationPercent": .number, "tolerance.escalating": .bool, "tolerance.opioidTolerant": .bool,
      "tolerance.opioidCount": .number, "tolerance.multipleOpioids": .bool, "tolerance.longAndShortActing": .bool,
      "tolerance.score": .number, "tolerance.level": .text,
      "patient.pregnant": .bool, "vitals.systolicBP": .number, "vitals.diastolicBP": .number,
    ]
    for flag in HistoryFlag.allCases { types["history.\(flag.rawValue)"] = .bool }
    return types
  }()

  /// The type a value literal must have to compare with `fact`.
  static func matches(_ value: FactValue, _ type: FactType) -> Bool {
    switch (value, type) {
    case (.bool, .bool), (.number, .number), (.text, .text): true
    default: false
    }
  }
}
