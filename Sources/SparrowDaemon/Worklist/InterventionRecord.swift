// MARK: - InterventionKind

/// The pharmacist's intervention at prescriber level, in PCNE V9.1's terms (domain I1).
public enum InterventionKind: String, Sendable, Codable, CaseIterable {
  /// I1.1: prescriber informed only.
  case informed
  /// I1.3: intervention proposed to the prescriber (a recommendation made).
  case proposed
  /// I1.4: intervention discussed with the prescriber.
  case discussed

  /// The words a pharmacist reads.
  public var label: String {
    switch self {
    case .informed: "Prescriber informed only (PCNE I1.1)"
    case .proposed: "Intervention proposed to the prescriber (PCNE I1.3)"
    case .discussed: "Intervention discussed with the prescriber (PCNE I1.4)"
    }
  }
}

// MARK: - PrescriberResponse

/// What the prescriber did with the intervention, in PCNE V9.1's acceptance terms (domain A).
public enum PrescriberResponse: String, Sendable, Codable, CaseIterable {
  /// A1.1: accepted and fully implemented.
  case accepted
  /// A1.2: accepted, partially implemented (a modified recommendation is recorded here).
  case modified
  /// A2: not accepted.
  case declined
  /// A3.1: proposed, acceptance not yet known.
  case pending
  /// A3.2: not proposed (the prescriber was informed only).
  case notProposed = "not-proposed"

  /// The words a pharmacist reads.
  public var label: String {
    switch self {
    case .accepted: "Accepted, fully implemented (PCNE A1.1)"
    case .modified: "Accepted, partially implemented or modified (PCNE A1.2)"
    case .declined: "Not accepted (PCNE A2)"
    case .pending: "Proposed, acceptance not yet known (PCNE A3.1)"
    case .notProposed: "Not proposed: prescriber informed only (PCNE A3.2)"
    }
  }
}

// MARK: - InterventionRecord

/// One recorded intervention and the prescriber's response: kept apart from the triage, append-only (a later
/// record, such as the response to a pending one, is a new row).
public struct InterventionRecord: Sendable, Codable, Equatable {
  public var id: Int64
  public var advisoryID: Int64
  public var kind: InterventionKind
  public var response: PrescriberResponse
  /// Minutes the pharmacist spent, when given.
  public var minutes: Int?
  public var note: String?
  public var recordedBy: String
  public var channel: ReviewChannel
  /// ISO 8601 UTC.
  public var recordedAt: String
}
