// MARK: - ClinicalHistory

/// History flags a pipeline can send directly, beside coded conditions.
///
/// A flag that is absent is unknown, not false: facts derived from it say so.
public struct ClinicalHistory: Sendable, Equatable {
  /// Yes/no flags that were sent.
  public var flags: [HistoryFlag: Bool]
  /// Hepatic impairment severity, when sent.
  public var hepaticImpairment: Severity?

  /// A history from its parts.
  public init(flags: [HistoryFlag: Bool] = [:], hepaticImpairment: Severity? = nil) {
    self.flags = flags
    self.hepaticImpairment = hepaticImpairment
  }
}

// MARK: - HistoryFlag

/// The yes/no history flags of the v1 format (their JSON names are the raw values).
public enum HistoryFlag: String, Sendable, CaseIterable {
  case sleepApnea
  case copd
  case overdose
  case substanceUseDisorder
  case opioidUseDisorder
  case ketamineUseDisorder
  case psychosis
  case uncontrolledHypertension
  case cardiacDisease
  case raisedIntracranialPressure
  case raisedIntraocularPressure
  case fallRisk
}

// MARK: - Severity

/// A graded severity.
public enum Severity: String, Sendable, CaseIterable, Comparable {
  case none, mild, moderate, severe

  private var rank: Int {
    switch self {
    case .none: 0
    case .mild: 1
    case .moderate: 2
    case .severe: 3
    }
  }

  public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

// MARK: - OpioidHistory

/// Earlier opioid exposure, when the pipeline knows it.
public struct OpioidHistory: Sendable, Equatable {
  /// The first day of continuous opioid therapy, when known.
  public var continuousSince: CalendarDate?
  /// Earlier total MME/day figures, oldest first, for escalation.
  public var dailyMME: [DatedMME]

  /// A history from its parts.
  public init(continuousSince: CalendarDate? = nil, dailyMME: [DatedMME] = []) {
    self.continuousSince = continuousSince
    self.dailyMME = dailyMME
  }
}

// MARK: - DatedMME

/// A total MME/day on a given day.
public struct DatedMME: Sendable, Equatable {
  /// The day.
  public var date: CalendarDate
  /// Total MME/day on that day.
  public var mme: Double

  /// A figure from its parts.
  public init(date: CalendarDate, mme: Double) {
    self.date = date
    self.mme = mme
  }
}
