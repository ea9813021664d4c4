// MARK: - PolicyTestRunner

/// Runs a policy set's own test cases against the real engine.
public enum PolicyTestRunner {
  /// The outcome of one case.
  public struct CaseResult: Sendable, Equatable {
    /// The case.
    public var name: String
    /// Where it is written.
    public var location: SourceLocation
    /// Rules that fired.
    public var fired: [String]
    /// What did not match expectations; empty when the case passed.
    public var failures: [String]
    /// Whether the case passed.
    public var passed: Bool { failures.isEmpty }
  }

  /// The outcome of a run.
  public struct Report: Sendable, Equatable {
    /// One result per case, in file order.
    public var cases: [CaseResult]
    /// Rules that no case fired.
    public var unfiredRules: [String]
    /// Rules that no passing case expects to stay quiet.
    public var unquietRules: [String]
    /// Whether every case passed and every rule is tested both ways.
    public var isComplete: Bool { failedCount == 0 && unfiredRules.isEmpty && unquietRules.isEmpty }
    /// Number of passed cases.
    public var passedCount: Int { cases.filter(\.passed).count }
    /// Number of failed cases.
    public var failedCount: Int { cases.count - passedCount }
  }

  /// Runs every case. `fileRecords` holds the bytes of records given by file (path → bytes); a missing or
  /// invalid record fails its case.
  public static func run(_ set: PolicySet, fileRecords: [String: [UInt8]] = [:]) -> Report {
    var firedAnywhere: Set<String> = []
    var quietAnywhere: Set<String> = []
    let results = set.tests.map { testCase -> CaseResult in
      var result = CaseResult(name: testCase.name, location: testCase.location, fired: [], failures: [])
      let record: PatientRecord
      do {
        switch testCase.record {
        case .inline(let value): record = try RecordDecoder().decode(value)
        case .file(let path):
          guard let bytes = fileRecords[path] else {
            result.failures.append("record file \(path) could not be read")
            return result
          }
          record = try RecordInput.decode(bytes, catalog: set.rxnormCatalog)
        }
      } catch {
        result.failures.append("record is invalid: \(error)")
        return result
      }
      let assessment = set.assess(record, on: testCase.evaluatedOn)
      let advisories = set.evaluate(assessment)
      let fired = advisories.map(\.ruleID)
      result.fired = fired.sorted()
      firedAnywhere.formUnion(fired)
      for id in testCase.expectFired where !fired.contains(id) { result.failures.append("expected \(id) to fire") }
      for id in testCase.expectNotFired where fired.contains(id) {
        result.failures.append("expected \(id) not to fire")
      }
      if let expected = testCase.expectMME, assessment.load.totalMME != expected {
        result.failures.append(
          "expected \(MMEArithmetic.text(expected)) MME/day; got \(MMEArithmetic.text(assessment.load.totalMME))")
      }
      result.failures += advisoryFailures(testCase.expectAdvisories, advisories)
      if result.passed { quietAnywhere.formUnion(testCase.expectNotFired) }
      return result
    }
    return Report(
      cases: results, unfiredRules: set.rules.map(\.id).filter { !firedAnywhere.contains($0) },
      unquietRules: set.rules.map(\.id).filter { !quietAnywhere.contains($0) })
  }

  private static func advisoryFailures(_ expected: [ExpectedAdvisory], _ advisories: [Advisory]) -> [String] {
    expected.flatMap { expectation -> [String] in
      guard let advisory = advisories.first(where: { $0.ruleID == expectation.ruleID }) else {
        return ["expected an advisory from \(expectation.ruleID)"]
      }
      var failures: [String] = []
      if advisory.indicator != expectation.indicator {
        failures.append(
          "\(expectation.ruleID): expected \(expectation.indicator.rawValue); got \(advisory.indicator.rawValue)")
      }
      if advisory.summary != expectation.summary {
        failures.append(
          "\(expectation.ruleID): expected summary \"\(expectation.summary)\"; got \"\(advisory.summary)\"")
      }
      let detail = PlainText.paragraphs(advisory.detail)
      for text in expectation.detailIncludes where !detail.contains(text) {
        failures.append("\(expectation.ruleID): detail does not include \"\(text)\"")
      }
      for text in expectation.detailExcludes where detail.contains(text) {
        failures.append("\(expectation.ruleID): detail includes \"\(text)\"")
      }
      return failures
    }
  }
}
