import Foundation
import SparrowCore
import SparrowTesting
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A pharmacist's day end to end with the real binary and a real SQLite file (direct mode needs root; CI runs
/// as root).
@Suite(.enabled(if: geteuid() == 0, "direct --database access is for root"))
struct ReviewWorkflowTests {
  private let policies = Fixtures.repositoryRoot.appendingPathComponent("Policies").path

  private func sparrow(_ arguments: [String], database: String) throws -> SparrowProcess.Result {
    try SparrowProcess.run(arguments + ["--database", database, "--socket", "/nonexistent/control.sock"])
  }

  private func json(_ text: String) throws -> JSONValue { try JSONParser(maxDepth: 64).parse(Array(text.utf8)) }

  @Test func evaluateListReviewShowAndExport() throws {
    let directory = try TemporaryDirectory()
    let database = directory.url.appendingPathComponent("sparrow.sqlite").path

    // Evaluate fixtures into the store; the same content twice is one decision.
    for name in [
      "benzo-plus-oxycodone-90mme", "crps-long-term-escalating", "no-medications", "benzo-plus-oxycodone-90mme",
    ] {
      let result = try sparrow(
        ["evaluate", Fixtures.url("records/\(name).json").path, "--at", "2026-11-20", "--policies", policies],
        database: database)
      #expect(result.status == 0, "\(result.standardError)")
    }
    let duplicate = try sparrow(
      ["evaluate", Fixtures.url("records/no-medications.json").path, "--at", "2026-11-20", "--policies", policies],
      database: database)
    #expect(duplicate.standardError == "sparrow: same content already decided: decision 3; nothing new recorded\n")

    // The open queue: 4 + 8 advisories, the one critical first.
    let list = try sparrow(["advisories", "list", "--format", "json"], database: database)
    guard case .array(let queue) = try json(list.standardOutput) else {
      Issue.record("list is not an array")
      return
    }
    #expect(queue.count == 12)
    func field(_ item: JSONValue, _ key: String) -> JSONValue? {
      guard case .object(let object) = item else { return nil }
      return object[key]
    }
    #expect(queue.prefix(1).allSatisfy { field($0, "indicator") == .string("critical") })
    #expect(field(queue[1], "indicator") == .string("warning"))
    let ids = queue.compactMap { item -> Int? in
      if case .number(let id) = field(item, "id") { return Int(id) }
      return nil
    }
    let benzo = try #require(queue.first { field($0, "ruleId") == .string("opioid-benzodiazepine") })
    let load90 = try #require(queue.first { field($0, "ruleId") == .string("opioid-load-90") })
    guard case .number(let benzoID) = field(benzo, "id"), case .number(let load90ID) = field(load90, "id") else {
      Issue.record("no ids")
      return
    }
    #expect(ids.count == 12)

    // Accept one, override one with a reason.
    let accept = try sparrow(["review", String(Int(benzoID)), "accept"], database: database)
    #expect(accept.status == 0)
    #expect(accept.standardOutput.contains("accept by root"))
    let override = try sparrow(
      ["review", String(Int(load90ID)), "override", "--reason", "palliative-care", "--note", "Hospice plan"],
      database: database)
    #expect(override.status == 0)
    let refused = try sparrow(["review", String(Int(load90ID)), "dismiss", "--reason", "bogus"], database: database)
    #expect(refused.status == 65)

    // Both leave the open queue; show gives everything with the history.
    let open = try sparrow(["advisories", "list", "--format", "csv"], database: database)
    #expect(open.standardOutput.split(separator: "\r\n").count == 11)  // header + 10
    let show = try sparrow(["advisories", "show", String(Int(load90ID))], database: database)
    #expect(show.standardOutput.contains("Advisory \(Int(load90ID))  [warning]  overridden"))
    #expect(show.standardOutput.contains("patient   SYN-0016"))
    #expect(show.standardOutput.contains("oxycodone 1 tablet × 20 mg × 3/day = 60 mg/day × 1.5 = 90 MME/day"))
    #expect(show.standardOutput.contains("load.totalMME = 90"))
    #expect(show.standardOutput.contains("policy    sparrow-default 2026.2, revision "))
    #expect(show.standardOutput.contains("Source: CDC 2022 guideline, Recommendations 4 and 5"))
    #expect(show.standardOutput.contains("root (uid 0)  override  reason palliative-care  note: Hospice plan"))
    let shownJSON = try json(
      try sparrow(["advisories", "show", String(Int(benzoID)), "--format", "json"], database: database).standardOutput)
    guard case .array(let reviews) = field(shownJSON, "reviews") else {
      Issue.record("no reviews")
      return
    }
    #expect(reviews.count == 1)
    #expect(field(reviews[0], "action") == .string("accept"))

    // CDS Hooks export: every card has the required attributes.
    let cards = try json(
      try sparrow(["advisories", "export", "--format", "cds-hooks", "--status", "all"], database: database)
        .standardOutput)
    guard case .array(let cardList) = field(cards, "cards") else {
      Issue.record("no cards")
      return
    }
    #expect(cardList.count == 12)
    for card in cardList {
      guard case .string(let summary) = field(card, "summary"), case .string(let indicator) = field(card, "indicator"),
        case .object(let source) = field(card, "source"), case .string = source["label"],
        case .string = field(card, "uuid")
      else {
        Issue.record("card missing required attributes: \(card)")
        continue
      }
      #expect(summary.count < 140)
      #expect(["info", "warning", "critical"].contains(indicator))
      if field(card, "suggestions") != nil { #expect(field(card, "selectionBehavior") == .string("any")) }
      if case .array(let reasons) = field(card, "overrideReasons") {
        #expect(reasons.allSatisfy { field($0, "display") != nil && field($0, "code") != nil })
      }
    }

    // FHIR export: a Bundle of DetectedIssue resources; the override is a mitigation.
    let bundle = try json(
      try sparrow(["advisories", "export", "--format", "fhir", "--status", "all"], database: database).standardOutput)
    #expect(field(bundle, "resourceType") == .string("Bundle"))
    #expect(field(bundle, "type") == .string("collection"))
    guard case .array(let entries) = field(bundle, "entry") else {
      Issue.record("no entries")
      return
    }
    #expect(entries.count == 12)
    let resources = entries.compactMap { field($0, "resource") }
    #expect(
      resources.allSatisfy {
        field($0, "resourceType") == .string("DetectedIssue") && field($0, "status") == .string("final")
      })
    #expect(
      resources.allSatisfy {
        ["high", "moderate", "low"].contains(
          field($0, "severity").flatMap { if case .string(let s) = $0 { s } else { nil } } ?? "")
      })
    let mitigated = resources.filter { field($0, "mitigation") != nil }
    #expect(mitigated.count == 2)
  }
}
