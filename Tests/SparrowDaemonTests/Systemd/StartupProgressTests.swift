import Foundation
import Synchronization
import Testing

@testable import SparrowDaemon

@Suite struct StartupProgressTests {
  /// The messages a step sent, as systemd would receive them.
  final class Received: Sendable {
    let messages = Mutex<[String]>([])
    func record(_ message: String) { messages.withLock { $0.append(message) } }
    var all: [String] { messages.withLock { $0 } }
  }

  /// A slow step keeps extending the start timeout while it runs, naming itself in the status line.
  @Test func aSlowStepExtendsTheStartTimeoutWhileItRuns() throws {
    let received = Received()
    let result = StartupProgress.during(
      "migrating the store", interval: 0.05, allowance: 2, notify: received.record
    ) { () -> Int in
      Thread.sleep(forTimeInterval: 0.4)
      return 7
    }
    #expect(result.value == 7)
    #expect(result.seconds >= 0.4)
    let during = received.all
    #expect(during.count >= 3)
    #expect(during.allSatisfy { $0.hasPrefix("EXTEND_TIMEOUT_USEC=2000000\nSTATUS=migrating the store (") })
    // Once the step is over the extensions stop.
    Thread.sleep(forTimeInterval: 0.3)
    #expect(received.all.count == during.count)
  }

  /// The first extension goes out at once, before the step's first interval is over.
  @Test func theFirstExtensionIsSentAtOnce() {
    let received = Received()
    _ = StartupProgress.during("checking", interval: 60, allowance: 30, notify: received.record) {
      Thread.sleep(forTimeInterval: 0.5)
      #expect(received.all.count == 1, "sent while the step runs, not only as it ends")
    }
    #expect(received.all.count == 1)
    #expect(received.all.first?.hasPrefix("EXTEND_TIMEOUT_USEC=30000000\n") == true)
  }

  /// A step that fails still stops its timer, and the error reaches the caller.
  @Test func aFailingStepStopsExtending() {
    struct Failure: Error {}
    let received = Received()
    #expect(throws: Failure.self) {
      try StartupProgress.during("opening", interval: 0.02, allowance: 1, notify: received.record) {
        Thread.sleep(forTimeInterval: 0.1)
        throw Failure()
      }
    }
    let after = received.all.count
    #expect(after >= 1)
    Thread.sleep(forTimeInterval: 0.2)
    #expect(received.all.count == after)
  }
}
