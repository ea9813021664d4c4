import ArgumentParser
import Foundation
import Logging
import ServiceLifecycle
import SparrowCore
import SparrowDaemon

// MARK: - Run

extension SparrowCommand {
  /// `sparrow run`: the drop-directory daemon.
  struct Run: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Run the daemon: decide every file dropped into the spool, serve the control socket.",
      discussion: """
        SIGTERM or SIGINT: finish in-flight work and exit 0. SIGHUP: reload the configuration and the policy set \
        (a broken one is rejected and logged; the last good one keeps serving). Exit codes: 0 stopped cleanly; 78 invalid \
        configuration or policy set; 74 the spool or database cannot be opened.
        """
    )

    @Option(help: "The configuration file.")
    var config: String = "/etc/sparrow/sparrow.yaml"

    @Option(help: "Where logs go: journal (native fields), stderr, or auto (journal under systemd, else stderr).")
    var log: LogDestination = .auto

    func run() async throws {
      // SIGHUP's default action ends the process; until the reload service traps it, one sent right after start
      // would kill the daemon. Ignored from the first instruction on (the reload service handles it after that).
      signal(SIGHUP, SIG_IGN)
      MallocArenas.apply(environment: ProcessInfo.processInfo.environment)
      let configuration = try ConfigurationFile.load(config)
      log.bootstrap()
      let logger = Logger(label: "sparrow")
      let daemon: (group: ServiceGroup, state: DaemonState)
      do {
        daemon = try SparrowDaemon.makeServiceGroup(config: configuration, logger: logger, configPath: config)
      } catch {
        Diagnostics.error("\(error)")
        if case .policy = error { throw ExitStatus.configError.code }
        throw ExitStatus.ioError.code
      }
      try await daemon.group.run()
      logger.notice("\(JournalEvent.stopped.rawValue)")
    }
  }
}

// MARK: - ConfigurationFile

/// Reading the configuration file, with errors as `file:line:column: message` and exit 78.
enum ConfigurationFile {
  static func load(_ path: String) throws -> SparrowConfiguration {
    guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
      Diagnostics.error("\(path): cannot read the configuration file")
      throw ExitStatus.configError.code
    }
    switch SparrowConfiguration.parse(text, path: path) {
    case .success(let configuration): return configuration
    case .failure(let failure):
      for error in failure.errors { FileHandle.standardError.write(Data("\(error)\n".utf8)) }
      throw ExitStatus.configError.code
    }
  }
}
