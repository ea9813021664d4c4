import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import SparrowConsole
import SparrowCore
import SparrowDaemon
import SparrowTesting
import Synchronization
import Testing

// MARK: - Test doubles

/// Every connection is the proxy's: stands in for SO_PEERCRED in the in-process router tests (the real check is
/// tested on a real Unix socket in ConsolePeerTests).
struct AnyPeerIsTheProxy: PeerVerifier {
  func isProxy(_ channel: any Channel) async -> Bool { true }
}

/// The daemon's review service in the test process: each message runs as the daemon runs one the console's user
/// sent with `actingFor`.
struct InProcessBackend: ConsoleBackend {
  let store: AdvisoryStore

  func send(_ message: ReviewRequestMessage, actingFor reviewer: String) async throws -> ReviewResponse {
    ReviewService(store: store).execute(
      message, caller: Caller(name: reviewer, uid: 999, channel: .console, assertedBy: "sparrow-console"))
  }
}

/// A test clock for session timeouts.
final class ConsoleClock: Sendable {
  let now = Mutex(Date(timeIntervalSince1970: 1_795_000_000))

  func advance(minutes: Double) { now.withLock { $0 += minutes * 60 } }
}

// MARK: - ConsoleFixture

/// A console over an in-memory store holding synthetic decisions on two units.
struct ConsoleFixture {
  let store: AdvisoryStore
  let clock = ConsoleClock()
  var configuration = ConsoleConfiguration()

  static let origin = "https://sparrow.test"

  init() throws {
    store = try AdvisoryStore(writer: try DatabaseQueue())
    let set = try DecisionFixtures.defaultPolicySet()
    _ = try store.record(
      try DecisionFixtures.input("benzo-plus-oxycodone-90mme", set: set, unit: "ICU", service: "Medicine"))
    _ = try store.record(
      try DecisionFixtures.input("fibromyalgia-on-tramadol", set: set, unit: "4 West", service: "Orthopaedics"))
    configuration.reviewers = ["pharmacist-a", "@pharmacy"]
    configuration.auditors = ["auditor-a"]
    configuration.policyAdmins = ["admin-a"]
    configuration.origin = Self.origin
  }

  func application(peers: any PeerVerifier = AnyPeerIsTheProxy()) throws -> some ApplicationProtocol {
    let clock = clock
    let console = try ConsoleApplication(
      configuration: configuration, backend: InProcessBackend(store: store), clock: { clock.now.withLock { $0 } })
    return Application(router: console.router(peers: peers, sessions: MemoryPersistDriver()))
  }

  /// An open advisory's id on unit `unit`.
  func advisoryID(unit: String) throws -> Int64 {
    var filter = WorklistFilter()
    filter.unit = unit
    return try #require(try store.worklist(filter, today: "2026-11-18").items.first).id
  }
}

// MARK: - Requests

extension HTTPFields {
  /// The headers the proxy sends for `user`, with `cookie` if the browser holds one.
  static func proxy(_ user: String, cookie: String? = nil, extra: [(String, String)] = []) -> HTTPFields {
    var fields = HTTPFields()
    for (name, value) in [("X-Remote-User", user)] + extra {
      if let field = HTTPField.Name(name) { fields.append(HTTPField(name: field, value: value)) }
    }
    if let cookie { fields[.cookie] = cookie }
    return fields
  }
}

extension TestResponse {
  var text: String { String(buffer: body) }

  /// The `name=value` part of the session cookie this response sets, if any.
  var sessionCookie: String? {
    headers[values: .setCookie].first { $0.hasPrefix("__Host-sparrow-session=") }.map {
      String($0.prefix { $0 != ";" })
    }
  }

  /// The CSRF token of the page's first form.
  var csrfToken: String? {
    guard let range = text.range(of: #"name="csrf" value=""#) else { return nil }
    return String(text[range.upperBound...].prefix { $0 != "\"" })
  }
}

/// A form body.
func form(_ fields: [(String, String)]) -> ByteBuffer {
  var allowed = CharacterSet.alphanumerics
  allowed.insert(charactersIn: "-._~")
  return ByteBuffer(
    string: fields.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }
      .joined(separator: "&"))
}
