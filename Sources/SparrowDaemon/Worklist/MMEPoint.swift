// MARK: - MMEPoint

/// One of a patient's decisions on the MME/day plot.
public struct MMEPoint: Sendable, Codable, Equatable {
  public var decisionID: Int64
  /// ISO 8601 UTC.
  public var decidedAt: String
  public var totalMME: Double
  /// False when some opioid's MME was unknown: the total is a lower bound.
  public var complete: Bool
}
