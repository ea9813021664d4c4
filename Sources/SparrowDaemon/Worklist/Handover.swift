// MARK: - Handover

/// A unit's shift handover: its open items in three buckets, and when the last handover was acknowledged.
public struct Handover: Sendable, Codable, Equatable {
  /// Critical and warning items raised since the last acknowledged handover: to act on this shift.
  public var callToAction: [Worklist.Item]
  /// Information items raised since then.
  public var forInformation: [Worklist.Item]
  /// Items already open at the last handover, follow-ups that have come due, and accepted items with nothing
  /// recorded with the prescriber yet or whose response is pending.
  public var carriedOver: [Worklist.Item]
  public var unit: String
  public var lastAcknowledgedBy: String?
  public var lastAcknowledgedAt: String?
}
