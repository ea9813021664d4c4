// MARK: - JSON rendering

extension Advisory {
  /// The advisory as JSON: CDS Hooks card fields plus the provenance Sparrow records.
  public var jsonValue: JSONValue {
    .object(
      JSONObject([
        ("ruleId", .string(ruleID)),
        ("indicator", .string(indicator.rawValue)),
        ("summary", .string(summary)),
        ("detail", .string(detail)),
        ("suggestions", suggestionsJSON),
        ("source", source.json),
        ("overrideReasons", overrideReasonsJSON),
        ("policy", PolicyIdentity(name: policyName, version: policyVersion, revision: policyRevision).json),
        ("mmeTable", .string(mmeTable)),
        ("facts", .array(facts.map(Assessment.factJSON))),
        ("matchedInputs", matchedInputsJSON),
      ]))
  }

  // MARK: - Parts (the store writes them as columns of their own)

  /// The rendered suggestions.
  public var suggestionsJSON: JSONValue {
    .array(
      suggestions.map {
        .object(JSONObject([("label", .string($0.label)), ("detail", $0.detail.map(JSONValue.string) ?? .null)]))
      })
  }

  /// The override reasons a pharmacist may give.
  public var overrideReasonsJSON: JSONValue {
    .array(overrideReasons.map(\.json))
  }

  /// The record paths matched by code-list conditions.
  public var matchedInputsJSON: JSONValue { .array(matchedInputs.map(JSONValue.string)) }
}
