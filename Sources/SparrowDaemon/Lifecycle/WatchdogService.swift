import Foundation
import ServiceLifecycle
import SparrowCore

// MARK: - WatchdogService

/// Keeps systemd informed: `STATUS=` with the active revision and counts every few seconds, and `WATCHDOG=1` only
/// while the intake loop keeps going round — a stuck pipeline is restarted, not just a dead process.
/// `STOPPING=1` when shutdown begins.
struct WatchdogService: Service {
  let state: DaemonState
  let store: AdvisoryStore

  func run() async throws {
    let interval = SystemdNotifier.watchdogInterval
    let tick: Duration = interval.map { $0 / 4 } ?? .seconds(5)
    let stale = interval.map { Double($0.components.seconds) / 2 } ?? .infinity
    await withGracefulShutdownHandler {
      while !Task.isCancelled {
        var message = "STATUS=\(Self.statusLine(state, store: store))"
        if interval != nil && Date().timeIntervalSince(state.lastProgress) < stale {
          message += "\nWATCHDOG=1"
        }
        SystemdNotifier.notify(message)
        do {
          try await cancelWhenGracefulShutdown { try await Task.sleep(for: tick) }
        } catch {
          return
        }
      }
    } onGracefulShutdown: {
      SystemdNotifier.notify("STOPPING=1\nSTATUS=stopping")
    }
  }

  /// One line for `systemctl status`: revision and counts, no patient data.
  static func statusLine(_ state: DaemonState, store: AdvisoryStore? = nil) -> String {
    var line = "policy \(state.policy.name) \(state.policy.version) revision \(state.policy.revision.prefix(12))"
    line += "; files processed \(state.processed)"
    if let counts = try? store?.counts() {
      line += ", decided \(counts.decided), open advisories \(counts.openAdvisories)"
    }
    if state.lastReloadError != nil { line += "; last reload rejected" }
    return line
  }
}
