import Foundation
public import SparrowDaemon
import Synchronization

// MARK: - ConsoleBackend

/// Where the console sends everything it reads and records: the daemon, the only database writer. Each message
/// names the signed-in reviewer, whom the daemon records with the console as the channel.
public protocol ConsoleBackend: Sendable {
  /// Sends `message` on behalf of `reviewer`.
  func send(_ message: ReviewRequestMessage, actingFor reviewer: String) async throws -> ReviewResponse
}

// MARK: - ControlSocketBackend

/// The daemon's control socket. Its client blocks, so each call runs on a thread of its own, never on the server's
/// event loops or the cooperative pool; at most `maxInFlight` at once, so a burst of requests cannot exhaust
/// threads.
public final class ControlSocketBackend: ConsoleBackend {
  /// The control socket's path.
  public let path: String
  /// Calls to the daemon at once; one more is refused as busy.
  public static let maxInFlight = 16
  private let inFlight = Mutex(0)

  /// Why the daemon was not asked.
  public struct Busy: Error, CustomStringConvertible {
    public var description: String { "the console is already waiting on \(ControlSocketBackend.maxInFlight) requests" }
  }

  /// A backend on the socket at `path`.
  public init(path: String) {
    self.path = path
  }

  public func send(_ message: ReviewRequestMessage, actingFor reviewer: String) async throws -> ReviewResponse {
    let admitted = inFlight.withLock { count -> Bool in
      guard count < Self.maxInFlight else { return false }
      count += 1
      return true
    }
    guard admitted else { throw Busy() }
    let path = path
    return try await withCheckedThrowingContinuation { continuation in
      let thread = Thread { [self] in
        let result = Result<ReviewResponse, any Error> {
          try ControlClient.send(message, to: path, actingFor: reviewer)
        }
        inFlight.withLock { $0 -= 1 }
        continuation.resume(with: result)
      }
      thread.name = "sparrow-console-daemon-call"
      thread.start()
    }
  }
}
