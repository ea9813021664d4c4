// MARK: - SparrowConfiguration

/// The daemon's configuration (`/etc/sparrow/sparrow.yaml`). Every key is optional; unknown keys are errors.
/// Relative paths are taken from the directory the daemon starts in.
public struct SparrowConfiguration: Sendable, Equatable {
  /// Spool root: `incoming/`, `processing/`, `processed/DATE/`, `quarantine/` live under it.
  public var spool = "/var/spool/sparrow"
  /// The SQLite database.
  public var database = "/var/lib/sparrow/sparrow.sqlite"
  /// The policy directory.
  public var policies = "/etc/sparrow/policies"
  /// The control socket pharmacists' commands use.
  public var socket = defaultSocket
  /// Where the daemon's control socket is unless the configuration says otherwise.
  public static let defaultSocket = "/run/sparrow/control.sock"
  /// The group whose members may use the control socket.
  public var reviewGroup = "sparrow-review"
  /// The user the review console runs as: the only peer that may name another user as the reviewer.
  public var consoleUser = "sparrow-console"
  /// Largest accepted file, in bytes (at most 16 MiB).
  public var maxFileBytes = 1_048_576
  /// Most files committed in one transaction.
  public var batchSize = 64
  /// Threads that parse and evaluate (0: one per core).
  public var workers = 0
  /// Seconds between full rescans of `incoming/` (a missed event only delays a file by this much).
  public var rescanSeconds = 30
  /// Seconds a producer's temporary in `incoming/` (a name starting with `.` or ending in `.tmp` or `.part`) may lie
  /// untouched before it is quarantined as abandoned (0: never). A producer that crashed mid-write leaves one.
  public var abandonedTemporarySeconds = 3_600
  /// Hours within which a repeated advisory is linked rather than queued again.
  public var fatigueWindowHours = 168
  /// Days processed files are kept in `processed/DATE/` (0: forever). Decisions are always kept.
  public var retentionDays = 30
  /// One journal entry per decided file (true), or a summary of clean decisions every minute (false). Every
  /// advisory, quarantine, reload and error has its own entry either way.
  public var journalDecisions = false

  /// The defaults.
  public init() {}

  static let keys = [
    "spool", "database", "policies", "socket", "reviewGroup", "consoleUser", "maxFileBytes", "batchSize", "workers",
    "rescanSeconds", "abandonedTemporarySeconds",
    "fatigueWindowHours", "retentionDays", "journalDecisions",
  ]

  /// Parses a configuration file's text; `path` names it in errors.
  public static func parse(_ text: String, path: String) -> Result<SparrowConfiguration, PolicyLoadFailure> {
    ConfigurationParser.parse(text, path: path, what: "configuration", keys: keys, defaults: SparrowConfiguration()) {
      file, configuration in
      file.text("spool", &configuration.spool)
      file.text("database", &configuration.database)
      file.text("policies", &configuration.policies)
      file.text("socket", &configuration.socket)
      file.text("reviewGroup", &configuration.reviewGroup)
      file.text("consoleUser", &configuration.consoleUser)
      file.integer("maxFileBytes", 1_024...16_777_216, &configuration.maxFileBytes)
      file.integer("batchSize", 1...10_000, &configuration.batchSize)
      file.integer("workers", 0...256, &configuration.workers)
      file.integer("rescanSeconds", 1...86_400, &configuration.rescanSeconds)
      file.integer("abandonedTemporarySeconds", 0...31_536_000, &configuration.abandonedTemporarySeconds)
      file.integer("fatigueWindowHours", 0...87_600, &configuration.fatigueWindowHours)
      file.integer("retentionDays", 0...36_500, &configuration.retentionDays)
      file.flag("journalDecisions", &configuration.journalDecisions)
    }
  }
}
