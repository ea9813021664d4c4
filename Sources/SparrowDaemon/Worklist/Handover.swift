// MARK: - Handover

/// A unit's shift handover: its open items in three buckets, and when the last handover was acknowledged.
public struct Handover: Sendable, Codable, Equatable {
  /// Critical and warning items raised since the last acknowledged handover: to act on this shift.
  public var callToAction: [Worklist.Item]
  /// Information items raised since then, and accepted items whose prescriber response is still pending.
  public var forInformation: [Worklist.Item]
  /// Items already open at the last handover, and follow-ups that have come due.
  public var carriedOver: [Worklist.Item]
  public var unit: String
  public var lastAcknowledgedBy: String?
  public var lastAcknowledgedAt: String?
}
