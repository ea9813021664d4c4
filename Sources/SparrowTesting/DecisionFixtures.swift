import Foundation
public import SparrowCore
import SparrowDaemon

// MARK: - DecisionFixtures

/// Builds assessed, evaluated fixtures for store tests.
public enum DecisionFixtures {
  /// The default policy set, read from `Policies/` as the daemon reads it, with `revision` in place of its
  /// SHA-256 (tests choose one they can compare).
  public static func defaultPolicySet(revision: String = "test-revision") throws -> PolicySet {
    var set = try PolicyDirectory(path: Fixtures.repositoryRoot.appendingPathComponent("Policies").path).load().get()
    set.revision = revision
    return set
  }

  /// The assessment and advisories of a record fixture under `set` on `date` (by default the date the fixtures
  /// are written for; a test comparing with the daemon passes the date the daemon recorded).
  public static func evaluate(
    _ name: String, set: PolicySet, on date: CalendarDate = Fixtures.evaluationDate
  ) throws -> (Assessment, [Advisory], [UInt8]) {
    let bytes = try Fixtures.bytes("records/\(name).json")
    let assessment = set.assess(try RecordDecoder().decode(bytes), on: date)
    return (assessment, set.evaluate(assessment), bytes)
  }
}
