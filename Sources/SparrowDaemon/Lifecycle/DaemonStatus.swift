import Foundation
import SparrowCore

// MARK: - DaemonStatus

/// What `sparrow status` shows: running, the active revision, counts, backlog, last errors. No patient data.
enum DaemonStatus {
  static func json(state: DaemonState, store: AdvisoryStore, spool: DropDirectory) -> JSONValue {
    let policy = state.policy
    let counts = (try? store.counts()) ?? .zero
    return .object(
      JSONObject([
        ("running", .bool(true)),
        ("pid", .number(Double(ProcessInfo.processInfo.processIdentifier))),
        ("startedAt", .string(StoreTime.text(state.startedAt))),
        ("policy", policy.identity.json),
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
            JSONObject([
              ("incoming", .number(Double(spool.incomingNames().count))),
              ("processing", .number(Double(spool.processingNames().count))),
            ]))
        ),
        ("lastError", state.lastError.map(JSONValue.string) ?? .null),
        ("lastReloadError", state.lastReloadError.map(JSONValue.string) ?? .null),
      ]))
  }

  static func text(_ status: JSONValue) -> String {
    guard case .object(let object) = status else { return "" }
    func value(_ path: String...) -> String {
      var current: JSONValue? = status
      for key in path {
        guard case .object(let fields) = current else { return "-" }
        current = fields[key]
      }
      switch current {
      case .string(let text): return text
      case .number(let number): return JSONWriter.numberText(number)
      case .bool(let flag): return flag ? "yes" : "no"
      default: return "none"
      }
    }
    _ = object
    return """
      sparrow is running (pid \(value("pid")), since \(value("startedAt")))
      policy      \(value("policy", "name")) \(value("policy", "version")), revision \(value("policy", "revision"))
      files       received \(value("counts", "received")), decided \(value("counts", "decided")), quarantined \(value("counts", "quarantined"))
      advisories  open \(value("counts", "advisoriesOpen"))
      backlog     incoming \(value("backlog", "incoming")), processing \(value("backlog", "processing"))
      last error  \(value("lastError"))
      last reload \(value("lastReloadError") == "none" ? "ok" : "rejected: " + value("lastReloadError"))

      """
  }
}
