public import Foundation
public import SparrowCore
import Synchronization

// MARK: - DaemonState

/// What the running daemon shares between its services: the active policy set (swapped atomically on reload),
/// progress for the watchdog, and figures for `sparrow status`.
public final class DaemonState: Sendable {
  /// Everything that changes, behind one lock.
  private struct Shared {
    var activePolicy: PolicySet
    var activeConfiguration: SparrowConfiguration
    var lastErrorText: String?
    var lastReloadErrorText: String?
    var lastProgressTime = Date()
    var processedCount = 0
  }

  private let shared: Mutex<Shared>
  /// When the daemon started.
  public let startedAt = Date()

  /// A state serving `policy` with `configuration`.
  public init(policy: PolicySet, configuration: SparrowConfiguration) {
    self.shared = Mutex(Shared(activePolicy: policy, activeConfiguration: configuration))
  }

  /// The configuration in force (tunable settings change on reload; paths only at restart).
  public var configuration: SparrowConfiguration { shared.withLock { shared in shared.activeConfiguration } }

  /// Applies a reloaded configuration's tunable settings; returns the keys whose change needs a restart.
  public func applyConfiguration(_ new: SparrowConfiguration) -> [String] {
    shared.withLock { shared in
      var applied = new
      var needsRestart: [String] = []
      let current = shared.activeConfiguration
      if new.spool != current.spool { needsRestart.append("spool") }
      if new.database != current.database { needsRestart.append("database") }
      if new.policies != current.policies { needsRestart.append("policies") }
      if new.socket != current.socket { needsRestart.append("socket") }
      if new.reviewGroup != current.reviewGroup { needsRestart.append("reviewGroup") }
      if new.consoleUser != current.consoleUser { needsRestart.append("consoleUser") }
      if new.fatigueWindowHours != current.fatigueWindowHours { needsRestart.append("fatigueWindowHours") }
      applied.spool = current.spool
      applied.database = current.database
      applied.policies = current.policies
      applied.socket = current.socket
      applied.reviewGroup = current.reviewGroup
      applied.consoleUser = current.consoleUser
      applied.fatigueWindowHours = current.fatigueWindowHours
      shared.activeConfiguration = applied
      return needsRestart
    }
  }

  /// The policy set new files are decided with.
  public var policy: PolicySet { shared.withLock { shared in shared.activePolicy } }

  /// Replaces the active policy set (a validated one).
  public func activate(_ policy: PolicySet) {
    shared.withLock { shared in
      shared.activePolicy = policy
      shared.lastReloadErrorText = nil
    }
  }

  /// Notes a rejected reload; the active set keeps serving.
  public func rejectReload(_ errors: String) {
    shared.withLock { shared in shared.lastReloadErrorText = errors }
  }

  /// Clears the last error once the work it stopped has gone through.
  public func clearError() {
    shared.withLock { shared in shared.lastErrorText = nil }
  }

  /// Notes an error (shown by `sparrow status`; no patient data).
  public func noteError(_ text: String) {
    shared.withLock { shared in shared.lastErrorText = text }
  }

  /// Notes that the intake loop went round (for the watchdog) and how many files it finished.
  public func noteProgress(files: Int) {
    shared.withLock { shared in
      shared.lastProgressTime = Date()
      shared.processedCount += files
    }
  }

  /// When the intake loop last went round.
  public var lastProgress: Date { shared.withLock { shared in shared.lastProgressTime } }
  /// The last error, if any.
  public var lastError: String? { shared.withLock { shared in shared.lastErrorText } }
  /// The last rejected reload's errors, if the last reload failed.
  public var lastReloadError: String? { shared.withLock { shared in shared.lastReloadErrorText } }
  /// Files finished since start.
  public var processed: Int { shared.withLock { shared in shared.processedCount } }
}
