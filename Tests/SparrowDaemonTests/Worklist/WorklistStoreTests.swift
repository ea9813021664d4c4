import Foundation
import GRDB
import SparrowCore
import SparrowDaemon
import SparrowTesting
import Synchronization
import Testing

/// The worklist and what is recorded beside the triage, on synthetic fixtures whose advisories are worked out in
/// the policy set's own tests.
@Suite struct WorklistStoreTests {
  let set: PolicySet
  /// The store's clock, from 2026-11-18T11:06:40Z.
  final class Clock: Sendable {
    let now = Mutex(Date(timeIntervalSince1970: 1_795_000_000))
  }
  let clock = Clock()
  let database: DatabaseQueue
  let store: AdvisoryStore

  init() throws {
    set = try DecisionFixtures.defaultPolicySet()
    let clock = clock
    database = try DatabaseQueue()
    store = try AdvisoryStore(writer: database, clock: { clock.now.withLock { $0 } })
  }

  func advance(hours: Double) {
    clock.now.withLock { $0 += hours * 3_600 }
  }

  var everything: WorklistFilter {
    var filter = WorklistFilter()
    filter.includeWaiting = true
    filter.limit = 5_000
    return filter
  }

  /// The advisory page's MME/day plot: one point per decision of the patient, oldest first, and a total with an
  /// unknown opioid in it marked as a lower bound.
  @Test func mmeHistoryMarksLowerBoundsInOrder() throws {
    var expected: [(mme: Double, complete: Bool)] = []
    for (name, copy) in [
      ("oxycodone-er-10mg-bid-30mme", 1), ("unknown-opioid-levorphanol-plus-oxycodone", 2),
      ("oxycodone-er-10mg-bid-30mme", 3),
    ] {
      let bytes = try Fixtures.bytes("records/\(name).json")
      var record = try RecordDecoder().decode(bytes)
      record.patient.id = "SYN-PLOT"  // synthetic: three files of one invented patient
      let assessment = set.assess(record, on: Fixtures.evaluationDate)
      expected.append((assessment.load.totalMME, assessment.load.isComplete))
      _ = try store.record(
        DecisionInput(
          fileName: "\(name)-\(copy).json", sha256: ContentDigest.sha256(bytes + [UInt8(copy)]), content: bytes,
          receivedAt: clock.now.withLock { $0 }, assessment: assessment, policy: set,
          advisories: set.evaluate(assessment)))
      advance(hours: 1)
    }
    _ = try store.record(try DecisionFixtures.input("tramadol-50mg-qid-40mme", set: set))
    let points = try store.mmeHistory(patientID: "SYN-PLOT")
    #expect(expected.map(\.complete) == [true, false, true], "levorphanol has no CDC factor: a lower bound")
    #expect(points.map(\.complete) == expected.map(\.complete))
    #expect(points.map(\.totalMME) == expected.map(\.mme))
    #expect(points.map(\.decisionID) == points.map(\.decisionID).sorted())
    #expect(try store.mmeHistory(patientID: "SYN-PLOT", limit: 2).map(\.complete) == [false, true], "the latest two")
    // A decision whose completeness is not known (NULL, as a row the v5 migration could not fill) is a lower bound,
    // not a complete total, though its record says complete.
    let first = try #require(points.first)
    try database.write { db in
      try db.execute(sql: "UPDATE decision SET load_complete = NULL WHERE id = ?", arguments: [first.decisionID])
    }
    #expect(try store.mmeHistory(patientID: "SYN-PLOT").map(\.complete) == [false, false, true])
  }

  @Test func itemsComeBySeverityThenRiskScoreThenMMEThenAge() throws {
    for (name, unit) in [
      ("no-medications", "4 West"), ("benzo-plus-oxycodone-90mme", "ICU"), ("fibromyalgia-on-tramadol", "4 West"),
      ("crps-long-term-escalating", "PACU"),
    ] {
      _ = try store.record(try DecisionFixtures.input(name, set: set, unit: unit, service: "Medicine"))
      advance(hours: 1)
    }
    let list = try store.worklist(everything, today: "2026-11-18")
    let severities = list.items.map(\.indicator)
    #expect(severities == severities.sorted(by: >), "critical before warning before info")
    for (earlier, later) in zip(list.items, list.items.dropFirst()) where earlier.indicator == later.indicator {
      let earlierRisk = earlier.riskScore ?? 1_000
      let laterRisk = later.riskScore ?? 1_000
      #expect(earlierRisk >= laterRisk)
      if earlierRisk == laterRisk {
        #expect(earlier.totalMME >= later.totalMME)
        if earlier.totalMME == later.totalMME { #expect(earlier.createdAt <= later.createdAt) }
      }
    }
    #expect(list.counts.critical == list.items.filter { $0.indicator == .critical }.count)
    #expect(list.counts.warning == list.items.filter { $0.indicator == .warning }.count)
    #expect(list.counts.info == list.items.filter { $0.indicator == .info }.count)
    #expect(list.counts.unassigned == list.items.count)
    #expect(list.units == ["4 West", "ICU", "PACU"])
    #expect(list.services == ["Medicine"])
    #expect(list.items.allSatisfy { $0.riskScore != nil }, "every decision recorded its side-effect score")
  }

  @Test func filtersNarrowTheItemsButBucketsCountTheWholeFilteredQueue() throws {
    _ = try store.record(try DecisionFixtures.input("benzo-plus-oxycodone-90mme", set: set, unit: "ICU"))
    _ = try store.record(try DecisionFixtures.input("fibromyalgia-on-tramadol", set: set, unit: "4 West"))
    var filter = everything
    filter.unit = "ICU"
    let icu = try store.worklist(filter, today: "2026-11-18")
    #expect(!icu.items.isEmpty)
    #expect(icu.items.allSatisfy { $0.unit == "ICU" })
    filter.indicator = .critical
    let critical = try store.worklist(filter, today: "2026-11-18")
    #expect(critical.items.allSatisfy { $0.indicator == .critical })
    #expect(critical.counts == icu.counts, "the severity filter does not change the buckets")
    filter = everything
    filter.ruleID = "fibromyalgia-opioids"
    #expect(try store.worklist(filter, today: "2026-11-18").items.map(\.ruleID) == ["fibromyalgia-opioids"])
  }

  @Test func anAssignedItemLeavesUnassignedAndAFollowUpSetsItAsideUntilItsDay() throws {
    let recorded = try store.record(try DecisionFixtures.input("fibromyalgia-on-tramadol", set: set))
    let id = recorded.advisoryIDs[0]
    try store.assign(advisoryID: id, assignee: "pharmacist-a", followUpOn: "2026-11-20", by: "lead", channel: .console)
    var mine = WorklistFilter()
    mine.assignee = "pharmacist-a"
    #expect(try store.worklist(mine, today: "2026-11-18").items.isEmpty, "set aside until its follow-up day")
    let before = try store.worklist(WorklistFilter(), today: "2026-11-18")
    #expect(before.counts.waiting == 1)
    #expect(!before.items.contains { $0.id == id })
    let due = try store.worklist(mine, today: "2026-11-20")
    #expect(due.items.map(\.id) == [id])
    var onlyDue = WorklistFilter()
    onlyDue.onlyDue = true
    #expect(try store.worklist(onlyDue, today: "2026-11-19").items.isEmpty)
    #expect(try store.worklist(onlyDue, today: "2026-11-20").items.map(\.id) == [id], "the due bucket's own list")
    #expect(due.items[0].followUpDue)
    #expect(due.counts.followUpDue == 1)
    var nobody = WorklistFilter()
    nobody.assignee = WorklistFilter.unassigned
    #expect(try store.worklist(nobody, today: "2026-11-20").items.map(\.id) == recorded.advisoryIDs.filter { $0 != id })
    #expect(throws: StoreError.invalidReview("follow-up day '20-11-2026' is not a date YYYY-MM-DD")) {
      try store.assign(advisoryID: id, assignee: nil, followUpOn: "20-11-2026", by: "lead", channel: .cli)
    }
    #expect(throws: StoreError.self, "'-' means nobody") {
      try store.assign(advisoryID: id, assignee: "-", followUpOn: nil, by: "lead", channel: .cli)
    }
    #expect(throws: StoreError.self, "a zero-width space makes a look-alike name") {
      try store.assign(advisoryID: id, assignee: "pharmacist\u{200B}-a", followUpOn: nil, by: "lead", channel: .cli)
    }
    #expect(throws: StoreError.noSuchAdvisory(999)) {
      try store.assign(advisoryID: 999, assignee: "x", followUpOn: nil, by: "lead", channel: .cli)
    }
  }

  @Test func interventionsOpeningsAndAssignmentsAreKeptAndAppendOnly() throws {
    let id = try store.record(try DecisionFixtures.input("fibromyalgia-on-tramadol", set: set)).advisoryIDs[0]
    try store.recordOpening(advisoryID: id, reviewer: "pharmacist-a", channel: .console)
    advance(hours: 1)
    try store.recordOpening(advisoryID: id, reviewer: "pharmacist-a", channel: .console)
    try store.recordOpening(advisoryID: id, reviewer: "pharmacist-b", channel: .cli)
    try store.recordIntervention(
      advisoryID: id, kind: .proposed, response: .pending, minutes: 6, note: "Synthetic: paged the team",
      by: "pharmacist-a",
      channel: .console)
    try store.recordIntervention(
      advisoryID: id, kind: .proposed, response: .modified, minutes: nil, note: nil, by: "pharmacist-a",
      channel: .console)
    try store.assign(advisoryID: id, assignee: "pharmacist-b", followUpOn: nil, by: "pharmacist-a", channel: .console)
    let followUp = try store.followUp(advisoryID: id)
    #expect(followUp.openings.map(\.reviewer) == ["pharmacist-a", "pharmacist-b"])
    #expect(followUp.openings[0].openedAt == "2026-11-18T11:06:40.000Z", "the first opening, not the later one")
    #expect(followUp.interventions.map(\.response) == [.pending, .modified])
    #expect(followUp.interventions[0].minutes == 6)
    #expect(followUp.assignments.map(\.assignee) == ["pharmacist-b"])
    #expect(throws: StoreError.invalidReview("minutes spent must be from 0 to 1440; got 1441")) {
      try store.recordIntervention(
        advisoryID: id, kind: .informed, response: .accepted, minutes: 1_441, note: nil, by: "a", channel: .cli)
    }
    for table in ["intervention", "assignment", "advisory_opening"] {
      #expect(throws: (any Error).self, "\(table) rows cannot be deleted") {
        try database.write { try $0.execute(sql: "DELETE FROM \(table)") }
      }
    }
    #expect(throws: (any Error).self) {
      try database.write { try $0.execute(sql: "UPDATE intervention SET response = 'accepted'") }
    }
  }

  @Test func aHandoverSplitsNewCarriedOverAndPendingItems() throws {
    let first = try store.record(try DecisionFixtures.input("benzo-plus-oxycodone-90mme", set: set, unit: "ICU"))
    var handover = try store.handover(unit: "ICU", today: "2026-11-18")
    #expect(handover.carriedOver.isEmpty)
    #expect(Set((handover.callToAction + handover.forInformation).map(\.id)) == Set(first.advisoryIDs))
    #expect(handover.callToAction.allSatisfy { $0.indicator != .info })
    // Accept one and record that the prescriber's response is pending: it stays for information.
    let accepted = handover.callToAction[0].id
    try store.review(
      ReviewRequest(advisoryID: accepted, reviewer: "a", reviewerUID: 1, action: .accept, reasonCode: nil, note: nil))
    try store.recordIntervention(
      advisoryID: accepted, kind: .proposed, response: .pending, minutes: nil, note: nil, by: "a", channel: .console)
    advance(hours: 1)
    let shown = try store.handover(unit: "ICU", today: "2026-11-18")
    let shownIDs = (shown.callToAction + shown.forInformation + shown.carriedOver).map(\.id)
    #expect(throws: StoreError.self, "an open item the pharmacist was not shown") {
      try store.acknowledgeHandover(
        unit: "ICU", shown: Array(shownIDs.dropFirst()), by: "night-pharmacist", channel: .console,
        today: "2026-11-18")
    }
    try store.acknowledgeHandover(
      unit: "ICU", shown: shownIDs, by: "night-pharmacist", channel: .console, today: "2026-11-18")
    advance(hours: 1)
    let second = try store.record(
      try DecisionFixtures.input("fibromyalgia-on-tramadol", set: set, sha: "second", unit: "ICU"))
    handover = try store.handover(unit: "ICU", today: "2026-11-18")
    #expect(handover.lastAcknowledgedBy == "night-pharmacist")
    #expect(
      Set(handover.carriedOver.map(\.id)) == Set(first.advisoryIDs),
      "the open items of the last shift, and the accepted one whose response is pending")
    #expect(!handover.forInformation.map(\.id).contains(accepted))
    try store.recordIntervention(
      advisoryID: accepted, kind: .proposed, response: .accepted, minutes: nil, note: nil, by: "a", channel: .console)
    #expect(
      !(try store.handover(unit: "ICU", today: "2026-11-18")).carriedOver.map(\.id).contains(accepted),
      "once the prescriber accepted, nothing is left to chase")
    #expect(
      Set(handover.callToAction.map(\.id) + handover.forInformation.map(\.id).filter { $0 != accepted })
        == Set(second.advisoryIDs))
    #expect(handover.callToAction.allSatisfy { $0.indicator != .info })
  }

  @Test func theScorecardCountsFiringsRepeatsOutcomesReasonsAndTime() throws {
    let first = try store.record(try DecisionFixtures.input("fibromyalgia-on-tramadol", set: set, sha: "1"))
    advance(hours: 1)
    let repeated = try store.record(try DecisionFixtures.input("fibromyalgia-on-tramadol", set: set, sha: "2"))
    #expect(!repeated.linkedAdvisoryIDs.isEmpty)
    _ = try store.record(try DecisionFixtures.input("no-medications", set: set))
    advance(hours: 0.5)  // first review 90 minutes after the firing
    let id = first.advisoryIDs[0]
    try store.review(
      ReviewRequest(
        advisoryID: id, reviewer: "a", reviewerUID: 1, action: .override, reasonCode: "other", note: "Synthetic"))
    advance(hours: 1)
    try store.review(
      ReviewRequest(advisoryID: id, reviewer: "b", reviewerUID: 2, action: .accept, reasonCode: nil, note: nil))
    let card = try #require(try store.ruleScorecards().first { $0.ruleID == "fibromyalgia-opioids" })
    #expect(card.decisions == 3)
    #expect(card.firings == 1)
    #expect(card.suppressedRepeats == 1)
    #expect(card.accepted == 1)
    #expect(card.overridden == 0, "the status is the latest review")
    #expect(card.acceptedShare == 1)
    #expect(card.reasons.isEmpty, "the latest review gave no reason")
    #expect(card.medianMinutesToFirstReview == 90, "the first review, whoever gave it")
    #expect(card.reviewers == 2)
    #expect(card.topReviewerShare == 0.5)
    try store.acknowledgeHandover(unit: "ICU", shown: [], by: "a", channel: .console, today: "2026-11-18")
    #expect(throws: (any Error).self) { try database.write { try $0.execute(sql: "DELETE FROM handover") } }
    #expect(abs(card.firingRate - 1.0 / 3) < 1e-9)
    #expect(card.firingRateChange == nil)
  }

  @Test func aRuleThatStopsFiringAfterARevisionIsFlagged() throws {
    let other = try DecisionFixtures.defaultPolicySet(revision: "revision-2")
    for index in 0..<20 {
      let name = index < 10 ? "fibromyalgia-on-tramadol" : "no-medications"
      _ = try store.record(try DecisionFixtures.input(name, set: set, sha: "r1-\(index)"))
      advance(hours: 200)
    }
    for index in 0..<20 {
      _ = try store.record(try DecisionFixtures.input("no-medications", set: other, sha: "r2-\(index)"))
    }
    let cards = try store.ruleScorecards().filter { $0.ruleID == "fibromyalgia-opioids" }
    #expect(cards.map(\.firings) == [10, 0], "a revision in which the rule never fired still has its card")
    #expect(cards[1].firingRateChange == 0)
    #expect(cards[1].firingRateAnomaly)
    #expect(try store.ruleScorecards().count == 2 * set.rules.count, "every rule of both revisions")
  }

  @Test func aWorklistItemSaysWhenItsMMEIsALowerBoundAndHowManyRiskFactsAreUnknown() throws {
    _ = try store.record(try DecisionFixtures.input("unknown-opioid-levorphanol-plus-oxycodone", set: set))
    _ = try store.record(try DecisionFixtures.input("benzo-plus-oxycodone-90mme", set: set))
    let items = try store.worklist(everything, today: "2026-11-18").items
    let incomplete = try #require(items.first { $0.patientID == "SYN-0013" })
    #expect(!incomplete.mmeComplete)
    let complete = try #require(items.first { $0.patientID == "SYN-0016" })
    #expect(complete.mmeComplete)
    #expect((complete.riskUnknown ?? 0) > 0, "some of its risk facts are not reported")
  }

  @Test func aFiringRateThatJumpsAfterARevisionIsFlagged() throws {
    let other = try DecisionFixtures.defaultPolicySet(revision: "revision-2")
    // Revision 1: 1 firing in 20 decisions; revision 2: 10 in 20.
    for index in 0..<20 {
      let name = index == 0 ? "fibromyalgia-on-tramadol" : "no-medications"
      _ = try store.record(try DecisionFixtures.input(name, set: set, sha: "r1-\(index)"))
    }
    for index in 0..<20 {
      let name = index < 10 ? "fibromyalgia-on-tramadol" : "no-medications"
      _ = try store.record(try DecisionFixtures.input(name, set: other, sha: "r2-\(index)"))
      advance(hours: 200)  // past the fatigue window: each firing queues
    }
    let cards = try store.ruleScorecards().filter { $0.ruleID == "fibromyalgia-opioids" }
    #expect(cards.map(\.policyRevision) == ["test-revision", "revision-2"])
    #expect(cards[1].firingRateChange == 10)
    #expect(cards[1].firingRateAnomaly)
    #expect(!cards[0].firingRateAnomaly)
  }
}
