// MARK: - FactCatalog

/// The facts a policy may name, with their types: the vocabulary of the condition language and templates.
///
/// Kept in step with `Assessment.facts` and `recordFacts` (names, order and types) by a test that compares them.
public enum FactCatalog {
  /// A fact's type.
  public enum FactType: String, Sendable {
    case bool = "true/false"
    case number
    case text
  }

  /// Every fact name and its type, in the order an assessment lists them (`facts`, then `recordFacts`).
  public static let ordered: [(name: String, type: FactType)] =
    [
      ("load.opioidActive", .bool), ("load.totalMME", .number), ("load.scheduledMME", .number),
      ("load.asNeededMaximumMME", .number), ("load.drivenBy", .text), ("load.band", .text), ("load.complete", .bool),
      ("load.unknownCount", .number), ("load.excludedCount", .number),
      ("sideEffect.benzodiazepine", .bool), ("sideEffect.gabapentinoid", .bool),
      ("sideEffect.otherCNSDepressant", .bool), ("sideEffect.sleepApnea", .bool), ("sideEffect.copd", .bool),
      ("sideEffect.egfr", .number), ("sideEffect.renalStage", .text), ("sideEffect.renalImpairment", .bool),
      ("sideEffect.hepaticImpairment", .bool), ("sideEffect.hepaticSeverity", .text), ("sideEffect.age", .number),
      ("sideEffect.olderAdult", .bool), ("sideEffect.overdoseHistory", .bool),
      ("sideEffect.substanceUseDisorder", .bool), ("sideEffect.score", .number), ("sideEffect.level", .text),
      ("tolerance.daysOnOpioids", .number), ("tolerance.longTerm", .bool), ("tolerance.previousMME", .number),
      ("tolerance.escalationPercent", .number), ("tolerance.escalating", .bool), ("tolerance.opioidTolerant", .bool),
      ("tolerance.opioidCount", .number), ("tolerance.multipleOpioids", .bool),
      ("tolerance.longAndShortActing", .bool), ("tolerance.score", .number), ("tolerance.level", .text),
      ("patient.pregnant", .bool),
    ] + HistoryFlag.allCases.map { ("history.\($0.rawValue)", FactType.bool) } + [
      ("vitals.systolicBP", .number), ("vitals.diastolicBP", .number),
      ("drugScreen.daysSinceLast", .number), ("drugScreen.cocainePositive", .bool),
      ("drugScreen.phencyclidinePositive", .bool),
    ]

  /// Every fact name and its type.
  public static let types: [String: FactType] = Dictionary(
    uniqueKeysWithValues: ordered.map { ($0.name, $0.type) })

  /// Each fact's position in `ordered`: where `Assessment.fact(_:)` looks first.
  static let slots: [String: Int] = Dictionary(
    uniqueKeysWithValues: ordered.enumerated().map { ($0.element.name, $0.offset) })

  /// The type a value literal must have to compare with `fact`.
  static func matches(_ value: FactValue, _ type: FactType) -> Bool {
    switch (value, type) {
    case (.bool, .bool), (.number, .number), (.text, .text): true
    default: false
    }
  }
}
