import ArgumentParser
import SparrowCore
import SparrowDaemon

// MARK: - Status

extension SparrowCommand {
  /// `sparrow status`: ask the running daemon how it is.
  struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Show whether the daemon runs, its active policy revision, counts, backlog and last error.",
      discussion: "Exit codes (LSB): 0 running; 3 not running; 77 not allowed."
    )

    @Option(help: "The daemon's control socket.")
    var socket: String = SparrowConfiguration.defaultSocket

    @Option(help: "Output format.")
    var format: TextOrJSON = .text

    func run() throws {
      let response: ReviewResponse
      do {
        response = try ControlClient.send(.status(format: format), to: socket)
      } catch {
        if error.isPermissionDenied {
          Diagnostics.error("\(error)")
          throw ExitStatus.noPermission.code
        }
        print(format == .json ? "{\n  \"running\": false\n}" : "sparrow is not running (\(socket))")
        throw ExitStatus.notRunning.code
      }
      print(response.output, terminator: "")
      if !response.error.isEmpty { Diagnostics.error(response.error) }
      if response.status != .success { throw response.status.code }
    }
  }
}
