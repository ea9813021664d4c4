import Foundation
import GRDB
import SparrowCore
import SparrowTesting
import Testing

@testable import SparrowDaemon

@Suite struct AdvisoryStoreTests {
  /// A clock tests can move.
  final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current = Date(timeIntervalSince1970: 1_795_000_000)
    var now: Date { lock.withLock { current } }
    func advance(_ seconds: TimeInterval) { lock.withLock { current += seconds } }
  }

  private func input(_ name: String, set: PolicySet, sha: String? = nil) throws -> DecisionInput {
    let (assessment, advisories, bytes) = try DecisionFixtures.evaluate(name, set: set)
    return DecisionInput(
      fileName: "\(name).json", sha256: sha ?? ContentDigest.sha256(bytes), content: bytes,
      receivedAt: Date(timeIntervalSince1970: 1_795_000_000), assessment: assessment, policy: set,
      advisories: advisories)
  }

  @Test func productionPoolMigratesFromEmptyWithWALAndFullSynchronous() throws {
    let directory = try TemporaryDirectory()
    let path = directory.url.appendingPathComponent("sparrow.sqlite").path
    let store = try AdvisoryStore(writer: try AdvisoryStore.openPool(path: path))
    #expect(try store.synchronousSetting() == 2)
    #expect(try store.journalMode() == "wal")
    let tables = try DatabaseQueue(path: path).read { db in
      try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    }
    #expect(
      tables == [
        "advisory", "advisory_opening", "assignment", "decision", "duplicate_receipt", "grdb_migrations", "handover",
        "intervention", "policy_revision", "quarantined_file", "received_file", "review", "rule_text",
      ])
    let foreignKeys = try DatabaseQueue(path: path).read { db in try Int.fetchOne(db, sql: "PRAGMA foreign_keys") }
    #expect(foreignKeys == 1)
    // Opening again runs no migration twice and keeps the data.
    _ = try AdvisoryStore(writer: try AdvisoryStore.openPool(path: path))
  }

  @Test func sameContentTwiceIsOneDecision() throws {
    let directory = try TemporaryDirectory()
    let store = try AdvisoryStore(
      writer: try AdvisoryStore.openPool(path: directory.url.appendingPathComponent("s.sqlite").path))
    let set = try DecisionFixtures.defaultPolicySet()
    let first = try store.record(try input("benzo-plus-oxycodone-90mme", set: set))
    let again = try store.record(try input("benzo-plus-oxycodone-90mme", set: set))
    #expect(!first.isDuplicate)
    #expect(first.advisoryIDs.count == 4)
    #expect(
      again == RecordedDecision(decisionID: first.decisionID, isDuplicate: true, advisoryIDs: [], linkedAdvisoryIDs: [])
    )
    #expect(try store.counts().decided == 1)
    #expect(try store.advisories(AdvisoryFilter()).count == 4)
  }

  /// A file read again from processing/ (after a failed move) is the same receipt; the same content under another
  /// name, or sent again as a new file, is noted as a duplicate receipt.
  @Test func aRetriedFileIsNotASecondReceipt() throws {
    let store = try AdvisoryStore(writer: try DatabaseQueue())
    let set = try DecisionFixtures.defaultPolicySet()
    let original = try input("no-medications", set: set)
    let first = try store.record(original)
    var retry = original
    retry.isRetry = true
    #expect(try store.record(retry).isDuplicate)
    #expect(try store.record(retry).isDuplicate)
    #expect(try store.duplicateReceiptCount() == 0)
    var renamed = retry
    renamed.fileName = "other-name.json"
    #expect(try store.record(renamed).decisionID == first.decisionID)
    #expect(try store.duplicateReceiptCount() == 1)
    #expect(try store.record(renamed).isDuplicate)
    #expect(try store.duplicateReceiptCount() == 1, "retrying the noted receipt notes nothing new")
    #expect(try store.record(original).isDuplicate)
    #expect(try store.duplicateReceiptCount() == 2, "the same file sent again is a receipt")
  }

  /// With claims, a receipt is known by its arrival, not its name: the same name and content arriving again is a
  /// receipt even when it is first seen as a retry (a crash before its commit); the same arrival again is not.
  @Test func aReceiptIsKnownByItsClaim() throws {
    let store = try AdvisoryStore(writer: try DatabaseQueue())
    let set = try DecisionFixtures.defaultPolicySet()
    var first = try input("no-medications", set: set)
    first.claim = claim(inode: 10, birth: 5, change: 100)
    let decision = try store.record(first).decisionID
    var second = first
    second.claim = claim(inode: 11, birth: 6, change: 200)
    second.isRetry = true
    #expect(
      try store.record(second)
        == RecordedDecision(decisionID: decision, isDuplicate: true, advisoryIDs: [], linkedAdvisoryIDs: []))
    #expect(try store.duplicateReceiptCount() == 1)
    #expect(try store.record(second).isDuplicate)
    var firstAgain = first
    firstAgain.isRetry = true
    #expect(try store.record(firstAgain).isDuplicate)
    #expect(try store.duplicateReceiptCount() == 1, "the same two arrivals read again note nothing new")
  }

  /// A claim as the spool writes it: `INODE:BIRTH:CHANGE` (BIRTH nil: not kept).
  private func claim(inode: Int, birth: Int?, change: Int) -> String {
    "\(inode):\(birth.map { "\($0).000000000" } ?? "-"):\(change).000000000"
  }

  /// A retry (read again after a crash) whose last change was a write after an earlier arrival of the same file was
  /// decided: with other content it changed after it was read, and nothing is decided; with the same content it is
  /// that receipt, touched. A file sent again by moving it back into incoming/ (a rename, not a write) is a new
  /// arrival, whether its first commit succeeds or not; so is a retry of another file, or of an inode alone.
  @Test func aRetryWrittenToSinceItsFileWasDecidedIsNotDecidedAgain() throws {
    let store = try AdvisoryStore(writer: try DatabaseQueue())
    let set = try DecisionFixtures.defaultPolicySet()
    func arrival(_ sha: String, inode: Int, birth: Int? = 5, change: Int, written: Int? = nil) throws -> DecisionInput {
      var input = try input("no-medications", set: set, sha: sha)
      input.claim = claim(inode: inode, birth: birth, change: change)
      input.lastWrite = written.map { "\($0).000000000" }
      input.isRetry = true
      return input
    }
    var first = try arrival("a", inode: 10, change: 100)
    first.isRetry = false
    let decision = try store.record(first).decisionID
    // Touched after it was read, same content: the same receipt.
    let touched = try store.record(try arrival("a", inode: 10, change: 101, written: 101))
    #expect(touched.isDuplicate && !touched.changedSinceDecided)
    #expect(try store.duplicateReceiptCount() == 0)
    // Written to after it was read: not decided again.
    let changed = try store.record(try arrival("b", inode: 10, change: 101, written: 101))
    #expect(changed.changedSinceDecided && changed.decisionID == decision && changed.advisoryIDs.isEmpty)
    // Written to in the same timestamp tick as its claim: the claim is its own arrival's, the content is not.
    let sameTick = try store.record(try arrival("f", inode: 10, change: 100, written: 100))
    #expect(sameTick.changedSinceDecided && sameTick.decisionID == decision)
    #expect(try store.counts().decided == 1)
    // The edited file sent again (renamed back into incoming/, claimed, a crash before its commit): decided.
    let resent = try store.record(try arrival("b", inode: 10, change: 300))
    #expect(!resent.isDuplicate && !resent.changedSinceDecided)
    // Sent again unedited, likewise: a receipt of its own.
    #expect(try store.record(try arrival("a", inode: 10, change: 400)).isDuplicate)
    #expect(try store.duplicateReceiptCount() == 1)
    // The edited arrival read again, written in the tick of its own claim: its own decision, not the first one's.
    let ownTick = try store.record(try arrival("b", inode: 10, change: 300, written: 300))
    #expect(ownTick.isDuplicate && !ownTick.changedSinceDecided && ownTick.decisionID == resent.decisionID)
    // A duplicate arrival of another file, then written to after it was read, then a crash: not decided.
    var duplicate = try arrival("a", inode: 20, birth: 7, change: 500)
    duplicate.isRetry = false
    #expect(try store.record(duplicate).isDuplicate)
    #expect(try store.duplicateReceiptCount() == 2)
    let changedDuplicate = try store.record(try arrival("e", inode: 20, birth: 7, change: 501, written: 501))
    #expect(changedDuplicate.changedSinceDecided && changedDuplicate.decisionID == decision)
    // Another file, and an inode without a birth time: decided.
    #expect(try !store.record(try arrival("c", inode: 11, change: 102, written: 102)).isDuplicate)
    #expect(
      try !store.record(try arrival("d", inode: 10, birth: nil, change: 600, written: 600)).isDuplicate,
      "without a birth time an inode alone does not name a file")
    #expect(try store.counts().decided == 4)
    #expect(try store.duplicateReceiptCount() == 2)
  }

  /// Claims written while they began with the device number lose it at v7, so that they still match the claims of
  /// files left in processing/ across the upgrade; claims already in the current form are kept.
  @Test func theArrivalMigrationDropsTheDeviceFromOldClaims() throws {
    let queue = try DatabaseQueue()
    try StoreMigrations.migrator.migrate(queue, upTo: "v6-claim")
    try queue.write { db in
      for claim in ["64769:10:5.000000000:100.000000000", "11:6.000000000:200.000000000"] {
        try db.execute(
          sql: "INSERT INTO quarantined_file (name, reason, quarantined_at, claim) VALUES ('a.json', 'r', 't', ?)",
          arguments: [claim])
      }
    }
    _ = try AdvisoryStore(writer: queue)
    let claims = try queue.read { db in try String.fetchAll(db, sql: "SELECT claim FROM quarantined_file ORDER BY id") }
    #expect(claims == ["10:5.000000000:100.000000000", "11:6.000000000:200.000000000"])
  }

  /// A quarantine is recorded once per arrival: again after a crash (the same claim) adds nothing; the same bad
  /// file sent again (a new claim) is a quarantine of its own, and so is an unreadable one without a hash.
  @Test func aQuarantineIsRecordedOncePerArrival() throws {
    let store = try AdvisoryStore(writer: try DatabaseQueue())
    let reason = QuarantineReason(error: "symbolic link", path: nil, time: "t", sha256: nil)
    let count = { try store.counts().quarantined }
    try store.recordQuarantine([QuarantineEntry(name: "a.json", reason: reason, claim: "2:3.0:4.0", isRetry: false)])
    try store.recordQuarantine([QuarantineEntry(name: "a.json", reason: reason, claim: "2:3.0:4.0", isRetry: true)])
    #expect(try count() == 1)
    try store.recordQuarantine([QuarantineEntry(name: "a.json", reason: reason, claim: "2:3.0:9.0", isRetry: false)])
    #expect(try count() == 2)
    var parsed = reason
    parsed.sha256 = "ab"
    parsed.error = "not JSON"
    for claim in ["6:7.0:8.0", "6:7.0:8.0", "6:7.0:9.0"] {
      try store.recordQuarantine([QuarantineEntry(name: "b.json", reason: parsed, claim: claim, isRetry: false)])
    }
    #expect(try count() == 4, "the same bad content sent twice is quarantined twice")
  }

  @Test func batchRecordsManyInOneTransactionAndDeduplicatesWithinIt() throws {
    let store = try AdvisoryStore(writer: try DatabaseQueue())
    let set = try DecisionFixtures.defaultPolicySet()
    let results = try store.record(batch: [
      try input("crps-long-term-escalating", set: set), try input("no-medications", set: set),
      try input("crps-long-term-escalating", set: set),
    ])
    #expect(results.map(\.isDuplicate) == [false, false, true])
    #expect(results[2].decisionID == results[0].decisionID)
    #expect(results[1].advisoryIDs.isEmpty, "a decision with no advisory is still recorded")
    #expect(try store.counts().decided == 2)
  }

  @Test func repeatsWithinTheFatigueWindowAreLinkedNotQueued() throws {
    let clock = TestClock()
    let store = try AdvisoryStore(writer: try DatabaseQueue(), fatigueWindow: 3600, clock: { clock.now })
    let set = try DecisionFixtures.defaultPolicySet()
    let first = try store.record(try input("fibromyalgia-on-tramadol", set: set, sha: "a"))
    clock.advance(600)
    let repeated = try store.record(try input("fibromyalgia-on-tramadol", set: set, sha: "b"))
    #expect(repeated.linkedAdvisoryIDs == repeated.advisoryIDs)
    let linked = try #require(try store.advisoryDetail(id: repeated.advisoryIDs[0]))
    #expect(linked.advisory.status == .linked)
    #expect(first.advisoryIDs.contains(linked.advisory.linkedTo ?? -1))
    #expect(try store.advisories(AdvisoryFilter()).count == first.advisoryIDs.count)

    // Outside the window the rule queues again; under another policy revision too.
    clock.advance(3600)
    let later = try store.record(try input("fibromyalgia-on-tramadol", set: set, sha: "c"))
    #expect(later.linkedAdvisoryIDs.isEmpty)
    let otherRevision = try store.record(
      try input("fibromyalgia-on-tramadol", set: try DecisionFixtures.defaultPolicySet(revision: "other"), sha: "d"))
    #expect(otherRevision.linkedAdvisoryIDs.isEmpty)
  }

  @Test func statusIsTheLatestReviewAndReasonsComeFromThePolicy() throws {
    let store = try AdvisoryStore(writer: try DatabaseQueue())
    let set = try DecisionFixtures.defaultPolicySet()
    let recorded = try store.record(try input("benzo-plus-oxycodone-90mme", set: set))
    let id = recorded.advisoryIDs[0]  // opioid-benzodiazepine
    func review(_ action: ReviewAction, _ reason: String?, _ note: String? = nil) throws {
      try store.review(
        ReviewRequest(
          advisoryID: id, reviewer: "pharmacist", reviewerUID: 1001, action: action, reasonCode: reason, note: note))
    }
    #expect(
      throws: StoreError.invalidReview(
        "override needs --reason, one of no-alternative, will-monitor, taper-in-progress, other")
    ) {
      try review(.override, nil)
    }
    #expect(
      throws: StoreError.invalidReview(
        "reason 'made-up' is not offered by rule opioid-benzodiazepine; use one of no-alternative, will-monitor, taper-in-progress, other"
      )
    ) { try review(.dismiss, "made-up") }
    #expect(throws: StoreError.invalidReview("reason 'other' needs a --note saying why")) {
      try review(.override, "other")
    }
    #expect(throws: StoreError.noSuchAdvisory(999)) {
      try store.review(
        ReviewRequest(advisoryID: 999, reviewer: "p", reviewerUID: 1, action: .accept, reasonCode: nil, note: nil))
    }
    try review(.override, "will-monitor", "Monitored ward")
    #expect(try store.advisoryDetail(id: id)?.advisory.status == .overridden)
    try review(.accept, nil)
    let detail = try #require(try store.advisoryDetail(id: id))
    #expect(detail.advisory.status == .accepted)
    #expect(detail.reviews.map(\.action) == ["override", "accept"])
    #expect(detail.reviews.first?.note == "Monitored ward")
    #expect(detail.reviews.first?.reviewer == "pharmacist")
  }

  @Test func reviewsCannotBeUpdatedOrDeletedEvenWithSQL() throws {
    let directory = try TemporaryDirectory()
    let path = directory.url.appendingPathComponent("s.sqlite").path
    let store = try AdvisoryStore(writer: try AdvisoryStore.openPool(path: path))
    let recorded = try store.record(
      try input("benzo-plus-oxycodone-90mme", set: try DecisionFixtures.defaultPolicySet()))
    try store.review(
      ReviewRequest(
        advisoryID: recorded.advisoryIDs[0], reviewer: "p", reviewerUID: 1, action: .accept, reasonCode: nil, note: nil)
    )
    let other = try DatabaseQueue(path: path)
    #expect(throws: DatabaseError.self) {
      try other.write { try $0.execute(sql: "UPDATE review SET action = 'dismiss'") }
    }
    #expect(throws: DatabaseError.self) { try other.write { try $0.execute(sql: "DELETE FROM review") } }
    #expect(try other.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM review") } == 1)
  }

  @Test func listFiltersAndOrdersBySeverityThenNewest() throws {
    let clock = TestClock()
    let store = try AdvisoryStore(writer: try DatabaseQueue(), clock: { clock.now })
    let set = try DecisionFixtures.defaultPolicySet()
    _ = try store.record(try input("fibromyalgia-on-tramadol", set: set))
    clock.advance(60)
    _ = try store.record(try input("benzo-plus-oxycodone-90mme", set: set))
    let all = try store.advisories(AdvisoryFilter())
    #expect(all.map(\.indicator) == all.map(\.indicator).sorted(by: >), "most severe first")
    #expect(all.first?.ruleID == "opioid-benzodiazepine")  // the only critical
    var filter = AdvisoryFilter()
    filter.patientID = "SYN-0018"
    #expect(Set(try store.advisories(filter).map(\.ruleID)) == ["fibromyalgia-opioids", "multimodal-options"])
    filter = AdvisoryFilter()
    filter.indicator = .critical
    #expect(Set(try store.advisories(filter).map(\.ruleID)) == ["opioid-benzodiazepine"])
    filter.indicator = .warning
    #expect(
      Set(try store.advisories(filter).map(\.ruleID)) == ["opioid-load-90", "naloxone-offer", "fibromyalgia-opioids"])
    filter = AdvisoryFilter()
    filter.ruleID = "naloxone-offer"
    #expect(try store.advisories(filter).count == 1)
  }

  /// Linking a repeat starts from the patient's decisions, not from the whole open queue: with the status index
  /// the lookup was one scan of every open advisory per decision.
  @Test func theRepeatLookupStartsFromThePatientsDecisions() throws {
    let queue = try DatabaseQueue()
    _ = try AdvisoryStore(writer: queue)
    let plan = try queue.read { db in
      try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + AdvisoryStore.openRepeatsSQL, arguments: ["p", 1, "t"])
        .map { $0["detail"] as String }
    }
    #expect(plan.first?.contains("decision_patient") == true, "\(plan)")
    #expect(!plan.contains { $0.contains("advisory_status") }, "\(plan)")
  }

  /// A revision names one set's texts. Two different texts recorded under one revision would show one of them
  /// for the other's advisories, so the second is refused.
  @Test func aRevisionWithDifferentTextsIsRefused() throws {
    let store = try AdvisoryStore(writer: try DatabaseQueue())
    func set(_ summary: String) throws -> PolicySet {
      var set = try PolicyBuilder.load(
        "rules:\n" + PolicyBuilder.rule("r", summary: summary, when: "{fact: load.opioidActive, equals: true}"))
      set.revision = "one-revision"
      return set
    }
    func record(_ set: PolicySet, _ sha: String) throws -> RecordedDecision {
      let record = RecordBuilder.record([RecordBuilder.oral("morphine", milligrams: 30, timesPerDay: 2)])
      let assessment = set.assess(record, on: Fixtures.evaluationDate)
      return try store.record(
        DecisionInput(
          fileName: "\(sha).json", sha256: sha, content: Array(sha.utf8), receivedAt: Date(),
          assessment: assessment, policy: set, advisories: set.evaluate(assessment)))
    }
    #expect(try record(try set("First wording"), "a").advisoryIDs.count == 1)
    #expect(try record(try set("First wording"), "b").advisoryIDs.count == 1)
    #expect(throws: StoreError.self) { try record(try set("Second wording"), "c") }
    #expect(try store.counts().decided == 2, "nothing of the refused batch was written")
  }

  /// A patient's queue starts from the patient's decisions too, not from every open advisory.
  @Test func aPatientsListStartsFromThePatientsDecisions() throws {
    let queue = try DatabaseQueue()
    _ = try AdvisoryStore(writer: queue)
    var filter = AdvisoryFilter()
    filter.patientID = "SYN-0001"
    let (sql, arguments) = AdvisoryStore.listQuery(filter)
    let plan = try queue.read { db in
      try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: arguments).map { $0["detail"] as String }
    }
    #expect(plan.first?.contains("decision_patient") == true, "\(plan)")
  }
}
