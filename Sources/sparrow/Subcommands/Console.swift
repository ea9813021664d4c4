import ArgumentParser
import Foundation
import Logging
import SparrowConsole
import SparrowCore
import SparrowDaemon

// MARK: - Console

extension SparrowCommand {
  /// `sparrow console`: the pharmacists' web console.
  struct Console: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Serve the pharmacists' web console on a Unix socket, behind the hospital's sign-in proxy.",
      discussion: """
        The proxy (nginx) signs the user in and passes the name in the configured header; the console believes it \
        only on connections from the proxy's user (SO_PEERCRED). Everything is read and recorded through the \
        daemon's control socket. SIGTERM or SIGINT: stop. Exit codes: 0 stopped; 78 invalid configuration; 74 the \
        socket or the accounts cannot be set up.
        """
    )

    @Option(help: "The console's configuration file.")
    var config: String = "/etc/sparrow/console.yaml"

    @Option(help: "Where logs go: journal (native fields), stderr, or auto (journal under systemd, else stderr).")
    var log: LogDestination = .auto

    func run() async throws {
      guard let data = FileManager.default.contents(atPath: config), let text = String(data: data, encoding: .utf8)
      else {
        Diagnostics.error("\(config): cannot read the console configuration")
        throw ExitStatus.configError.code
      }
      let configuration: ConsoleConfiguration
      switch ConsoleConfiguration.parse(text, path: config) {
      case .success(let parsed): configuration = parsed
      case .failure(let failure):
        for error in failure.errors { FileHandle.standardError.write(Data("\(error)\n".utf8)) }
        throw ExitStatus.configError.code
      }
      log.bootstrap()
      do {
        try await ConsoleServer.run(configuration: configuration, logger: Logger(label: "sparrow-console"))
      } catch let failure as ConsoleServer.Failure {
        Diagnostics.error(failure.description)
        throw ExitStatus.ioError.code
      }
    }
  }
}
