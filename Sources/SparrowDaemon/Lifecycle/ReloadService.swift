import Foundation
import Logging
import ServiceLifecycle
import SparrowCore
import UnixSignals

// MARK: - ReloadService

/// Reloads the configuration and the policy set on SIGHUP. The new policy set is validated and swapped in
/// atomically, or rejected with its errors logged while the last good set keeps serving. A configuration with
/// errors is rejected the same way; its tunable settings apply at once, changed paths only at restart.
struct ReloadService: Service {
  let configPath: String?
  let state: DaemonState
  let logger: Logger

  func run() async throws {
    for await _ in await UnixSignalsSequence(trapping: .sighup).cancelOnGracefulShutdown() {
      reload()
    }
  }

  func reload() {
    SystemdNotifier.notify("RELOADING=1")
    defer { SystemdNotifier.notify("READY=1\nSTATUS=\(WatchdogService.statusLine(state))") }
    if let configPath { reloadConfiguration(configPath) }
    switch PolicyDirectory(path: state.configuration.policies).load() {
    case .success(let set):
      let previous = state.policy.revision
      state.activate(set)
      logger.notice(
        "\(JournalEvent.policyReloaded.rawValue)",
        metadata: ["policy.revision": "\(set.revision)", "policy.previousRevision": "\(previous)"])
    case .failure(let failure):
      state.rejectReload(failure.description)
      for error in failure.errors {
        logger.error("\(JournalEvent.policyRejected.rawValue)", metadata: ["policy.error": "\(error)"])
      }
      logger.error(
        "\(JournalEvent.policyReloadRejected.rawValue)",
        metadata: ["policy.revision": "\(state.policy.revision)", "policy.errorCount": "\(failure.errors.count)"])
    }
  }

  func reloadConfiguration(_ path: String) {
    guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
      logger.error("configuration reload rejected: cannot read the file", metadata: ["config.path": "\(path)"])
      return
    }
    switch SparrowConfiguration.parse(text, path: path) {
    case .success(let configuration):
      let needsRestart = state.applyConfiguration(configuration)
      logger.notice("\(JournalEvent.configurationReloaded.rawValue)", metadata: ["config.path": "\(path)"])
      if !needsRestart.isEmpty {
        logger.warning(
          "configuration changes that take effect at restart",
          metadata: ["config.keys": "\(needsRestart.joined(separator: ","))"])
      }
    case .failure(let failure):
      for error in failure.errors {
        logger.error("\(JournalEvent.configurationRejected.rawValue)", metadata: ["config.error": "\(error)"])
      }
    }
  }
}
