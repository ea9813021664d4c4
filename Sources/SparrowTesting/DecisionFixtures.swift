import Foundation
public import SparrowCore
public import SparrowDaemon

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

// MARK: - DecisionFixtures+Input

extension DecisionFixtures {
  /// A record fixture as the intake would record it, optionally placed on a unit and service (synthetic), with
  /// `sha` in place of its content digest (the same file recorded twice is otherwise one decision).
  public static func input(
    _ name: String, set: PolicySet, sha: String? = nil, unit: String? = nil, service: String? = nil,
    on date: CalendarDate = Fixtures.evaluationDate
  ) throws -> DecisionInput {
    let bytes = try Fixtures.bytes("records/\(name).json")
    var record = try RecordDecoder().decode(bytes)
    record.encounter = Encounter(unit: unit, service: service)
    let assessment = set.assess(record, on: date)
    return DecisionInput(
      fileName: "\(name).json", sha256: sha ?? ContentDigest.sha256(bytes), content: bytes,
      receivedAt: Date(timeIntervalSince1970: 1_795_000_000), assessment: assessment, policy: set,
      advisories: set.evaluate(assessment))
  }
}
