import Foundation
import SparrowTesting
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The control socket serves clients at once: idle connections delay nobody.
struct ControlSocketConcurrencyTests {
  /// A connected Unix socket that sends nothing.
  private func idleClient(_ path: String) -> Int32 {
    let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
    var address = sockaddr_un()
    address.sun_family = sa_family_t(AF_UNIX)
    withUnsafeMutableBytes(of: &address.sun_path) { raw in
      for (index, byte) in path.utf8.enumerated() where index < raw.count - 1 { raw[index] = byte }
    }
    let result = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
      }
    }
    return result == 0 ? descriptor : -1
  }

  @Test(.timeLimit(.minutes(1))) func statusAnswersWithTwoHundredIdleClientsConnected() throws {
    let harness = try DaemonHarness()
    try harness.start()
    let idle = (0..<200).map { _ in idleClient(harness.socket) }
    defer { for descriptor in idle where descriptor >= 0 { close(descriptor) } }
    #expect(idle.allSatisfy { $0 >= 0 })
    let started = ContinuousClock.now
    let status = try SparrowProcess.run(["status", "--socket", harness.socket])
    let elapsed = ContinuousClock.now - started
    #expect(status.status == 0)
    #expect(status.standardOutput.hasPrefix("sparrow is running"))
    // Served one at a time, each idle client ahead would hold it for its 5 s read timeout.
    #expect(elapsed < .seconds(2), "status took \(elapsed)")
    #expect(harness.stop() == 0)
  }

  @Test(.timeLimit(.minutes(1))) func aRequestCutOffByTheDeadlineIsAnsweredAsTimedOut() throws {
    let harness = try DaemonHarness()
    try harness.start()
    let client = idleClient(harness.socket)
    #expect(client >= 0)
    defer { close(client) }
    // Half a request and no newline: after the 5 s deadline the daemon answers "retry" (75), not "malformed".
    let partial = Array(#"{"command": "list""#.utf8)
    #expect(partial.withUnsafeBytes { send(client, $0.baseAddress, $0.count, 0) } == partial.count)
    var answer: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 4096)
    while !answer.contains(UInt8(ascii: "\n")) {
      let count = buffer.withUnsafeMutableBytes { recv(client, $0.baseAddress, $0.count, 0) }
      guard count > 0 else { break }
      answer += buffer[0..<count]
    }
    let text = String(decoding: answer, as: UTF8.self)
    #expect(text.contains(#""status":75"#), "\(text)")
    #expect(text.contains("request not complete within 5"), "\(text)")
    #expect(harness.stop() == 0)
  }
}
