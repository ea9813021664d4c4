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
  /// Advisories the case must raise, exactly as given (severity and summary; paragraphs the detail includes).
  public var expectAdvisories: [ExpectedAdvisory]
  /// Where the case is written.
  public var location: SourceLocation
}

// MARK: - ExpectedAdvisory

/// An advisory a test case must raise.
public struct ExpectedAdvisory: Sendable, Equatable {
  /// The rule.
  public var ruleID: String
  /// Its severity.
  public var indicator: Indicator
  /// The rendered summary, exactly.
  public var summary: String
  /// Text the rendered detail must include.
  public var detailIncludes: [String]
  /// Text the rendered detail must not include.
  public var detailExcludes: [String]
}

// MARK: - RecordReference

/// A test case's record.
public enum RecordReference: Sendable, Equatable {
  /// Written in the test file (converted from YAML to the v1 JSON shape).
  case inline(JSONValue)
  /// A v1 JSON file; the path is relative to the policy directory.
  case file(String)
}
