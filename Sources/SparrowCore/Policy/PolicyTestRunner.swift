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
    /// Number of passed cases.
    public var passedCount: Int { cases.filter(\.passed).count }
    /// Number of failed cases.
    public var failedCount: Int { cases.count - passedCount }
  }

  /// Runs every case. `fileRecords` holds the bytes of records given by file (path → bytes); a missing or
  /// invalid record fails its case.
  public static func run(_ set: PolicySet, fileRecords: [String: [UInt8]] = [:]) -> Report {
    var firedAnywhere: Set<String> = []
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
      let fired = set.evaluate(assessment).map(\.ruleID)
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
      return result
    }
    return Report(cases: results, unfiredRules: set.rules.map(\.id).filter { !firedAnywhere.contains($0) })
  }
}
