import SparrowCore
import SparrowTesting
import Testing

@Suite struct PolicyTestRunnerTests {
  private func set(tests: String) throws -> PolicySet {
    try PolicyBuilder.load(
      "rules:\n" + PolicyBuilder.rule("load-50", when: "fact: load.totalMME\natLeast: 50")
        + PolicyBuilder.rule("never", when: "any: []") + "tests:\n" + tests)
  }

  private let record =
    "record:\n"
    + "      schemaVersion: 1\n"
    + "      patient: {id: SYN-T1, age: 40}\n"
    + "      source: {pipeline: test, generatedAt: \"2026-11-20T00:00:00Z\"}\n"
    + "      medications:\n"
    + "        - {name: morphine, ingredient: morphine, route: oral, dose: {value: 30, unit: mg},"
    + " frequency: {timesPerDay: 2}, status: active}"

  @Test func passingCaseAndUnfiredRuleAreReported() throws {
    let report = PolicyTestRunner.run(
      try set(
        tests: "  - name: fires\n    at: 2026-11-20\n    \(record)\n    expectFired: [load-50]\n    expectMME: 60\n"))
    #expect(report.cases.map(\.passed) == [true])
    #expect(report.cases.first?.fired == ["load-50"])
    #expect(report.unfiredRules == ["never"])
  }

  @Test func wrongExpectationsFailWithReasons() throws {
    let report = PolicyTestRunner.run(
      try set(
        tests:
          "  - name: wrong\n    at: 2026-11-20\n    \(record)\n    expectNotFired: [load-50]\n    expectFired: [never]\n    expectMME: 59\n"
      ))
    #expect(report.failedCount == 1)
    #expect(
      report.cases.first?.failures == [
        "expected never to fire", "expected load-50 not to fire", "expected 59 MME/day; got 60",
      ])
  }

  @Test func coverageNeedsEveryRuleFiredByOneCaseAndKeptQuietByAPassingOne() throws {
    let quiet = "  - name: quiet\n    at: 2026-11-20\n    \(record)\n    expectNotFired: [never]\n"
    let report = PolicyTestRunner.run(
      try set(tests: quiet + "  - name: fires\n    at: 2026-11-20\n    \(record)\n    expectFired: [load-50]\n"))
    #expect(report.unquietRules == ["load-50"])
    #expect(report.unfiredRules == ["never"])
    #expect(!report.isComplete)
    // A failing case proves nothing about quietness.
    let failing = PolicyTestRunner.run(
      try set(
        tests: "  - name: bad\n    at: 2026-11-20\n    \(record)\n    expectNotFired: [never]\n    expectMME: 1\n"))
    #expect(failing.unquietRules == ["load-50", "never"])
  }

  @Test func expectedAdvisoriesCompareSeveritySummaryAndDetail() throws {
    let expectations = """
          expectAdvisories:
          - {rule: load-50, indicator: warning, summary: Rule load-50, detailIncludes: [Detail of load-50.]}
      """
    let passing = PolicyTestRunner.run(
      try set(tests: "  - name: ok\n    at: 2026-11-20\n    \(record)\n" + expectations + "\n"))
    #expect(passing.cases.map(\.failures) == [[]])
    let wrong = """
          expectAdvisories:
          - {rule: load-50, indicator: critical, summary: Rule load-5, detailIncludes: [nothing like this],
             detailExcludes: [Detail]}
          - {rule: never, indicator: info, summary: x}
      """
    let report = PolicyTestRunner.run(
      try set(tests: "  - name: wrong\n    at: 2026-11-20\n    \(record)\n" + wrong + "\n"))
    #expect(
      report.cases.first?.failures == [
        "load-50: expected critical; got warning",
        "load-50: expected summary \"Rule load-5\"; got \"Rule load-50\"",
        "load-50: detail does not include \"nothing like this\"", "load-50: detail includes \"Detail\"",
        "expected an advisory from never",
      ])
  }

  @Test func expectedAdvisoriesNameKnownRules() {
    let errors = PolicyBuilder.errors(
      "rules:\n" + PolicyBuilder.rule("load-50", when: "fact: load.totalMME\natLeast: 50") + "tests:\n"
        + "  - name: typo\n    at: 2026-11-20\n    \(record)\n    expectAdvisories:\n"
        + "    - {rule: load-5O, indicator: warning, summary: x}\n")
    #expect(errors.contains { $0.contains("no rule 'load-5O'") }, "\(errors)")
  }

  @Test func invalidOrMissingRecordsFailTheirCase() throws {
    let invalid = record.replacingOccurrences(of: "unit: mg", with: "unit: tabs")
    let report = PolicyTestRunner.run(
      try set(
        tests:
          "  - name: bad\n    at: 2026-11-20\n    \(invalid)\n  - name: missing\n    at: 2026-11-20\n    file: nowhere.json\n"
      ))
    #expect(
      report.cases.map(\.failures) == [
        [
          "record is invalid: medications[0].dose.unit: expected one of mg, mcg, g, mL, tablet, capsule, patch, actuation; got \"tabs\""
        ],
        ["record file nowhere.json could not be read"],
      ])
  }
}

extension String {
  fileprivate func replacingOccurrences(of target: String, with replacement: String) -> String {
    split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
  }
}
