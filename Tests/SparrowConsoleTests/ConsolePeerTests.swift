import Foundation
import Hummingbird
import Logging
import SparrowConsole
import SparrowCore
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The console on a real Unix socket with the production peer check (SO_PEERCRED): the identity header is believed
/// from the configured proxy user's connections only. The test process is the peer either way.
@Suite(.serialized) struct ConsolePeerTests {
  /// Serves the console for `proxyUID` on a fresh socket and returns the status line of one request.
  func statusLine(proxyUID: uid_t) async throws -> String {
    let fixture = try ConsoleFixture()
    var configuration = fixture.configuration
    configuration.listen = "/tmp/sparrow-console-test-\(getpid())-\(proxyUID).sock"
    unlink(configuration.listen)
    let console = try ConsoleApplication(configuration: configuration, backend: InProcessBackend(store: fixture.store))
    let ready = AsyncStream<Void>.makeStream()
    let app = console.application(
      peers: CredentialPeerVerifier(proxyUID: proxyUID), logger: Logger(label: "console-test")
    ) { ready.continuation.yield() }
    let server = Task { try await app.runService() }
    defer {
      server.cancel()
      unlink(configuration.listen)
    }
    var iterator = ready.stream.makeAsyncIterator()
    _ = await iterator.next()
    let answer = try Self.request(
      path: configuration.listen,
      "GET / HTTP/1.1\r\nHost: sparrow.test\r\nX-Remote-User: pharmacist-a\r\nConnection: close\r\n\r\n")
    return answer.components(separatedBy: "\r\n").first ?? ""
  }

  @Test func theProxysOwnConnectionIsBelieved() async throws {
    let line = try await statusLine(proxyUID: getuid())
    #expect(line == "HTTP/1.1 200 OK")
  }

  @Test func anotherUsersConnectionIsRefusedWhateverItsHeaderSays() async throws {
    #expect(try await statusLine(proxyUID: getuid() &+ 1) == "HTTP/1.1 403 Forbidden")
  }

  /// One request on a new connection to the Unix socket at `path`; the whole answer.
  static func request(path: String, _ text: String) throws -> String {
    let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
    try #require(descriptor >= 0)
    defer { close(descriptor) }
    var address = sockaddr_un()
    address.sun_family = sa_family_t(AF_UNIX)
    withUnsafeMutableBytes(of: &address.sun_path) { buffer in
      for (index, byte) in path.utf8.prefix(buffer.count - 1).enumerated() { buffer[index] = byte }
    }
    let connected = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
      }
    }
    try #require(connected == 0, "connect: \(String(cString: strerror(errno)))")
    _ = text.withCString { write(descriptor, $0, strlen($0)) }
    var answer: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65_536)
    while true {
      let count = read(descriptor, &buffer, buffer.count)
      if count <= 0 { break }
      answer += buffer[0..<count]
    }
    return String(decoding: answer, as: UTF8.self)
  }
}
