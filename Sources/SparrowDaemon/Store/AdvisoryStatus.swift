// MARK: - AdvisoryStatus

/// Where an advisory stands: open in the queue, linked to an open repeat, or its latest review's outcome. The
/// database's `advisory.status` CHECK constraint holds the same five values.
public enum AdvisoryStatus: String, Sendable, CaseIterable, Codable {
  case open, linked, accepted, overridden, dismissed
}
