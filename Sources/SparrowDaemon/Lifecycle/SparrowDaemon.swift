import Foundation
public import Logging
public import ServiceLifecycle
public import SparrowCore
import UnixSignals

// MARK: - SparrowDaemon

/// Builds the daemon: every service in dependency order, ready to run.
public enum SparrowDaemon {
  /// Why the daemon cannot start.
  public enum StartupError: Error, CustomStringConvertible {
    case policy(PolicyLoadFailure)
    case store(String)
    case spool(String)

    public var description: String {
      switch self {
      case .policy(let failure): "the policy set is invalid:\n\(failure)"
      case .store(let message): "cannot open the database: \(message)"
      case .spool(let message): "cannot prepare the spool: \(message)"
      }
    }
  }

  /// Where the last good policy set is kept: beside the database, which the daemon may write.
  public static func lastGoodPolicies(for config: SparrowConfiguration) -> String {
    URL(fileURLWithPath: config.database).deletingLastPathComponent().appendingPathComponent("policies.last-good").path
  }

  /// Saves the last good policy set; a failure is logged, never fatal (the set in force is unaffected).
  static func saveLastGood(_ files: [PolicyFile], at path: String, logger: Logger) {
    do {
      try PolicyDirectory.saveLastGood(files, at: path)
    } catch {
      logger.error(
        "cannot save the last good policy set", metadata: ["policy.path": "\(path)", "error.message": "\(error)"])
    }
  }

  /// The service group for `config` (read from `configPath`, which SIGHUP re-reads): control socket, intake,
  /// reload on SIGHUP. SIGTERM and SIGINT shut down
  /// gracefully (in-flight work is finished). Also returns the shared state, for tests and notifications.
  public static func makeServiceGroup(
    config: SparrowConfiguration, logger: Logger, configPath: String? = nil
  ) throws(StartupError) -> (group: ServiceGroup, state: DaemonState) {
    let policy: PolicySet
    let lastGood = lastGoodPolicies(for: config)
    var startedOnLastGood: PolicyLoadFailure?
    switch PolicyDirectory(path: config.policies).loadKeepingFiles() {
    case .success(let loaded):
      policy = loaded.set
      saveLastGood(loaded.files, at: lastGood, logger: logger)
    case .failure(let failure):
      // Intake must not stop because a deploy left the policy directory broken: start on the last good set, loudly.
      guard case .success(let saved) = PolicyDirectory.lastGood(at: lastGood) else { throw .policy(failure) }
      policy = saved
      startedOnLastGood = failure
    }
    let spool = DropDirectory(root: config.spool)
    do {
      try spool.prepare()
    } catch {
      throw .spool("\(error)")
    }
    let store: AdvisoryStore
    do {
      store = try AdvisoryStore(
        writer: try AdvisoryStore.openPool(path: config.database),
        fatigueWindow: Double(config.fatigueWindowHours) * 3600)
    } catch {
      throw .store("\(config.database): \(error)")
    }
    let state = DaemonState(policy: policy, configuration: config)
    if let failure = startedOnLastGood {
      state.rejectReload("started on the last good policy set (\(lastGood)): \(failure.description)")
      for error in failure.errors {
        logger.error("\(JournalEvent.policyRejected.rawValue)", metadata: ["policy.error": "\(error)"])
      }
      logger.critical(
        "policy directory invalid at start; running on the last good policy set",
        metadata: ["policy.revision": "\(policy.revision)", "policy.path": "\(lastGood)"])
    }
    let server = ControlServer(store: store, path: config.socket, reviewGroup: config.reviewGroup) {
      DaemonStatus(state: state, store: store, spool: spool)
    }
    let pipeline = IntakePipeline(
      spool: spool, store: store, state: state, logger: logger,
      databaseIdentity: DatabaseFileIdentity(path: config.database))
    pipeline.onReady = { SystemdNotifier.notify("READY=1\nSTATUS=\(WatchdogService.statusLine(state))") }
    logger.notice(
      "\(JournalEvent.started.rawValue)",
      metadata: [
        "policy.revision": "\(policy.revision)", "spool.path": "\(config.spool)", "database.path": "\(config.database)",
      ])
    let group = ServiceGroup(
      services: [
        ControlService(server: server), IntakeService(pipeline: pipeline),
        ReloadService(configPath: configPath, state: state, logger: logger),
        WatchdogService(state: state, store: store),
      ],
      gracefulShutdownSignals: [.sigterm, .sigint],
      logger: logger)
    return (group, state)
  }
}
