import Foundation
import SparrowCore
import SparrowTesting
import Testing

@Suite struct PolicyCommandTests {
  private let policies = Fixtures.repositoryRoot.appendingPathComponent("Policies").path

  @Test func checkPrintsTheRevisionAndExitsZero() throws {
    let first = try SparrowProcess.run(["policy", "check", policies])
    let second = try SparrowProcess.run(["policy", "check", policies])
    #expect(first.status == 0)
    let lines = first.standardOutput.split(separator: "\n")
    #expect(lines.first == "policy set sparrow-default 2026.2")
    #expect(lines.count == 4)
    #expect(lines[1].hasPrefix("revision ") && lines[1].count == "revision ".count + 64)
    #expect(lines.last == "ok")
    #expect(first.standardOutput == second.standardOutput)
  }

  @Test func checkOfABrokenPolicyPrintsFileLineColumnAndExits78() throws {
    let path = Fixtures.url("policies/broken/unknown-fact.yaml").path
    let result = try SparrowProcess.run(["policy", "check", path])
    #expect(result.status == 78)
    #expect(result.standardOutput.isEmpty)
    #expect(
      result.standardError
        == "\(path):15:13: rule 'load-50'.when: unknown fact 'load.totalMMe'; did you mean 'load.totalMME'?\n"
        + "sparrow: error: \(path): 1 problem(s)\n")
  }

  @Test func checkOfADirectoryPrefixesTheDirectory() throws {
    let directory = try TemporaryDirectory()
    try FileManager.default.copyItem(
      at: Fixtures.url("policies/broken/duplicate-rule-id.yaml"), to: directory.url.appendingPathComponent("x.yaml"))
    let result = try SparrowProcess.run(["policy", "check", directory.url.path])
    #expect(result.status == 78)
    #expect(
      result.standardError.hasPrefix(
        "\(directory.url.path)/x.yaml:20:9: duplicate rule id 'load-50' (first defined at x.yaml:10)\n"))
  }

  @Test func testRunsEveryCaseOfTheDefaultSet() throws {
    let result = try SparrowProcess.run(["policy", "test", policies])
    #expect(result.status == 0)
    let lines = result.standardOutput.split(separator: "\n")
    let cases = lines.filter { $0.hasPrefix("PASS  ") || $0.hasPrefix("FAIL  ") }
    #expect(cases.count >= 40)
    #expect(cases.allSatisfy { $0.hasPrefix("PASS  ") })
    #expect(lines.last == "\(cases.count) passed, 0 failed")
    #expect(!result.standardOutput.contains("rules no test fires"))
  }

  @Test func testFailsWhenACaseFailsOrARuleIsNeverFired() throws {
    let directory = try TemporaryDirectory()
    let text =
      try String(contentsOf: Fixtures.url("policies/broken/unknown-fact.yaml"), encoding: .utf8)
      .replacingOccurrences(of: "load.totalMMe", with: "load.totalMME")
        + """
        tests:
          - name: thirty MME wrongly expected to fire
            at: "2026-11-20"
            file: record.json
            expectFired: [load-50]

        """
    try text.write(to: directory.url.appendingPathComponent("set.yaml"), atomically: true, encoding: .utf8)
    try FileManager.default.copyItem(
      at: Fixtures.url("records/oxycodone-er-10mg-bid-30mme.json"),
      to: directory.url.appendingPathComponent("record.json"))
    let result = try SparrowProcess.run(["policy", "test", directory.url.path])
    #expect(result.status == 1)
    #expect(
      result.standardOutput.contains(
        "FAIL  thirty MME wrongly expected to fire  (set.yaml:21)\n      expected load-50 to fire\n      fired: none\n")
    )
    #expect(result.standardOutput.contains("rules no test fires: load-50\n"))
    #expect(result.standardOutput.hasSuffix("0 passed, 1 failed\n"))
  }

  @Test func evaluateWithPoliciesPrintsAdvisoriesWithTheirRevision() throws {
    let revision = try #require(
      try SparrowProcess.run(["policy", "check", policies]).standardOutput.split(separator: "\n")[1]
        .split(separator: " ").last)
    let result = try SparrowProcess.run([
      "evaluate", Fixtures.url("records/benzo-plus-oxycodone-90mme.json").path, "--at", "2026-11-20", "--format",
      "json", "--policies", policies,
    ])
    #expect(result.status == 0)
    guard case .object(let object) = try JSONParser().parse(Array(result.standardOutput.utf8)),
      case .array(let advisories) = object["advisories"]
    else {
      Issue.record("no advisories array")
      return
    }
    let ids = advisories.compactMap { advisory -> String? in
      guard case .object(let card) = advisory, case .string(let id) = card["ruleId"] else { return nil }
      return id
    }
    #expect(ids == ["opioid-benzodiazepine", "naloxone-offer", "opioid-load-90", "opioid-tolerant"])
    guard case .object(let first) = advisories.first, case .object(let policy) = first["policy"] else {
      Issue.record("no policy on the advisory")
      return
    }
    #expect(policy["revision"] == .string(String(revision)))
    #expect(first["mmeTable"] == .string("cdc-2022"))
  }

  @Test func evaluateWithPoliciesSaysWhenNothingApplies() throws {
    let result = try SparrowProcess.run([
      "evaluate", Fixtures.url("records/no-medications.json").path, "--at", "2026-11-20", "--policies", policies,
    ])
    #expect(result.status == 0)
    #expect(result.standardOutput.contains("  none: no rule applies\n"))
  }
}
