import Logging

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

  /// Sends every logger of the process here (once, at start): native journal entries, or one line per entry on
  /// standard error from level info up.
  public func bootstrap() {
    let toJournal = usesJournal
    LoggingSystem.bootstrap { label in
      if toJournal { return JournalLogHandler(label: label) }
      var handler = StreamLogHandler.standardError(label: label)
      handler.logLevel = .info
      return handler
    }
  }
}
