import Foundation
import GRDB
import SparrowCore
import SparrowDaemon
import SparrowTesting
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Native journal entries, read back from a private journald (`../shared/tools/journald-sandbox`): scripts/test.sh
/// runs this suite inside the sandbox with SPARROW_JOURNAL_SANDBOX=1.
@Suite(
  .serialized,
  .enabled(
    if: ProcessInfo.processInfo.environment["SPARROW_JOURNAL_SANDBOX"] == "1",
    "runs inside ../shared/tools/journald-sandbox (scripts/test.sh does that)"))
struct JournalTests {
  /// Every entry the sandbox journal holds, as JSON objects.
  private func journal() throws -> [[String: JSONValue]] {
    _ = try SparrowProcess.run(["--sync"], executable: URL(fileURLWithPath: "/usr/bin/journalctl"))
    let output = try SparrowProcess.run(
      ["-o", "json", "--no-pager"], executable: URL(fileURLWithPath: "/usr/bin/journalctl"))
    return output.standardOutput.split(separator: "\n").compactMap { line in
      guard case .object(let object) = try? JSONParser(maxDepth: 8).parse(Array(line.utf8)) else { return nil }
      return Dictionary(uniqueKeysWithValues: object.keys.compactMap { key in object[key].map { (key, $0) } })
    }
  }

  private func string(_ entry: [String: JSONValue], _ key: String) -> String? {
    if case .string(let text) = entry[key] { return text }
    return nil
  }

  @Test func decisionsAdvisoriesAndProblemsReachTheJournalWithoutPatientData() throws {
    let harness = try DaemonHarness(extraConfig: "journalDecisions: true")
    let process = Process()
    process.executableURL = SparrowProcess.binary
    process.arguments = ["run", "--config", harness.configPath, "--log", "journal"]
    try process.run()
    try waitUntil(timeout: 20) { (try? SparrowProcess.run(["status", "--socket", harness.socket]).status) == 0 }

    let names = try Fixtures.recordNames()
    for name in names {
      try harness.drop(String(decoding: try Fixtures.bytes("records/\(name).json"), as: UTF8.self), as: "\(name).json")
    }
    try harness.drop(String(decoding: try Fixtures.bytes("invalid/dose-unit-tabs.json"), as: UTF8.self), as: "bad.json")
    try harness.drop(
      String(decoding: try Fixtures.bytes("records/no-medications.json"), as: UTF8.self), as: "again.json")
    try waitUntil(timeout: 30) {
      harness.entries("processed").count == names.count + 1 && harness.entries("quarantine").count == 2
    }
    // A valid reload and a rejected one.
    kill(process.processIdentifier, SIGHUP)
    try waitUntil(timeout: 20) { try journal().contains { string($0, "MESSAGE") == "policy reloaded" } }
    try "rules:\n  - id: broken\n".write(
      toFile: harness.policies + "/rules/broken.yaml", atomically: true, encoding: .utf8)
    kill(process.processIdentifier, SIGHUP)
    try waitUntil(timeout: 20) {
      try journal().contains { string($0, "MESSAGE") == JournalEvent.policyReloadRejected.rawValue }
    }
    kill(process.processIdentifier, SIGTERM)
    process.waitUntilExit()
    #expect(process.terminationStatus == 0)

    let entries = try journal().filter { string($0, "SYSLOG_IDENTIFIER") == "sparrow" }
    let decided = entries.filter { string($0, "MESSAGE_ID") == JournalEvent.fileDecided.messageID }
    #expect(decided.count == names.count, "one entry per decision")
    for entry in decided {
      #expect(string(entry, "PRIORITY") == "6")
      #expect(string(entry, "SPARROW_DECISION_ID") != nil)
      #expect(string(entry, "SPARROW_FILE_SHA256")?.count == 64)
      #expect(string(entry, "SPARROW_POLICY_REVISION")?.count == 64)
      #expect(string(entry, "SPARROW_LOAD_MME") != nil)
      #expect(
        string(entry, "CODE_FILE") != nil && string(entry, "CODE_LINE") != nil && string(entry, "CODE_FUNC") != nil)
    }
    let advisories = entries.filter { string($0, "MESSAGE_ID") == JournalEvent.advisoryRaised.messageID }
    // Each file is evaluated at the date the daemon recorded for it: the calendar moves orders across the 90-day
    // long-term line, so a fixed date would count other advisories.
    let evaluatedOn = try DatabaseQueue(path: harness.database).read { db in
      try Dictionary(
        uniqueKeysWithValues: Row.fetchAll(
          db, sql: "SELECT f.sha256, d.evaluated_on FROM decision d JOIN received_file f ON f.id = d.file_id"
        ).map { row in (row["sha256"] as String, row["evaluated_on"] as String) })
    }
    let set = try DecisionFixtures.defaultPolicySet()
    let expectedAdvisories = try names.reduce(0) { total, name in
      let sha256 = ContentDigest.sha256(try Fixtures.bytes("records/\(name).json"))
      let date = try #require(evaluatedOn[sha256].flatMap(CalendarDate.init(parsing:)), "\(name) decided")
      return total + (try DecisionFixtures.evaluate(name, set: set, on: date).1.count)
    }
    #expect(advisories.count == expectedAdvisories, "one entry per advisory")
    #expect(advisories.allSatisfy { string($0, "SPARROW_RULE_ID") != nil && string($0, "SPARROW_ADVISORY_ID") != nil })
    let seen = Set(entries.compactMap { string($0, "MESSAGE_ID") })
    for event in [
      JournalEvent.started, .stopped, .fileDecided, .duplicateNoted, .advisoryRaised, .fileQuarantined, .policyReloaded,
      .policyRejected, .policyReloadRejected,
    ] {
      #expect(seen.contains(event.messageID), "\(event.rawValue)")
    }

    // No patient identifier, no free text from any input file, anywhere in the journal.
    let everything = try journal().map { entry in
      entry.values.map { JSONWriter.compactString($0) }.joined(separator: " ")
    }
    .joined(separator: "\n")
    var forbidden: Set<String> = []
    for name in names + ["../invalid/dose-unit-tabs"] {
      let record = try JSONParser().parse(try Fixtures.bytes("records/\(name).json"))
      collectStrings(record, into: &forbidden)
    }
    // Positive controls: the search has something to find, and the journal holds what it should.
    #expect(forbidden.filter { $0.hasPrefix("SYN-") }.count >= names.count)
    #expect(decided.compactMap { string($0, "SPARROW_FILE_SHA256") }.allSatisfy { everything.contains($0) })
    for text in forbidden where text.hasPrefix("SYN-") || text.count > 12 {
      #expect(!everything.contains(text), "\(text) reached the journal")
    }
  }

  /// Patient ids, names, comments and condition texts: every string value that could identify or describe.
  private func collectStrings(_ value: JSONValue, key: String = "", into strings: inout Set<String>) {
    switch value {
    case .string(let text) where ["id", "name", "comment", "text", "pipeline"].contains(key): strings.insert(text)
    case .array(let elements): for element in elements { collectStrings(element, key: key, into: &strings) }
    case .object(let object):
      for childKey in object.keys {
        if let child = object[childKey] { collectStrings(child, key: childKey, into: &strings) }
      }
    default: break
    }
  }
}
