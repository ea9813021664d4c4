public import ArgumentParser
import Foundation
import Logging
import SparrowConsole
import SparrowCore
public import SparrowDaemon

// MARK: - ConsoleCommand

/// `sparrow-console`: the pharmacists' web console. A binary of its own, run by its own unit and user, so that the
/// daemon's binary does not carry the web stack.
@main
struct ConsoleCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "sparrow-console",
    abstract: "Serve the pharmacists' web console on a Unix socket, behind the hospital's sign-in proxy.",
    discussion: """
      The proxy (nginx) signs the user in and passes the name in the configured header; the console believes it \
      only on connections from the proxy's user (SO_PEERCRED). Everything is read and recorded through the \
      daemon's control socket. SIGTERM or SIGINT: stop. Exit codes: 0 stopped; 78 invalid configuration; 74 the \
      socket or the accounts cannot be set up.
      """,
    version: SparrowVersion.current
  )

  @Option(help: "The console's configuration file.")
  var config: String = "/etc/sparrow/console.yaml"

  @Option(help: "Where logs go: journal (native fields), stderr, or auto (journal under systemd, else stderr).")
  var log: LogDestination = .auto

  func run() async throws {
    guard let data = FileManager.default.contents(atPath: config), let text = String(data: data, encoding: .utf8)
    else {
      Self.error("\(config): cannot read the console configuration")
      throw ExitCode(ExitStatus.configError.rawValue)
    }
    let configuration: ConsoleConfiguration
    switch ConsoleConfiguration.parse(text, path: config) {
    case .success(let parsed): configuration = parsed
    case .failure(let failure):
      for error in failure.errors { FileHandle.standardError.write(Data("\(error)\n".utf8)) }
      throw ExitCode(ExitStatus.configError.rawValue)
    }
    log.bootstrap()
    do {
      try await ConsoleServer.run(configuration: configuration, logger: Logger(label: "sparrow-console"))
    } catch let failure as ConsoleServer.Failure {
      Self.error(failure.description)
      throw ExitCode(ExitStatus.ioError.rawValue)
    }
  }

  /// Prints `sparrow-console: error: MESSAGE` to standard error.
  private static func error(_ message: String) {
    FileHandle.standardError.write(Data("sparrow-console: error: \(message)\n".utf8))
  }
}

extension LogDestination: ExpressibleByArgument {}
