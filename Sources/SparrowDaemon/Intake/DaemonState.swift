public import Foundation
public import SparrowCore

// MARK: - DaemonState

/// What the running daemon shares between its services: the active policy set (swapped atomically on reload),
/// progress for the watchdog, and figures for `sparrow status`.
public final class DaemonState: @unchecked Sendable {
  private let lock = NSLock()
  private var activePolicy: PolicySet
  private var activeConfiguration: SparrowConfiguration
  private var lastErrorText: String?
  private var lastReloadErrorText: String?
  private var lastProgressTime = Date()
  private var processedCount = 0
  /// When the daemon started.
  public let startedAt = Date()

  /// A state serving `policy` with `configuration`.
  public init(policy: PolicySet, configuration: SparrowConfiguration) {
    self.activePolicy = policy
    self.activeConfiguration = configuration
  }

  /// The configuration in force (tunable settings change on reload; paths only at restart).
  public var configuration: SparrowConfiguration { lock.withLock { activeConfiguration } }

  /// Applies a reloaded configuration's tunable settings; returns the keys whose change needs a restart.
  public func applyConfiguration(_ new: SparrowConfiguration) -> [String] {
    lock.withLock {
      var applied = new
      var needsRestart: [String] = []
      let current = activeConfiguration
      if new.spool != current.spool { needsRestart.append("spool") }
      if new.database != current.database { needsRestart.append("database") }
      if new.policies != current.policies { needsRestart.append("policies") }
      if new.socket != current.socket { needsRestart.append("socket") }
      if new.reviewGroup != current.reviewGroup { needsRestart.append("reviewGroup") }
      if new.fatigueWindowHours != current.fatigueWindowHours { needsRestart.append("fatigueWindowHours") }
      applied.spool = current.spool
      applied.database = current.database
      applied.policies = current.policies
      applied.socket = current.socket
      applied.reviewGroup = current.reviewGroup
      applied.fatigueWindowHours = current.fatigueWindowHours
      activeConfiguration = applied
      return needsRestart
    }
  }

  /// The policy set new files are decided with.
  public var policy: PolicySet { lock.withLock { activePolicy } }

  /// Replaces the active policy set (a validated one).
  public func activate(_ policy: PolicySet) {
    lock.withLock {
      activePolicy = policy
      lastReloadErrorText = nil
    }
  }

  /// Notes a rejected reload; the active set keeps serving.
  public func rejectReload(_ errors: String) {
    lock.withLock { lastReloadErrorText = errors }
  }

  /// Clears the last error once the work it stopped has gone through.
  public func clearError() {
    lock.withLock { lastErrorText = nil }
  }

  /// Notes an error (shown by `sparrow status`; no patient data).
  public func noteError(_ text: String) {
    lock.withLock { lastErrorText = text }
  }

  /// Notes that the intake loop went round (for the watchdog) and how many files it finished.
  public func noteProgress(files: Int) {
    lock.withLock {
      lastProgressTime = Date()
      processedCount += files
    }
  }

  /// When the intake loop last went round.
  public var lastProgress: Date { lock.withLock { lastProgressTime } }
  /// The last error, if any.
  public var lastError: String? { lock.withLock { lastErrorText } }
  /// The last rejected reload's errors, if the last reload failed.
  public var lastReloadError: String? { lock.withLock { lastReloadErrorText } }
  /// Files finished since start.
  public var processed: Int { lock.withLock { processedCount } }
}
