import Dispatch
public import SparrowDaemon

// MARK: - ConsoleBackend

/// Where the console sends everything it reads and records: the daemon, the only database writer. Each message
/// names the signed-in reviewer, whom the daemon records with the console as the channel.
public protocol ConsoleBackend: Sendable {
  /// Sends `message` on behalf of `reviewer`.
  func send(_ message: ReviewRequestMessage, actingFor reviewer: String) async throws -> ReviewResponse
}

// MARK: - ControlSocketBackend

/// The daemon's control socket. Its client blocks, so each call runs on a dispatch queue, not on the server's
/// event loops or the cooperative pool.
public struct ControlSocketBackend: ConsoleBackend {
  /// The control socket's path.
  public let path: String

  /// A backend on the socket at `path`.
  public init(path: String) {
    self.path = path
  }

  public func send(_ message: ReviewRequestMessage, actingFor reviewer: String) async throws -> ReviewResponse {
    let path = path
    return try await withCheckedThrowingContinuation { continuation in
      DispatchQueue.global().async {
        continuation.resume(with: Result { try ControlClient.send(message, to: path, actingFor: reviewer) })
      }
    }
  }
}
