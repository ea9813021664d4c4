public import Foundation
import SparrowCore
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

// MARK: - ControlServer

/// The daemon's control socket: pharmacists' commands arrive here, one JSON request per connection.
///
/// The caller's identity comes from the kernel (SO_PEERCRED), never from the request. Root and members of the
/// review group are served; everyone else gets exit status 77 and nothing from the store. The socket file is
/// created with mode 0660 and, when running as root, group-owned by the review group, so file permissions and
/// the credential check both guard it.
public final class ControlServer: Sendable {
  /// Where the socket is.
  public let path: String
  /// The group whose members may use the socket.
  public let reviewGroup: String
  /// The console's user: the only peer whose requests may name the reviewer (`actingFor`).
  public let consoleUser: String
  private let service: ReviewService
  private let statusProvider: (@Sendable () -> DaemonStatus)?
  private let listener = Mutex<Int32>(-1)
  /// Connections being served now.
  private let active = Mutex(0)

  /// The largest request accepted, in bytes.
  public static let maxRequestBytes = 65_536
  /// Connections served at once, each on a thread of its own; one more is told to retry and closed.
  public static let maxConnections = 256
  /// How long a connection may take to send its request.
  public static let requestDeadline: Duration = .seconds(5)

  /// A server for `store` at `path`.
  public init(
    store: AdvisoryStore, path: String, reviewGroup: String = "sparrow-review",
    consoleUser: String? = nil, statusProvider: (@Sendable () -> DaemonStatus)? = nil
  ) {
    self.path = path
    self.reviewGroup = reviewGroup
    self.consoleUser = consoleUser ?? SparrowConfiguration().consoleUser
    self.service = ReviewService(store: store)
    self.statusProvider = statusProvider
  }

  /// Binds the socket and serves connections on a thread of its own until `stop()`.
  public func start(mode: mode_t = 0o660) throws {
    let descriptor = try UnixSocket.listen(at: path, mode: mode)
    // Group-owned by the review group (the daemon's user is a member, so it may do this without root).
    if let gid = UnixSocket.groupID(reviewGroup), chown(path, uid_t.max, gid) != 0 {
      let code = errno
      stop()
      throw UnixSocket.Failure(call: "chown \(path) to group \(reviewGroup)", code: code)
    }
    listener.withLock { $0 = descriptor }
    let thread = Thread { [self] in acceptLoop(descriptor) }
    thread.name = "sparrow-control"
    thread.start()
  }

  /// Stops accepting and removes the socket file.
  public func stop() {
    let descriptor = listener.withLock { current -> Int32 in
      defer { current = -1 }
      return current
    }
    guard descriptor >= 0 else { return }
    shutdown(descriptor, Int32(SHUT_RDWR))
    close(descriptor)
    unlink(path)
  }

  private func acceptLoop(_ descriptor: Int32) {
    while true {
      let connection = UnixSocket.acceptConnection(descriptor)
      if connection < 0 {
        if errno == EINTR || errno == ECONNABORTED { continue }
        return  // closed by stop()
      }
      // Each connection on a thread of its own, so an idle client delays nobody; past the cap, a short answer.
      let admitted = active.withLock { count -> Bool in
        guard count < Self.maxConnections else { return false }
        count += 1
        return true
      }
      guard admitted else {
        respond(
          connection,
          ReviewResponse(status: .temporaryFailure, error: "the daemon is serving too many connections; retry"))
        close(connection)
        continue
      }
      let worker = Thread { [self] in
        handle(connection)
        close(connection)
        active.withLock { $0 -= 1 }
      }
      worker.name = "sparrow-control-connection"
      worker.start()
    }
  }

  private func handle(_ connection: Int32) {
    UnixSocket.setTimeouts(connection, seconds: 5)
    // Read the request before answering, even one that will be refused, so the client never writes into a
    // closed socket.
    let outcome = UnixSocket.readLineOutcome(
      connection, limit: Self.maxRequestBytes, deadline: ContinuousClock.now + Self.requestDeadline)
    let line: [UInt8]? =
      switch outcome {
      case .line(let bytes), .closed(let bytes): bytes
      case .timedOut, .tooLong: nil
      }
    let response: ReviewResponse
    if let peer = authorize(connection) {
      if let line, let json = try? JSONParser().parse(line), let message = ReviewRequestMessage(json: json) {
        let asserted = Self.assertedCaller(json, peer: peer, consoleUser: consoleUser)
        if let refusal = asserted.failure {
          response = refusal
        } else if case .status(let format) = message, let statusProvider {
          let status = statusProvider()
          response = ReviewResponse(
            status: .success, output: format == .json ? JSONWriter.prettyString(status.json) : status.text)
        } else {
          response = service.execute(message, caller: asserted.caller ?? peer)
        }
      } else if case .timedOut = outcome {
        response = ReviewResponse(
          status: .temporaryFailure, error: "request not complete within \(Self.requestDeadline); retry")
      } else if outcome == .tooLong {
        response = ReviewResponse(status: .usage, error: "request larger than \(Self.maxRequestBytes) bytes")
      } else {
        response = ReviewResponse(status: .usage, error: "malformed request")
      }
    } else {
      response = ReviewResponse(
        status: .noPermission,
        error: "permission denied: only root and members of group \(reviewGroup) may review advisories")
    }
    respond(connection, response)
  }

  /// The reviewer a request names in `actingFor`, which only the console's own user may do: the console signs
  /// hospital users in, and the audit records them with the console as the channel and asserting peer. Nil
  /// caller and nil failure: the request names nobody, and the peer is the reviewer.
  static func assertedCaller(
    _ json: JSONValue, peer: Caller, consoleUser: String
  ) -> (
    caller: Caller?, failure: ReviewResponse?
  ) {
    guard case .object(let object) = json, let field = object["actingFor"] else { return (nil, nil) }
    guard case .string(let name) = field, PersonName.isValid(name) else {
      return (nil, ReviewResponse(status: .usage, error: "actingFor must name a user"))
    }
    // By uid, not name: another account whose name resolves the same way is not the console.
    guard let consoleUID = UnixSocket.userID(consoleUser), peer.uid == Int(consoleUID) else {
      return (
        nil,
        ReviewResponse(
          status: .noPermission,
          error: "permission denied: only the console's user (\(consoleUser)) may act for another reviewer")
      )
    }
    return (Caller(name: name, uid: peer.uid, channel: .console, assertedBy: peer.name), nil)
  }

  /// The caller if allowed: root, the daemon's own user, or a user whose groups include the review group.
  func authorize(_ connection: Int32) -> Caller? {
    guard let credentials = try? UnixSocket.peerCredentials(connection),
      let user = UnixSocket.user(uid: credentials.uid)
    else { return nil }
    if credentials.uid == 0 || credentials.uid == geteuid() {
      return Caller(name: user.name, uid: Int(credentials.uid))
    }
    guard let reviewGID = UnixSocket.groupID(reviewGroup),
      user.groups.contains(reviewGID) || credentials.gid == reviewGID
    else { return nil }
    return Caller(name: user.name, uid: Int(credentials.uid))
  }

  private func respond(_ connection: Int32, _ response: ReviewResponse) {
    try? UnixSocket.writeAll(connection, Array((JSONWriter.compactString(response.jsonValue) + "\n").utf8))
  }
}

// MARK: - Caller+Current

extension Caller {
  /// The user this process runs as (effective uid).
  public static var current: Caller {
    let uid = geteuid()
    return Caller(name: UnixSocket.user(uid: uid)?.name ?? "uid-\(uid)", uid: Int(uid))
  }
}

// MARK: - ControlClient

/// Sends one command to the daemon's control socket and returns its answer.
public enum ControlClient {
  /// Why the daemon could not be asked.
  public struct Failure: Error, CustomStringConvertible {
    public let description: String
    /// Whether the socket's permissions refused the connection (as opposed to no daemon listening).
    public var isPermissionDenied = false
  }

  /// Sends `message` to the socket at `path`; `actingFor` names the signed-in reviewer (the console only).
  public static func send(
    _ message: ReviewRequestMessage, to path: String, actingFor: String? = nil
  ) throws(Failure)
    -> ReviewResponse
  {
    let descriptor: Int32
    do {
      descriptor = try UnixSocket.connect(to: path)
    } catch {
      if let failure = error as? UnixSocket.Failure, failure.code == EACCES {
        throw Failure(
          description: "permission denied on \(path): only root and members of the review group may use it",
          isPermissionDenied: true)
      }
      throw Failure(description: "cannot reach the Sparrow daemon at \(path) (\(error)); is it running?")
    }
    defer { close(descriptor) }
    UnixSocket.setTimeouts(descriptor, seconds: 30)
    do {
      var request = message.jsonValue
      if let actingFor, case .object(var object) = request {
        object["actingFor"] = .string(actingFor)
        request = .object(object)
      }
      try UnixSocket.writeAll(descriptor, Array((JSONWriter.compactString(request) + "\n").utf8))
    } catch {
      throw Failure(description: "sending to \(path): \(error)")
    }
    guard let line = UnixSocket.readLine(descriptor, limit: 64 * 1_048_576), !line.isEmpty,
      let json = try? JSONParser(maxDepth: 8).parse(line), let response = ReviewResponse(json: json)
    else { throw Failure(description: "no valid answer from the daemon at \(path)") }
    return response
  }
}
