// MARK: - Advisory

/// What a rule raises for one assessment: a CDS Hooks-shaped card with the facts, policy revision and factor
/// table that produced it. It informs a clinician; it never orders anything.
public struct Advisory: Sendable, Equatable {
  /// The rule that fired.
  public var ruleID: String
  /// Severity.
  public var indicator: Indicator
  /// Rendered one-sentence summary.
  public var summary: String
  /// Rendered detail (Markdown).
  public var detail: String
  /// Rendered suggestion labels and details.
  public var suggestions: [RenderedSuggestion]
  /// The clinical source.
  public var source: PolicySource
  /// Reasons a pharmacist may give to override it.
  public var overrideReasons: [OverrideReason]
  /// The policy set's name, version and revision.
  public var policyName: String
  public var policyVersion: String
  public var policyRevision: String
  /// The MME factor table used.
  public var mmeTable: String
  /// The facts the rule read, with their values and evidence paths.
  public var facts: [Fact]
  /// Record paths matched by `conditionIn` / `medicationIn` (`conditions[0]`, `medications[2]`).
  public var matchedInputs: [String]
  /// The placeholder values and notes its texts were rendered with (with the rule's `RuleText`, the texts again).
  public var fill: AdvisoryFill

  /// An advisory from its parts.
  public init(
    ruleID: String, indicator: Indicator, summary: String, detail: String, suggestions: [RenderedSuggestion],
    source: PolicySource, overrideReasons: [OverrideReason], policyName: String, policyVersion: String,
    policyRevision: String, mmeTable: String, facts: [Fact], matchedInputs: [String], fill: AdvisoryFill
  ) {
    self.ruleID = ruleID
    self.indicator = indicator
    self.summary = summary
    self.detail = detail
    self.suggestions = suggestions
    self.source = source
    self.overrideReasons = overrideReasons
    self.policyName = policyName
    self.policyVersion = policyVersion
    self.policyRevision = policyRevision
    self.mmeTable = mmeTable
    self.facts = facts
    self.matchedInputs = matchedInputs
    self.fill = fill
  }
}

// MARK: - RenderedSuggestion

/// A suggestion with its texts filled in.
public struct RenderedSuggestion: Sendable, Equatable {
  /// Short label.
  public var label: String
  /// Longer text, when given.
  public var detail: String?

  /// A suggestion from its parts.
  public init(label: String, detail: String?) {
    self.label = label
    self.detail = detail
  }
}
