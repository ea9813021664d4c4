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
        (
          "suggestions",
          .array(
            suggestions.map {
              .object(JSONObject([("label", .string($0.label)), ("detail", $0.detail.map(JSONValue.string) ?? .null)]))
            })
        ),
        ("source", .object(JSONObject([("label", .string(source.label)), ("url", .string(source.url))]))),
        (
          "overrideReasons",
          .array(
            overrideReasons.map { .object(JSONObject([("code", .string($0.code)), ("display", .string($0.display))])) })
        ),
        (
          "policy",
          .object(
            JSONObject([
              ("name", .string(policyName)), ("version", .string(policyVersion)), ("revision", .string(policyRevision)),
            ]))
        ),
        ("mmeTable", .string(mmeTable)),
        ("facts", .array(facts.map(Assessment.factJSON))),
        ("matchedInputs", .array(matchedInputs.map(JSONValue.string))),
      ]))
  }
}
