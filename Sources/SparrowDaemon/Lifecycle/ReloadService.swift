import Logging
import ServiceLifecycle
import SparrowCore
import UnixSignals

// MARK: - ReloadService

/// Reloads the policy set on SIGHUP: the new set is validated and swapped in atomically, or rejected with its
/// errors logged while the last good set keeps serving.
struct ReloadService: Service {
  let policyDirectory: String
  let state: DaemonState
  let logger: Logger

  func run() async throws {
    for await _ in await UnixSignalsSequence(trapping: .sighup).cancelOnGracefulShutdown() {
      reload()
    }
  }

  func reload() {
    switch PolicyDirectory(path: policyDirectory).load() {
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
}
