// MARK: - RiskLevel

/// A banded risk score. The bands are Sparrow's own, documented in docs/mme-and-risk.md; they are not a validated
/// instrument (RIOSORD's point weights were not available, and Sparrow does not invent them).
public enum RiskLevel: String, Sendable {
  case low, moderate, high

  /// 0 → low, 1–2 → moderate, 3 or more → high.
  public init(score: Int) {
    switch score {
    case ..<1: self = .low
    case 1...2: self = .moderate
    default: self = .high
    }
  }
}
