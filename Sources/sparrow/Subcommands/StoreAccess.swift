import ArgumentParser
import Foundation
import SparrowCore
import SparrowDaemon

#if canImport(Glibc)
import Glibc
#endif

// MARK: - StoreAccessOptions

/// How a pharmacist's command reaches the advisory store: through the daemon's socket (normal), or directly
/// with `--database` (root only, daemon stopped).
struct StoreAccessOptions: ParsableArguments {
  @Option(help: "The daemon's control socket.")
  var socket: String = SparrowConfiguration.defaultSocket

  @Option(help: "Open this database directly instead of asking the daemon (root only, daemon stopped).")
  var database: String?

  /// Runs `message` and prints its answer; exits with the answer's status.
  func run(_ message: ReviewRequestMessage) throws {
    let response: ReviewResponse
    if let database {
      response = try Self.direct(database: database, socket: socket) { service, caller in
        service.execute(message, caller: caller)
      }
    } else {
      do {
        response = try ControlClient.send(message, to: socket)
      } catch {
        Diagnostics.error("\(error)")
        throw error.isPermissionDenied ? ExitStatus.noPermission.code : ExitStatus.unavailable.code
      }
    }
    print(response.output, terminator: "")
    if !response.error.isEmpty { Diagnostics.error(response.error) }
    if response.status != .success { throw response.status.code }
  }

  /// Opens `database` for root while the daemon is not serving `socket`, and runs `body`.
  static func direct<T>(
    database: String, socket: String, create: Bool = false, _ body: (ReviewService, Caller) throws -> T
  ) throws -> T {
    guard geteuid() == 0 else {
      Diagnostics.error("--database is for root with the daemon stopped; pharmacists use the daemon's socket")
      throw ExitStatus.noPermission.code
    }
    if (try? ControlClient.send(.show(id: 1, format: .text), to: socket)) != nil {
      Diagnostics.error("the daemon is running (\(socket)); it is the only writer: stop it or omit --database")
      throw ExitStatus.unavailable.code
    }
    guard create || FileManager.default.fileExists(atPath: database) else {
      Diagnostics.error("\(database): no such database")
      throw ExitStatus.noInput.code
    }
    let store: AdvisoryStore
    do {
      store = try AdvisoryStore(writer: try AdvisoryStore.openPool(path: database))
    } catch {
      Diagnostics.error("\(database): \(error)")
      throw ExitStatus.ioError.code
    }
    return try body(ReviewService(store: store), Caller.current)
  }
}

// MARK: - AdvisoryFilterOptions

/// Filters shared by `advisories list` and `advisories export`.
struct AdvisoryFilterOptions: ParsableArguments {
  @Option(help: "Advisory status, or all.")
  var status: StatusOption = .only(.open)

  @Option(help: "Indicator.")
  var indicator: Indicator?

  @Option(help: "Rule id.")
  var rule: String?

  @Option(help: "Patient id.")
  var patient: String?

  @Option(help: "Created on or after this date (YYYY-MM-DD or RFC 3339, UTC).")
  var since: String?

  @Option(help: "Created before this date (YYYY-MM-DD or RFC 3339, UTC).")
  var until: String?

  @Option(help: "At most this many advisories.")
  var limit: Int = 500

  func validate() throws {
    for (name, value) in [("--since", since), ("--until", until)] {
      if let value, CalendarDate(parsing: value) == nil {
        throw ValidationError("\(name): expected YYYY-MM-DD or an RFC 3339 timestamp; got \"\(value)\"")
      }
    }
    guard (1...100_000).contains(limit) else { throw ValidationError("--limit: expected 1 to 100000") }
  }

  var filter: AdvisoryFilter {
    var filter = AdvisoryFilter()
    filter.status = status.status
    filter.indicator = indicator
    filter.ruleID = rule
    filter.patientID = patient
    filter.since = since
    filter.until = until
    filter.limit = limit
    return filter
  }
}
