// MARK: - AssignmentRecord

/// Who is to work an advisory, and the day it comes back to the worklist. Append-only: the latest row holds.
public struct AssignmentRecord: Sendable, Codable, Equatable {
  public var advisoryID: Int64
  /// The pharmacist to work it; nil for nobody (unassigned).
  public var assignee: String?
  /// A local calendar day, YYYY-MM-DD: the item is set aside until then, and resurfaces as due on that day.
  public var followUpOn: String?
  public var assignedBy: String
  public var channel: ReviewChannel
  /// ISO 8601 UTC.
  public var assignedAt: String
}
