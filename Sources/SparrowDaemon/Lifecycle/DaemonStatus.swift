import Foundation
public import SparrowCore

// MARK: - DaemonStatus

/// What `sparrow status` shows: running, the active revision, counts, backlog, last errors. No patient data.
/// One typed report, rendered as text for people and JSON for programs.
public struct DaemonStatus: Sendable, Equatable {
  /// The daemon's process id.
  public var pid: Int32
  /// When it started, ISO 8601 UTC.
  public var startedAt: String
  /// The active policy set.
  public var policy: PolicyIdentity
  /// Files, decisions and open advisories in the store.
  public var counts: StoreCounts
  /// Files waiting in `incoming/` and `processing/`.
  public var incoming: Int
  public var processing: Int
  /// The last intake error, if any since it last cleared.
  public var lastError: String?
  /// Why the last reload was rejected, or nil when it was taken.
  public var lastReloadError: String?

  /// The daemon's status now.
  init(state: DaemonState, store: AdvisoryStore, spool: DropDirectory) {
    self.init(
      pid: ProcessInfo.processInfo.processIdentifier, startedAt: StoreTime.text(state.startedAt),
      policy: state.policy.identity, counts: (try? store.counts()) ?? .zero, incoming: spool.incomingNames().count,
      processing: spool.processingNames().count, lastError: state.lastError, lastReloadError: state.lastReloadError)
  }

  /// A report from its parts.
  public init(
    pid: Int32, startedAt: String, policy: PolicyIdentity, counts: StoreCounts, incoming: Int, processing: Int,
    lastError: String?, lastReloadError: String?
  ) {
    self.pid = pid
    self.startedAt = startedAt
    self.policy = policy
    self.counts = counts
    self.incoming = incoming
    self.processing = processing
    self.lastError = lastError
    self.lastReloadError = lastReloadError
  }

  /// `{running, pid, startedAt, policy, counts, backlog, lastError, lastReloadError}`.
  public var json: JSONValue {
    .object(
      JSONObject([
        ("running", .bool(true)),
        ("pid", .number(Double(pid))),
        ("startedAt", .string(startedAt)),
        ("policy", policy.json),
        (
          "counts",
          .object(
            JSONObject([
              ("received", .number(Double(counts.received))), ("decided", .number(Double(counts.decided))),
              ("quarantined", .number(Double(counts.quarantined))),
              ("advisoriesOpen", .number(Double(counts.openAdvisories))),
            ]))
        ),
        (
          "backlog",
          .object(
            JSONObject([("incoming", .number(Double(incoming))), ("processing", .number(Double(processing)))]))
        ),
        ("lastError", lastError.map(JSONValue.string) ?? .null),
        ("lastReloadError", lastReloadError.map(JSONValue.string) ?? .null),
      ]))
  }

  /// The lines `sparrow status` prints.
  public var text: String {
    """
    sparrow is running (pid \(pid), since \(startedAt))
    policy      \(policy.name) \(policy.version), revision \(policy.revision)
    files       received \(counts.received), decided \(counts.decided), quarantined \(counts.quarantined)
    advisories  open \(counts.openAdvisories)
    backlog     incoming \(incoming), processing \(processing)
    last error  \(lastError ?? "none")
    last reload \(lastReloadError.map { "rejected: " + $0 } ?? "ok")

    """
  }
}
