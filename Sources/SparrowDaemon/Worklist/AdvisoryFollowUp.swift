// MARK: - AdvisoryFollowUp

/// What was recorded about an advisory beside its triage: interventions and responses, assignments, openings.
public struct AdvisoryFollowUp: Sendable, Codable, Equatable {
  public var interventions: [InterventionRecord]
  public var assignments: [AssignmentRecord]
  public var openings: [AdvisoryOpening]
}
