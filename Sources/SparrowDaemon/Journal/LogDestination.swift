// MARK: - LogDestination

/// Where `sparrow run` logs.
public enum LogDestination: String, Sendable, CaseIterable {
  /// The journal under systemd, else standard error.
  case auto
  /// The journal, with native structured fields.
  case journal
  /// Standard error, one line per entry.
  case stderr

  /// Whether entries go to the journal.
  public var usesJournal: Bool {
    switch self {
    case .journal: true
    case .auto: JournalLogHandler.isUnderJournald
    case .stderr: false
    }
  }
}
