import Foundation
public import Logging
public import ServiceLifecycle
public import SparrowCore
public import UnixSignals

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
    try makeServiceGroup(
      config: config, logger: logger, configPath: configPath,
      store: {
        try AdvisoryStore(
          writer: try AdvisoryStore.openPool(path: config.database),
          fatigueWindow: Double(config.fatigueWindowHours) * 3600)
      },
      watchedDatabase: config.database, shutdownSignals: [.sigterm, .sigint])
  }

  /// The same service group over a store the caller makes (`store` runs after the policies and the spool are
  /// checked; an in-memory store in tests) and a logger of its choosing (swift-log's `InMemoryLogHandler` in
  /// tests): the intake runs in the caller's process. `watchedDatabase` is the database file to watch for
  /// deletion or replacement (its identity is taken once the store has opened it), nil for none; `shutdownSignals` the signals that stop it (none in a test process).
  public static func makeServiceGroup(
    config: SparrowConfiguration, logger: Logger, configPath: String?, store makeStore: () throws -> AdvisoryStore,
    watchedDatabase: String?, shutdownSignals: [UnixSignal]
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
      // quick_check and migrations run before READY; on a large store they outlast TimeoutStartSec= unless the
      // start timeout is extended while they run.
      let opened = try StartupProgress.during("opening the store (integrity check, migrations)") { try makeStore() }
      store = opened.value
      logger.info("store opened", metadata: ["store.seconds": "\(opened.seconds)"])
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
    let server = ControlServer(
      store: store, path: config.socket, reviewGroup: config.reviewGroup, consoleUser: config.consoleUser
    ) {
      DaemonStatus(state: state, store: store, spool: spool)
    }
    let pipeline = IntakePipeline(
      spool: spool, store: store, state: state, logger: logger,
      databaseIdentity: watchedDatabase.flatMap(DatabaseFileIdentity.init(path:)))
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
      gracefulShutdownSignals: shutdownSignals,
      logger: logger)
    return (group, state)
  }
}
