import Foundation
import GRDB
import InMemoryLogging
import Logging
import ServiceLifecycle
import SparrowCore
import SparrowTesting
import Testing

@testable import SparrowDaemon

/// The whole intake — inotify, claiming, deciding, the store, moves, the journal's entries — in the test's own
/// process: an in-memory store and swift-log's `InMemoryLogHandler`, no daemon to spawn and poll.
@Suite struct InProcessIntakeTests {
  // The limit catches a hang, not slowness. Alone the test takes under a second; inside the whole suite on two
  // cores its tasks wait for the cooperative pool behind the tests that block on child processes, and it took 70
  // to 90 s in CI (a one-minute limit failed one run at 88 s).
  @Test(.timeLimit(.minutes(4)))
  func filesAreDecidedRecordedMovedAndLoggedWithoutPatientData() async throws {
    let directory = try TemporaryDirectory()
    var config = SparrowConfiguration()
    config.spool = directory.url.appendingPathComponent("spool").path
    config.database = directory.url.appendingPathComponent("in-memory.sqlite").path  // beside the last-good copy
    config.policies = Fixtures.repositoryRoot.appendingPathComponent("Policies").path
    config.socket = directory.url.appendingPathComponent("control.sock").path
    let handler = InMemoryLogHandler()
    let logger = Logger(label: "sparrow-test") { _ in handler }
    let store = try AdvisoryStore(writer: try DatabaseQueue())
    let (group, _) = try SparrowDaemon.makeServiceGroup(
      config: config, logger: logger, configPath: nil, store: { store }, watchedDatabase: nil, shutdownSignals: [])
    let running = Task { try await group.run() }

    let names = ["benzo-plus-oxycodone-90mme", "no-medications", "fibromyalgia-on-tramadol"]
    for name in names {
      let bytes = try Fixtures.bytes("records/\(name).json")
      let temporary = config.spool + "/incoming/.\(name).tmp"
      try Data(bytes).write(to: URL(fileURLWithPath: temporary))
      #expect(rename(temporary, config.spool + "/incoming/\(name).json") == 0)
    }
    try Data("{not json".utf8).write(to: URL(fileURLWithPath: config.spool + "/incoming/broken.json"))
    let deadline = ContinuousClock.now + .seconds(30)
    while try store.counts().received < names.count + 1 && ContinuousClock.now < deadline {
      try await Task.sleep(for: .milliseconds(20))
    }
    await group.triggerGracefulShutdown()
    try await running.value

    let counts = try store.counts()
    #expect(counts.decided == names.count)
    #expect(counts.quarantined == 1)
    let today = WallClock.today().description
    let processed = try FileManager.default.contentsOfDirectory(atPath: config.spool + "/processed/" + today)
    #expect(Set(processed) == Set(names.map { "\($0).json" }))
    #expect(try FileManager.default.contentsOfDirectory(atPath: config.spool + "/incoming").isEmpty)

    let entries = handler.entries
    let raised = entries.filter { $0.message.description == JournalEvent.advisoryRaised.rawValue }
    var all = AdvisoryFilter()
    all.status = nil
    #expect(raised.count == (try store.advisories(all)).count)
    #expect(raised.count > 3)
    #expect(entries.contains { $0.message.description == JournalEvent.fileQuarantined.rawValue })
    // No patient data in the journal: no patient id, and no key that would carry one.
    for entry in entries {
      let text = "\(entry.message) \(entry.metadata)"
      #expect(!text.contains("SYN-"), "\(text)")
      #expect(entry.metadata["patient.id"] == nil)
    }
  }
}
