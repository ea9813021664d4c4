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
            size: bytes.count, receivedAt: Self.receivedAt.addingTimeInterval(Double(copy) * 60),
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
    let store = try store(names: names)
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
}
