public import SparrowCore

// MARK: - Worklist

/// A page of the pharmacists' worklist: items in priority order (severity, a follow-up that is due, the patient's
/// side-effect risk score, the decision's MME/day, then the oldest first), counts per bucket over the whole
/// filtered queue, and the values the filters offer.
public struct Worklist: Sendable, Codable, Equatable {
  /// One advisory on the worklist.
  public struct Item: Sendable, Codable, Equatable {
    public var id: Int64
    public var ruleID: String
    public var indicator: Indicator
    public var status: AdvisoryStatus
    public var summary: String
    public var patientID: String
    public var unit: String?
    public var service: String?
    /// ISO 8601 UTC: when its decision was recorded.
    public var createdAt: String
    /// The decision's respiratory-depression score (factors present only); nil where it was not recorded (ranked as
    /// the highest).
    public var riskScore: Int?
    /// How many of the decision's risk facts were unknown (not reported).
    public var riskUnknown: Int?
    public var totalMME: Double
    /// False when some opioid's MME was unknown: `totalMME` is a lower bound.
    public var mmeComplete: Bool
    public var assignee: String?
    public var followUpOn: String?
    /// Whether its follow-up day has come.
    public var followUpDue: Bool
  }

  /// Open items in each bucket, whatever the indicator and limit.
  public struct Counts: Sendable, Codable, Equatable {
    public var critical = 0
    public var warning = 0
    public var info = 0
    public var followUpDue = 0
    public var waiting = 0
    public var unassigned = 0
  }

  public var items: [Item]
  public var counts: Counts
  /// Today, as the daemon reckons follow-up days (local time, YYYY-MM-DD).
  public var today: String
  public var units: [String]
  public var services: [String]
  public var rules: [String]
  public var assignees: [String]
}
