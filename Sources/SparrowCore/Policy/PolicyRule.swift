// MARK: - PolicyRule

/// One rule: when its condition holds for an assessment, it raises an advisory.
public struct PolicyRule: Sendable, Equatable {
  /// Stable id, unique in the set (`opioid-benzodiazepine`).
  public var id: String
  /// Severity, as in CDS Hooks cards.
  public var indicator: Indicator
  /// One sentence, at most 140 characters when rendered.
  public var summary: Template
  /// The detail text (Markdown), with facts filled in.
  public var detail: Template
  /// Suggested actions — suggestions only, never orders.
  public var suggestions: [PolicySuggestion]
  /// The clinical source.
  public var source: PolicySource
  /// Reasons a pharmacist may give to override the advisory (CDS Hooks overrideReasons).
  public var overrideReasons: [OverrideReason]
  /// When the rule fires.
  public var condition: PolicyCondition
  /// Paragraphs added to the detail when their own condition also holds: what matched, what is unknown.
  public var notes: [PolicyNote] = []
  /// Where the rule is written.
  public var location: SourceLocation
}

// MARK: - Indicator

/// Advisory severity (CDS Hooks `indicator`).
public enum Indicator: String, Sendable, CaseIterable, Comparable, Codable {
  case info, warning, critical

  private var rank: Int {
    switch self {
    case .info: 0
    case .warning: 1
    case .critical: 2
    }
  }

  public static func < (lhs: Indicator, rhs: Indicator) -> Bool { lhs.rank < rhs.rank }
}

// MARK: - PolicySuggestion

/// A suggested action: a label and an optional longer text.
public struct PolicySuggestion: Sendable, Equatable {
  /// Short label.
  public var label: Template
  /// Longer explanation, when given.
  public var detail: Template?

  /// A suggestion from its parts.
  public init(label: Template, detail: Template?) {
    self.label = label
    self.detail = detail
  }
}

// MARK: - PolicyNote

/// A paragraph of a rule's detail that appears only when its condition holds (for example "pregnancy status not
/// recorded: confirm before referral" when the pregnancy fact is unknown).
public struct PolicyNote: Sendable, Equatable {
  /// When the paragraph appears.
  public var condition: PolicyCondition
  /// The paragraph.
  public var text: Template
}

// MARK: - PolicySource

/// Where a rule's clinical content comes from.
public struct PolicySource: Sendable, Equatable {
  /// Citation label.
  public var label: String
  /// Link to the source: a DOI, a guideline or a regulator's page. A drug label may be cited by its label
  /// alone (product, section), without a link.
  public var url: String?

  /// A source from its parts.
  public init(label: String, url: String?) {
    self.label = label
    self.url = url
  }

  /// `{label, url}` as every JSON output writes it (`url` left out when there is none).
  public var json: JSONValue {
    .object(JSONObject([("label", .string(label))] + (url.map { [("url", JSONValue.string($0))] } ?? [])))
  }

  /// `label <url>`, or the label alone, for plain text.
  public var text: String { url.map { "\(label) <\($0)>" } ?? label }
}

// MARK: - OverrideReason

/// A coded reason for overriding an advisory.
public struct OverrideReason: Sendable, Equatable {
  /// Machine code (`benefits-outweigh-risks`).
  public var code: String
  /// Text shown to the pharmacist.
  public var display: String

  /// A reason from its parts.
  public init(code: String, display: String) {
    self.code = code
    self.display = display
  }

  /// `{code, display}`.
  public var json: JSONValue { .object(JSONObject([("code", .string(code)), ("display", .string(display))])) }
}
