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
    let configurationRejection = configPath.flatMap(reloadConfiguration)
    switch PolicyDirectory(path: state.configuration.policies).loadKeepingFiles() {
    case .success(let (set, files)):
      let previous = state.policy.revision
      state.activate(set)
      SparrowDaemon.saveLastGood(files, at: SparrowDaemon.lastGoodPolicies(for: state.configuration), logger: logger)
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
    // A rejected configuration is a rejected reload, whatever the policy set did.
    if let configurationRejection { state.rejectReload("configuration: \(configurationRejection)") }
  }

  /// Applies the configuration at `path`; returns why it was rejected, if it was.
  func reloadConfiguration(_ path: String) -> String? {
    guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
      logger.error("configuration reload rejected: cannot read the file", metadata: ["config.path": "\(path)"])
      return "cannot read \(path)"
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
      return nil
    case .failure(let failure):
      for error in failure.errors {
        logger.error("\(JournalEvent.configurationRejected.rawValue)", metadata: ["config.error": "\(error)"])
      }
      return failure.description
    }
  }
}
