// MARK: - PolicyTestCase

/// A policy set's own test: a patient record and the rules that must and must not fire for it.
public struct PolicyTestCase: Sendable, Equatable {
  /// What the case shows.
  public var name: String
  /// The record, inline or in a file relative to the test file.
  public var record: RecordReference
  /// The evaluation date.
  public var evaluatedOn: CalendarDate
  /// Rules that must fire.
  public var expectFired: [String]
  /// Rules that must not fire.
  public var expectNotFired: [String]
  /// The total MME/day expected, when given.
  public var expectMME: Double?
  /// Where the case is written.
  public var location: SourceLocation
}

// MARK: - RecordReference

/// A test case's record.
public enum RecordReference: Sendable, Equatable {
  /// Written in the test file (converted from YAML to the v1 JSON shape).
  case inline(JSONValue)
  /// A v1 JSON file; the path is relative to the policy directory.
  case file(String)
}
