// MARK: - JournalEvent

/// The event kinds Sparrow logs, each with its journal MESSAGE_ID (explained in `Deploy/sparrow.catalog` for
/// `journalctl -x`). Log messages are these constant texts; the data goes in metadata.
public enum JournalEvent: String, CaseIterable, Sendable {
  case started = "sparrow starting"
  case stopped = "sparrow stopped"
  case fileDecided = "file decided"
  case decisionsSummary = "files decided"
  case duplicateNoted = "same content already decided; noted"
  case advisoryRaised = "advisory raised"
  case fileQuarantined = "file quarantined"
  case policyReloaded = "policy reloaded"
  case policyRejected = "policy rejected"
  case policyReloadRejected = "policy reload rejected; the previous revision keeps serving"
  case configurationReloaded = "configuration reloaded"
  case configurationRejected = "configuration rejected"
  case inotifyOverflow = "inotify queue overflowed; rescanning incoming"
  case commitFailed = "cannot commit decisions; files stay in processing"
  case spoolError = "spool operation failed"

  /// The 128-bit MESSAGE_ID, as 32 lower-case hex digits.
  public var messageID: String {
    switch self {
    case .started: "5a2b9c1d3e4f40718293a4b5c6d7e801"
    case .stopped: "5a2b9c1d3e4f40718293a4b5c6d7e802"
    case .fileDecided: "5a2b9c1d3e4f40718293a4b5c6d7e803"
    case .decisionsSummary: "5a2b9c1d3e4f40718293a4b5c6d7e804"
    case .duplicateNoted: "5a2b9c1d3e4f40718293a4b5c6d7e805"
    case .advisoryRaised: "5a2b9c1d3e4f40718293a4b5c6d7e806"
    case .fileQuarantined: "5a2b9c1d3e4f40718293a4b5c6d7e807"
    case .policyReloaded: "5a2b9c1d3e4f40718293a4b5c6d7e808"
    case .policyRejected: "5a2b9c1d3e4f40718293a4b5c6d7e809"
    case .policyReloadRejected: "5a2b9c1d3e4f40718293a4b5c6d7e80a"
    case .configurationReloaded: "5a2b9c1d3e4f40718293a4b5c6d7e80b"
    case .configurationRejected: "5a2b9c1d3e4f40718293a4b5c6d7e80c"
    case .inotifyOverflow: "5a2b9c1d3e4f40718293a4b5c6d7e80d"
    case .commitFailed: "5a2b9c1d3e4f40718293a4b5c6d7e80e"
    case .spoolError: "5a2b9c1d3e4f40718293a4b5c6d7e80f"
    }
  }
}
