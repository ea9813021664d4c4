// MARK: - Condition

/// A coded diagnosis or problem.
public struct Condition: Sendable, Equatable {
  /// The code system.
  public var system: CodeSystem
  /// The code as sent (`M79.7`, `G47.33`); ICD-10-CM codes are compared without the dot, case-insensitively.
  public var code: String
  /// Display text (never logged).
  public var text: String?
  /// Clinical status; only active conditions count.
  public var status: ConditionStatus

  /// A condition from its parts.
  public init(system: CodeSystem, code: String, text: String? = nil, status: ConditionStatus = .active) {
    self.system = system
    self.code = code
    self.text = text
    self.status = status
  }

  /// The code normalised for matching: upper case, no dots, no spaces.
  public var normalizedCode: String {
    String(code.uppercased().filter { $0 != "." && $0 != " " })
  }
}

// MARK: - CodeSystem

/// Code systems a condition may use.
public enum CodeSystem: String, Sendable, CaseIterable {
  case icd10cm = "icd-10-cm"
  case snomed = "snomed-ct"
}

// MARK: - ConditionStatus

/// Clinical status of a condition, after FHIR R4 Condition.clinicalStatus.
public enum ConditionStatus: String, Sendable, CaseIterable {
  case active, recurrence, relapse, inactive, remission, resolved

  /// Whether the condition counts as present.
  public var isCurrent: Bool { self == .active || self == .recurrence || self == .relapse }
}
