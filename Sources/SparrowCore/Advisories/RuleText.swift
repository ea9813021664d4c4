// MARK: - RuleText

/// What a rule says, constant for one policy revision: the templates its advisories are rendered from, its
/// severity, source and override reasons. The store keeps it once per revision and rule; each advisory keeps only
/// its `AdvisoryFill`, and `rendered(_:)` gives back the same text evaluation produced.
public struct RuleText: Sendable, Equatable {
  /// The rule's id.
  public var ruleID: String
  /// Severity.
  public var indicator: Indicator
  /// The summary template.
  public var summary: Template
  /// The detail template (Markdown).
  public var detail: Template
  /// The conditional notes' templates, in the rule's order.
  public var notes: [Template]
  /// The suggestions' templates.
  public var suggestions: [PolicySuggestion]
  /// The clinical source.
  public var source: PolicySource
  /// Reasons a pharmacist may give to override it.
  public var overrideReasons: [OverrideReason]
  /// Texts already rendered, kept as they were (an advisory recorded before rule texts were stored apart).
  public var isLiteral = false

  /// The text of `rule`.
  public init(rule: PolicyRule) {
    ruleID = rule.id
    indicator = rule.indicator
    summary = rule.summary
    detail = rule.detail
    notes = rule.notes.map(\.text)
    suggestions = rule.suggestions
    source = rule.source
    overrideReasons = rule.overrideReasons
  }

  /// The text of an advisory rendered before rule texts were stored apart: every text taken as written.
  public init(rendered advisory: Advisory) {
    ruleID = advisory.ruleID
    indicator = advisory.indicator
    summary = .literal(advisory.summary)
    detail = .literal(advisory.detail)
    notes = []
    suggestions = advisory.suggestions.map {
      PolicySuggestion(label: .literal($0.label), detail: $0.detail.map(Template.literal))
    }
    source = advisory.source
    overrideReasons = advisory.overrideReasons
    isLiteral = true
  }

  /// The summary, detail and suggestions for one advisory's fill. The detail is the rule's detail, then each
  /// note that held, as paragraphs.
  public func rendered(_ fill: AdvisoryFill) -> (summary: String, detail: String, suggestions: [RenderedSuggestion]) {
    if isLiteral {  // as recorded, byte for byte (texts of older versions kept a YAML block's final line break)
      return (
        summary.source, detail.source,
        suggestions.map { RenderedSuggestion(label: $0.label.source, detail: $0.detail?.source) }
      )
    }
    let paragraphs = [detail] + fill.notes.filter(notes.indices.contains).map { notes[$0] }
    return (
      summary.render(fill.values),
      paragraphs.map { Self.paragraph($0.render(fill.values)) }.joined(separator: "\n\n"),
      suggestions.map {
        RenderedSuggestion(label: $0.label.render(fill.values), detail: $0.detail?.render(fill.values))
      }
    )
  }

  /// A rendered paragraph without the line break a YAML block scalar ends with.
  static func paragraph(_ text: String) -> String {
    var text = Substring(text)
    while text.last == "\n" { text = text.dropLast() }
    return String(text)
  }

  // MARK: - Stored form

  /// The stored form: every template as written.
  public var json: JSONValue {
    var object = JSONObject([
      ("ruleId", .string(ruleID)), ("indicator", .string(indicator.rawValue)), ("summary", .string(summary.source)),
      ("detail", .string(detail.source)), ("notes", .array(notes.map { .string($0.source) })),
      (
        "suggestions",
        .array(
          suggestions.map {
            .object(
              JSONObject([
                ("label", .string($0.label.source)), ("detail", $0.detail.map { .string($0.source) } ?? .null),
              ]))
          })
      ),
      ("source", source.json),
      ("overrideReasons", .array(overrideReasons.map(\.json))),
    ])
    if isLiteral { object["literal"] = .bool(true) }
    return .object(object)
  }

  /// The rule text `json` wrote; templates are parsed again (or taken as written, for a literal one).
  public init(json: JSONValue) throws(StoredFormError) {
    let object = try json.storedObject("a rule text")
    isLiteral = object["literal"] == .bool(true)
    let literal = isLiteral
    func template(_ text: String) throws(StoredFormError) -> Template {
      literal ? .literal(text) : try Template.stored(text)
    }
    ruleID = try object.storedString("ruleId")
    let indicatorText = try object.storedString("indicator")
    guard let indicator = Indicator(rawValue: indicatorText) else {
      throw StoredFormError("indicator '\(indicatorText)' is not info, warning or critical")
    }
    self.indicator = indicator
    summary = try template(try object.storedString("summary"))
    detail = try template(try object.storedString("detail"))
    var notes: [Template] = []
    for note in try object.storedStrings("notes") { notes.append(try template(note)) }
    self.notes = notes
    var suggestions: [PolicySuggestion] = []
    for item in try object.stored("suggestions").storedArray("'suggestions'") {
      let fields = try item.storedObject("a suggestion")
      suggestions.append(
        PolicySuggestion(
          label: try template(try fields.storedString("label")),
          detail: try fields.storedOptionalString("detail").map { text throws(StoredFormError) in try template(text) }))
    }
    self.suggestions = suggestions
    let sourceFields = try object.stored("source").storedObject("'source'")
    source = PolicySource(
      label: try sourceFields.storedString("label"), url: try sourceFields.storedOptionalString("url"))
    var reasons: [OverrideReason] = []
    for item in try object.stored("overrideReasons").storedArray("'overrideReasons'") {
      let fields = try item.storedObject("an override reason")
      reasons.append(OverrideReason(code: try fields.storedString("code"), display: try fields.storedString("display")))
    }
    overrideReasons = reasons
  }
}
