public import Foundation
public import SparrowCore

// MARK: - DecisionInput

/// Everything one decision records: the file, the assessment, the policy that judged it and its advisories.
public struct DecisionInput: Sendable {
  /// The file's name as received.
  public var fileName: String
  /// SHA-256 of the file's bytes (lower-case hex): the key that makes recording idempotent.
  public var sha256: String
  /// The file's size in bytes (its content is kept, deflated).
  public let size: Int
  /// When the file was received.
  public let receivedAt: Date
  /// The assessment.
  public let assessment: Assessment
  /// The policy set's name, version and revision.
  public let policyName: String
  public let policyVersion: String
  public let policyRevision: String
  /// The set's rule texts, which the store keeps once per revision.
  let ruleTexts: [RuleText]
  /// Their stored forms, in the same order.
  let ruleTextJSON: [String]
  /// The advisories the set raised (possibly none).
  public let advisories: [Advisory]
  /// Read again from `processing/` (after a crash or a failed commit or move) rather than newly received.
  public var isRetry = false
  /// Which arrival of the file this is (`DropDirectory.FileStamp.claim`): content already decided under the same
  /// claim is the same receipt read again, not a second one. Without a claim (a row written before claims were
  /// kept), a retry under the same name is taken as the same receipt.
  public var claim: String?
  /// When the file was last written to, if that was its last change (`DropDirectory.FileStamp.lastWrite`): a
  /// retry written to after an earlier arrival of the same file was decided changed after it was read.
  public var lastWrite: String?
  /// The text the store writes, rendered when the input is made: on the intake's worker pool rather than inside
  /// the single write transaction. (What it is rendered from cannot change afterwards.)
  let rows: StoredRows

  /// A decision from its parts.
  public init(
    fileName: String, sha256: String, content: [UInt8], receivedAt: Date, assessment: Assessment, policy: PolicySet,
    advisories: [Advisory]
  ) {
    self.fileName = fileName
    self.sha256 = sha256
    self.size = content.count
    self.receivedAt = receivedAt
    self.assessment = assessment
    self.policyName = policy.name
    self.policyVersion = policy.version
    self.policyRevision = policy.revision
    self.ruleTexts = policy.ruleTexts
    self.ruleTextJSON = policy.ruleTextJSON
    self.advisories = advisories
    self.rows = StoredRows(assessment: assessment, advisories: advisories, receivedAt: receivedAt, content: content)
  }
}

// MARK: - RecordedDecision

/// What recording a decision did.
public struct RecordedDecision: Sendable, Equatable {
  /// The decision's id (the first one, for a duplicate).
  public var decisionID: Int64
  /// Whether the same content had already been recorded: nothing new was written.
  public var isDuplicate: Bool
  /// Ids of the advisories written (empty for a duplicate).
  public var advisoryIDs: [Int64]
  /// Ids of advisories recorded but linked to an open one (alert fatigue), a subset of `advisoryIDs`.
  public var linkedAdvisoryIDs: [Int64]
  /// A retry whose file was decided (`decisionID`) on other content, read before a crash: the file changed after
  /// it was read. Nothing was written; the file is to be quarantined, saying so.
  public var changedSinceDecided = false

  /// A result from its parts.
  public init(decisionID: Int64, isDuplicate: Bool, advisoryIDs: [Int64], linkedAdvisoryIDs: [Int64]) {
    self.decisionID = decisionID
    self.isDuplicate = isDuplicate
    self.advisoryIDs = advisoryIDs
    self.linkedAdvisoryIDs = linkedAdvisoryIDs
  }
}
