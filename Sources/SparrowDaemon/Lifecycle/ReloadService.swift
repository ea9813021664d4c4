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
    if let configPath { reloadConfiguration(configPath) }
    switch PolicyDirectory(path: state.configuration.policies).load() {
    case .success(let set):
      let previous = state.policy.revision
      state.activate(set)
      logger.notice(
        "policy reloaded", metadata: ["policy.revision": "\(set.revision)", "policy.previousRevision": "\(previous)"])
    case .failure(let failure):
      state.rejectReload(failure.description)
      for error in failure.errors {
        logger.error("policy rejected", metadata: ["policy.error": "\(error)"])
      }
      logger.error(
        "policy reload rejected; the previous revision keeps serving",
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
      logger.notice("configuration reloaded", metadata: ["config.path": "\(path)"])
      if !needsRestart.isEmpty {
        logger.warning(
          "configuration changes that take effect at restart",
          metadata: ["config.keys": "\(needsRestart.joined(separator: ","))"])
      }
    case .failure(let failure):
      for error in failure.errors { logger.error("configuration rejected", metadata: ["config.error": "\(error)"]) }
    }
  }
}
