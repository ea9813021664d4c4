public import Foundation
public import SparrowCore

// MARK: - DaemonState

/// What the running daemon shares between its services: the active policy set (swapped atomically on reload),
/// progress for the watchdog, and figures for `sparrow status`.
public final class DaemonState: @unchecked Sendable {
  private let lock = NSLock()
  private var activePolicy: PolicySet
  private var lastErrorText: String?
  private var lastReloadErrorText: String?
  private var lastProgressTime = Date()
  private var processedCount = 0
  /// When the daemon started.
  public let startedAt = Date()

  /// A state serving `policy`.
  public init(policy: PolicySet) {
    self.activePolicy = policy
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
