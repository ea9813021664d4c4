import Foundation
import GRDB
import SparrowCore
import SparrowDaemon
import SparrowTesting
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The console names the signed-in reviewer with `actingFor`; the daemon believes it only from the console's own
/// user (the peer's SO_PEERCRED). The test process is the peer.
@Suite struct ActingForTests {
  private func withServer(
    consoleUser: String, _ body: (String, AdvisoryStore, Int64, DatabaseQueue) throws -> Void
  ) throws {
    let directory = try TemporaryDirectory()
    let database = try DatabaseQueue()
    let store = try AdvisoryStore(writer: database)
    let set = try DecisionFixtures.defaultPolicySet()
    let id = try store.record(try DecisionFixtures.input("fibromyalgia-on-tramadol", set: set)).advisoryIDs[0]
    let socket = directory.url.appendingPathComponent("control.sock").path
    let me = Caller.current.name
    let server = ControlServer(store: store, path: socket, reviewGroup: me, consoleUser: consoleUser)
    try server.start(mode: 0o600)
    defer { server.stop() }
    try body(socket, store, id, database)
  }

  @Test func theConsolesUserMayNameTheReviewerAndTheAuditSaysSo() throws {
    let me = Caller.current.name
    try withServer(consoleUser: me) { socket, store, id, database in
      let response = try ControlClient.send(
        .review(id: id, action: .accept, reason: nil, note: nil), to: socket, actingFor: "pharmacist-a")
      #expect(response.status == .success, "\(response.error)")
      let review = try #require(try store.advisoryDetail(id: id)?.reviews.first)
      #expect(review.reviewer == "pharmacist-a")
      #expect(review.channel == .console)
      #expect(review.assertedBy == me)
      _ = try ControlClient.send(.dossier(id: id, opened: true), to: socket, actingFor: "pharmacist-b")
      _ = try ControlClient.send(.dossier(id: id, opened: false), to: socket, actingFor: "pharmacist-c")
      #expect(
        try store.followUp(advisoryID: id).openings.map(\.reviewer) == ["pharmacist-b"],
        "a page drawn without `opened` records no opening")
      _ = try ControlClient.send(
        .intervention(id: id, kind: .proposed, response: .pending, minutes: nil, note: nil), to: socket,
        actingFor: "pharmacist-b")
      _ = try ControlClient.send(
        .assign(id: id, assignee: "pharmacist-c", followUpOn: nil), to: socket, actingFor: "pharmacist-b")
      for table in ["advisory_opening", "intervention", "assignment"] {
        let asserted = try database.read { db in try String.fetchAll(db, sql: "SELECT asserted_by FROM \(table)") }
        #expect(asserted == [me], "\(table) names the peer that asserted the user")
      }
      // Without actingFor the peer is the reviewer, on the command-line channel.
      _ = try ControlClient.send(.review(id: id, action: .accept, reason: nil, note: nil), to: socket)
      let second = try #require(try store.advisoryDetail(id: id)?.reviews.last)
      #expect(second.reviewer == me)
      #expect(second.channel == .cli)
      #expect(second.assertedBy == nil)
    }
  }

  @Test func anyOtherPeerIsRefusedAndNothingIsRecorded() throws {
    try withServer(consoleUser: "sparrow-console-\(getpid())") { socket, store, id, _ in
      let response = try ControlClient.send(
        .review(id: id, action: .accept, reason: nil, note: nil), to: socket, actingFor: "pharmacist-a")
      #expect(response.status == .noPermission)
      #expect(response.error.contains("only the console's user"))
      #expect(try store.advisoryDetail(id: id)?.reviews.isEmpty == true)
      let read = try ControlClient.send(.dossier(id: id, opened: true), to: socket, actingFor: "pharmacist-a")
      #expect(read.status == .noPermission, "not even a read may name another user")
      #expect(try store.followUp(advisoryID: id).openings.isEmpty)
    }
  }

  /// A name the console would refuse is refused by the daemon too, even from the console's own user: a
  /// bidirectional override or a zero-width space would make one reviewer look like another in the audit.
  @Test(arguments: [
    "", "pharm\u{7}acist", "\u{202E}a-tsicamrahp", "pharma\u{200B}cist-a", String(repeating: "p", count: 201),
  ])
  func anActingForThatIsNoNameIsRefused(name: String) throws {
    try withServer(consoleUser: Caller.current.name) { socket, store, id, _ in
      let response = try ControlClient.send(
        .review(id: id, action: .accept, reason: nil, note: nil), to: socket, actingFor: name)
      #expect(response.status == .usage)
      #expect(response.error == "actingFor must name a user")
      #expect(try store.advisoryDetail(id: id)?.reviews.isEmpty == true)
    }
  }

  @Test(arguments: [
    ReviewRequestMessage.worklist(WorklistFilter()), .dossier(id: 7, opened: true), .dossier(id: 7, opened: false),
    .assign(id: 7, assignee: "a", followUpOn: "2026-12-03"),
    .assign(id: 7, assignee: nil, followUpOn: nil),
    .intervention(id: 7, kind: .discussed, response: .declined, minutes: 12, note: "Synthetic"),
    .intervention(id: 7, kind: .informed, response: .pending, minutes: nil, note: nil), .handover(unit: "ICU"),
    .acknowledgeHandover(unit: "4 West", items: [3, 9]), .acknowledgeHandover(unit: "ICU", items: []),
    .ruleStats(format: .json),
  ])
  func everyConsoleMessageReadsBackAsItself(message: ReviewRequestMessage) throws {
    let line = JSONWriter.compactString(message.jsonValue)
    #expect(ReviewRequestMessage(json: try JSONParser().parse(Array(line.utf8))) == message)
  }
}
