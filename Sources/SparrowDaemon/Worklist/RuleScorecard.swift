// MARK: - RuleScorecard

/// How one rule performed under one policy revision: what policy admins tune rules with.
public struct RuleScorecard: Sendable, Codable, Equatable {
  public var ruleID: String
  public var policyRevision: String
  public var policyVersion: String
  /// Decisions recorded under the revision (the denominator of the firing rate).
  public var decisions: Int
  /// Advisories that joined the queue.
  public var firings: Int
  /// Repeats linked to an open advisory instead of queued again.
  public var suppressedRepeats: Int
  public var open: Int
  public var accepted: Int
  public var overridden: Int
  public var dismissed: Int
  /// Latest reviews' reason codes, with how often each was given.
  public var reasons: [String: Int]
  /// Median minutes from firing to first review; nil before any review.
  public var medianMinutesToFirstReview: Double?
  /// Accepted ÷ reviewed (a proxy for positive predictive value); nil before any review.
  public var acceptedShare: Double?
  /// Distinct reviewers, and the share of reviews by the busiest one.
  public var reviewers: Int
  public var topReviewerShare: Double?
  /// Firings per decision under this revision.
  public var firingRate: Double
  /// This revision's firing rate ÷ the previous revision's for the same rule; nil for the first revision seen.
  public var firingRateChange: Double?
  /// Whether the change is large enough to look at: at least 2× either way (a rule that stops firing is 0×), with
  /// 20 or more decisions under each revision and 5 or more firings under one of them.
  public var firingRateAnomaly: Bool
}
