public import SparrowCore

// MARK: - WorklistFilter

/// Which advisories a worklist shows. Every field is optional: nil shows all.
public struct WorklistFilter: Sendable, Codable, Equatable {
  /// A status; nil for the open queue.
  public var status: AdvisoryStatus?
  public var indicator: Indicator?
  public var ruleID: String?
  public var unit: String?
  public var service: String?
  /// A pharmacist's name, or `WorklistFilter.unassigned` for items nobody holds.
  public var assignee: String?
  public var patientID: String?
  /// Whether items set aside until a later follow-up day are shown too.
  public var includeWaiting = false
  /// Whether only items whose follow-up day has come are shown.
  public var onlyDue = false
  /// Most items returned.
  public var limit = 200

  /// The assignee filter for items nobody holds.
  public static let unassigned = "-"

  /// The whole open queue.
  public init() {}
}
