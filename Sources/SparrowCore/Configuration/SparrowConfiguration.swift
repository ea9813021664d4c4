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
    "rescanSeconds",
    "fatigueWindowHours", "retentionDays", "journalDecisions",
  ]

  /// Parses a configuration file's text; `path` names it in errors.
  public static func parse(_ text: String, path: String) -> Result<SparrowConfiguration, PolicyLoadFailure> {
    var reader = PolicyReader()
    var configuration = SparrowConfiguration()
    switch PolicyNode.parse(text, file: path) {
    case .failure(let error): return .failure(PolicyLoadFailure(errors: [error]))
    case .success(nil): return .success(configuration)
    case .success(let root?):
      guard let fields = reader.fields(root, what: "configuration", allowed: keys) else { break }
      func text(_ key: String, _ target: inout String) {
        if let node = fields[key], let value = reader.string(node, what: key) { target = value }
      }
      func integer(_ key: String, _ range: ClosedRange<Int>, _ target: inout Int) {
        guard let node = fields[key], let value = reader.number(node, what: key) else { return }
        guard value.rounded() == value, value >= Double(range.lowerBound), value <= Double(range.upperBound) else {
          reader.error(node.location, "\(key): expected a whole number from \(range.lowerBound) to \(range.upperBound)")
          return
        }
        target = Int(value)
      }
      text("spool", &configuration.spool)
      text("database", &configuration.database)
      text("policies", &configuration.policies)
      text("socket", &configuration.socket)
      text("reviewGroup", &configuration.reviewGroup)
      text("consoleUser", &configuration.consoleUser)
      integer("maxFileBytes", 1_024...16_777_216, &configuration.maxFileBytes)
      integer("batchSize", 1...10_000, &configuration.batchSize)
      integer("workers", 0...256, &configuration.workers)
      integer("rescanSeconds", 1...86_400, &configuration.rescanSeconds)
      integer("fatigueWindowHours", 0...87_600, &configuration.fatigueWindowHours)
      integer("retentionDays", 0...36_500, &configuration.retentionDays)
      if let node = fields["journalDecisions"], let flag = reader.bool(node, what: "journalDecisions") {
        configuration.journalDecisions = flag
      }
    }
    return reader.errors.isEmpty ? .success(configuration) : .failure(PolicyLoadFailure(errors: reader.errors.sorted()))
  }
}
