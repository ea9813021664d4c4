public import SparrowCore

// MARK: - StoredAdvisory

/// An advisory as the store holds it, with its current status: decoded in one place (`AdvisoryStore`), from its
/// rule's text for the revision, its own fill and its decision's record. A row that does not decode throws.
public struct StoredAdvisory: Sendable, Equatable {
  /// The row id (what `show` and `review` take).
  public var id: Int64
  /// A version 7 UUID, lower-case text (CDS Hooks card and FHIR resource id).
  public var uuid: String
  /// The decision that raised it.
  public var decisionID: Int64
  /// The patient's pseudonymous id.
  public var patientID: String
  /// ISO 8601 UTC: when its decision was recorded.
  public var createdAt: String
  /// The open advisory this one repeats (alert fatigue), if any.
  public var linkedTo: Int64?
  /// Open, linked, or its latest review's outcome.
  public var status: AdvisoryStatus
  /// The advisory as evaluation raised it: texts, source, override reasons, policy, table, facts and inputs.
  public var advisory: Advisory

  /// The rule that fired.
  public var ruleID: String { advisory.ruleID }
  /// Severity.
  public var indicator: Indicator { advisory.indicator }
  /// The one-sentence summary.
  public var summary: String { advisory.summary }
  /// The detail (Markdown).
  public var detail: String { advisory.detail }
  /// The rule's clinical source.
  public var source: PolicySource { advisory.source }
  /// The policy set's name.
  public var policyName: String { advisory.policyName }
  /// The policy set's version.
  public var policyVersion: String { advisory.policyVersion }
  /// The policy revision (SHA-256 of the set's canonical form).
  public var policyRevision: String { advisory.policyRevision }
  /// The MME factor table of its decision.
  public var mmeTable: String { advisory.mmeTable }

  /// The codes a reviewer may give.
  public var reasonCodes: [String] { advisory.overrideReasons.map(\.code) }
}

// MARK: - StoredReview

/// One review, as recorded (never changed afterwards).
public struct StoredReview: Sendable, Equatable {
  public var id: Int64
  public var advisoryID: Int64
  /// The operating-system user who reviewed.
  public var reviewer: String
  public var reviewerUID: Int
  /// `accept`, `override` or `dismiss`.
  public var action: String
  public var reasonCode: String?
  public var note: String?
  /// ISO 8601 UTC.
  public var reviewedAt: String
  /// How the review arrived.
  public var channel: ReviewChannel = .cli
  /// The peer that asserted the reviewer (the console's user), for console reviews.
  public var assertedBy: String?
}

// MARK: - AdvisoryDetail

/// Everything about one advisory: the card, the decision's assessment and file, and the review history.
public struct AdvisoryDetail: Sendable, Equatable {
  public var advisory: StoredAdvisory
  /// The decision's full assessment (orders with MME, facts).
  public var assessment: JSONValue
  public var fileName: String
  public var fileSHA256: String
  public var reviews: [StoredReview]
}

// MARK: - AdvisoryFilter

/// Which advisories to list.
public struct AdvisoryFilter: Sendable, Equatable {
  /// A status, or nil for every status.
  public var status: AdvisoryStatus? = .open
  public var indicator: Indicator?
  public var ruleID: String?
  public var patientID: String?
  /// ISO 8601 bounds on `createdAt` (inclusive since, exclusive until).
  public var since: String?
  public var until: String?
  /// Most rows returned.
  public var limit: Int = 500

  /// The open queue.
  public init() {}
}

// MARK: - ReviewAction

/// What a pharmacist does with an advisory.
public enum ReviewAction: String, Sendable, CaseIterable {
  case accept, override, dismiss
}

// MARK: - ReviewRequest

/// A review to append.
public struct ReviewRequest: Sendable, Equatable {
  public var advisoryID: Int64
  public var reviewer: String
  public var reviewerUID: Int
  public var action: ReviewAction
  public var reasonCode: String?
  public var note: String?
  /// How the review arrives.
  public var channel: ReviewChannel = .cli
  /// The peer that asserted `reviewer` (the console's user), for console reviews.
  public var assertedBy: String?

  /// A request from its parts.
  public init(
    advisoryID: Int64, reviewer: String, reviewerUID: Int, action: ReviewAction, reasonCode: String?, note: String?
  ) {
    self.advisoryID = advisoryID
    self.reviewer = reviewer
    self.reviewerUID = reviewerUID
    self.action = action
    self.reasonCode = reasonCode
    self.note = note
  }
}
