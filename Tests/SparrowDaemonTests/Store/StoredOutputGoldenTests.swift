import Foundation
import GRDB
import SparrowCore
import SparrowTesting
import Testing

@testable import SparrowDaemon

/// What `advisories list`, `show` and `export` print for every record fixture, byte for byte, against golden
/// files written before the store's compact form existed. Whatever the store keeps, it gives back the same output.
///
/// The full outputs are about 2 MB, so `golden/digests.txt` holds each one's SHA-256, and two fixtures' outputs
/// are kept in full (`golden/*.txt`, `*.json`, `*.csv`) to read. On a difference the test writes what it got to a
/// temporary directory and names it. To rewrite the golden files after a deliberate change of output:
/// `SPARROW_WRITE_GOLDEN=1 swift test --filter StoredOutputGoldenTests`, then read the diff.
@Suite struct StoredOutputGoldenTests {
  private static let receivedAt = Date(timeIntervalSince1970: 1_795_000_000)
  private static let golden = Fixtures.directory.appendingPathComponent("golden")

  /// The fixtures kept in full: two opioids with a patch, and a drug Sparrow cannot identify.
  private static let readable = [
    "fentanyl-patch-25mcg-plus-oxycodone-prn-105mme", "unknown-opioid-levorphanol-plus-oxycodone",
  ]

  /// Record fixtures recorded in name order, each under its own file name, twice for the fatigue links (the
  /// second copy a minute later), with three reviews.
  private func store(names: [String]) throws -> AdvisoryStore {
    let store = try AdvisoryStore(writer: try DatabaseQueue(), clock: { Self.receivedAt })
    let set = try DecisionFixtures.defaultPolicySet()
    for copy in 0..<2 {
      for name in names {
        let (assessment, advisories, bytes) = try DecisionFixtures.evaluate(name, set: set)
        _ = try store.record(
          DecisionInput(
            fileName: "\(name)-\(copy).json", sha256: ContentDigest.sha256(bytes + [UInt8(copy)]),
            content: bytes, receivedAt: Self.receivedAt.addingTimeInterval(Double(copy) * 60),
            assessment: assessment, policy: set, advisories: advisories))
      }
    }
    try store.review(
      ReviewRequest(
        advisoryID: 1, reviewer: "pharmacist-a", reviewerUID: 1001, action: .accept, reasonCode: nil,
        note: "Synthetic note with <script>alert(1)</script> & \"quotes\""))
    try store.review(
      ReviewRequest(
        advisoryID: 2, reviewer: "pharmacist-b", reviewerUID: 1002, action: .override,
        reasonCode: "other", note: "Synthetic: discussed with the team"))
    try store.review(
      ReviewRequest(
        advisoryID: 2, reviewer: "pharmacist-a", reviewerUID: 1001, action: .accept, reasonCode: nil,
        note: nil))
    return store
  }

  /// The outputs, with each advisory's random UUID replaced by its id (the only part that differs between runs).
  private func outputs(names: [String]) throws -> [String: String] {
    try outputs(of: try store(names: names))
  }

  private func outputs(of store: AdvisoryStore) throws -> [String: String] {
    var all = AdvisoryFilter()
    all.status = nil
    let advisories = try store.advisories(all)
    #expect(!advisories.isEmpty)
    let details = try advisories.map { try #require(try store.advisoryDetail(id: $0.id)) }
    var files = [
      "list.table.txt": AdvisoryPresenter.table(advisories),
      "list.json": AdvisoryPresenter.json(advisories),
      "list.csv": AdvisoryPresenter.csv(advisories),
      "export.cds-hooks.json": AdvisoryPresenter.cdsHooks(advisories),
      "export.fhir.json": AdvisoryPresenter.fhir(details),
      "show.txt": details.map(AdvisoryPresenter.detailText).joined(separator: "\n----\n"),
      "show.json": details.map(AdvisoryPresenter.detailJSON).joined(separator: "\n"),
    ]
    // UUIDs share their millisecond prefix (one per receipt time): one pass per prefix replaces them.
    let ids = Dictionary(uniqueKeysWithValues: advisories.map { ($0.uuid, $0.id) })
    for prefix in Set(advisories.map { String($0.uuid.prefix(13)) }) {
      for (name, text) in files {
        let parts = text.components(separatedBy: prefix)
        files[name] =
          parts[0]
          + parts.dropFirst().map { part in
            ids[prefix + part.prefix(23)].map { "uuid-of-advisory-\($0)" + part.dropFirst(23) } ?? prefix + part
          }.joined()
      }
    }
    return files
  }

  private func compare(_ files: [String: String], with expected: [String: String], what: String) throws {
    guard files != expected else { return }
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
      "sparrow-golden-\(getpid())/\(what.replacingOccurrences(of: " ", with: "-"))")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    for (name, text) in files { try Data(text.utf8).write(to: directory.appendingPathComponent(name)) }
    let differing = files.keys.sorted().filter { files[$0] != expected[$0] }
    Issue.record("\(what): \(differing.joined(separator: ", ")) differ from the golden files; got \(directory.path)")
  }

  private static func digests(_ files: [String: String]) -> String {
    files.sorted { $0.key < $1.key }.map { "\(ContentDigest.sha256(Array($0.value.utf8)))  \($0.key)\n" }.joined()
  }

  @Test func everyOutputIsByteIdenticalToItsGoldenFile() throws {
    let names = try Fixtures.recordNames()
    #expect(names.count >= 20)
    let all = try outputs(names: names)
    let readable = try outputs(names: Self.readable)
    let writing = ProcessInfo.processInfo.environment["SPARROW_WRITE_GOLDEN"] == "1"
    if writing {
      try FileManager.default.createDirectory(at: Self.golden, withIntermediateDirectories: true)
      for (name, text) in readable { try Data(text.utf8).write(to: Self.golden.appendingPathComponent(name)) }
      try Data(Self.digests(all).utf8).write(to: Self.golden.appendingPathComponent("digests.txt"))
    }
    var expected: [String: String] = [:]
    for name in readable.keys {
      expected[name] = try String(contentsOf: Self.golden.appendingPathComponent(name), encoding: .utf8)
    }
    try compare(readable, with: expected, what: "two fixtures")
    let digests = try String(contentsOf: Self.golden.appendingPathComponent("digests.txt"), encoding: .utf8)
    #expect(Self.digests(all) == digests, "the outputs of all \(names.count) fixtures differ from golden/digests.txt")
    if Self.digests(all) != digests { try compare(all, with: [:], what: "all fixtures") }
  }

  /// A store written by the code before the compact record (schema v3, `Tests/Fixtures/store`), migrated at open,
  /// prints exactly what it printed before; the migration keeps every row and the review triggers still hold.
  @Test func aSchemaV3StoreMigratesWithIdenticalOutputs() throws {
    let dump = try String(
      contentsOf: Fixtures.directory.appendingPathComponent("store/schema-v3-two-fixtures.sql"), encoding: .utf8)
    let queue = try DatabaseQueue()
    try queue.writeWithoutTransaction { db in
      try db.execute(sql: dump)
      try db.execute(sql: "PRAGMA foreign_keys = ON")  // the dump turns them off; production runs with them on
    }
    let before = try queue.read { db in
      try ["received_file", "decision", "advisory", "review"].map { table in
        try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table)") ?? -1
      }
    }
    let store = try AdvisoryStore(writer: queue, clock: { Self.receivedAt })
    let after = try queue.read { db in
      try ["received_file", "decision", "advisory", "review"].map { table in
        try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table)") ?? -1
      }
    }
    #expect(after == before)
    #expect(before[2] > 10)
    // v5 read each earlier decision's risk figures and completeness back from its record.
    let figures = try queue.read { db in
      try Row.fetchAll(db, sql: "SELECT risk_score, risk_unknown, load_complete, record FROM decision")
    }
    for row in figures {
      let record = try StoredRecord(deflated: Array(row["record"] as Data))
      guard case .object(let assessment) = record.assessment, case .object(let risk)? = assessment["sideEffectRisk"],
        case .number(let score)? = risk["score"], case .object(let load)? = assessment["load"],
        case .bool(let complete)? = load["complete"]
      else {
        Issue.record("a record without its risk or load")
        continue
      }
      #expect(row["risk_score"] == Int(score))
      #expect(row["load_complete"] == complete)
      #expect((row["risk_unknown"] as Int?) != nil)
    }
    let files = try outputs(of: store)
    var expected: [String: String] = [:]
    for name in files.keys {
      expected[name] = try String(contentsOf: Self.golden.appendingPathComponent(name), encoding: .utf8)
    }
    try compare(files, with: expected, what: "migrated v3 store")
    #expect(try store.input(decisionID: 1) == nil, "v3 did not keep inputs")
    #expect(throws: DatabaseError.self) { try queue.write { db in try db.execute(sql: "DELETE FROM review") } }
    let problems = try queue.read { db in try Row.fetchAll(db, sql: "PRAGMA foreign_key_check") }
    #expect(problems.isEmpty)
    // New decisions go on in the compact form beside the migrated ones, and link to migrated open advisories.
    let set = try DecisionFixtures.defaultPolicySet()
    let (assessment, advisories, bytes) = try DecisionFixtures.evaluate(Self.readable[0], set: set)
    let recorded = try store.record(
      DecisionInput(
        fileName: "again.json", sha256: ContentDigest.sha256(bytes + [9]), content: bytes,
        receivedAt: Self.receivedAt, assessment: assessment, policy: set, advisories: advisories))
    #expect(!recorded.advisoryIDs.isEmpty)
    // Advisories 1 and 2 (this fixture's first two rules) were reviewed; the other rules repeat open migrated ones.
    #expect(recorded.linkedAdvisoryIDs == Array(recorded.advisoryIDs.dropFirst(2)))
    #expect(try store.input(decisionID: recorded.decisionID) == bytes)
  }
}
