// MARK: - PolicyCanonicalForm

/// The canonical text of a policy set: compact JSON of everything that can change a decision, in a fixed order
/// (code lists by name, codes sorted, rules by id). Comments, formatting, key order and the split into files do
/// not change it, so the revision (its SHA-256) changes only when the policy does.
enum PolicyCanonicalForm {
  static func text(
    name: String, version: String, table: MMEFactorTable, codeLists: [String: PolicyCodeList], rules: [PolicyRule],
    rxnorm: [String: RxNormCatalog.Entry] = [:]
  ) -> String {
    var fields: [(String, JSONValue)] = [
      // 2: rule notes, medication queries and value-set code lists; `medicationIn` matches a combination's
      // other ingredients too, so a set's meaning can differ from version 1 with the same text.
      ("canonicalFormVersion", .number(2)),
      ("name", .string(name)),
      ("version", .string(version)),
      ("mmeTable", tableJSON(table)),
      ("codeLists", .array(codeLists.keys.sorted().compactMap { codeLists[$0].map(listJSON) })),
      ("rules", .array(rules.sorted { $0.id < $1.id }.map(ruleJSON))),
    ]
    // Only sets that extend the RxNorm catalog carry the key, so earlier revisions stay as they were.
    if !rxnorm.isEmpty {
      fields.append(
        (
          "rxnorm",
          .array(
            rxnorm.keys.sorted().compactMap { code in
              rxnorm[code].map { entry in
                .object(
                  JSONObject([
                    ("code", .string(code)), ("ingredient", .string(entry.ingredient)),
                    ("strength", entry.strength.map { .string("\($0.value) \($0.unit.rawValue)") } ?? .null),
                    ("transdermalRate", entry.transdermalRateMcgPerHour.map(JSONValue.number) ?? .null),
                    ("doseForm", entry.doseForm.map { .string($0.rawValue) } ?? .null),
                    ("route", entry.route.map { .string($0.rawValue) } ?? .null),
                    ("extendedRelease", entry.extendedRelease.map(JSONValue.bool) ?? .null),
                    ("source", .string(entry.source)),
                  ]))
              }
            })
        ))
    }
    return JSONWriter.compactString(.object(JSONObject(fields)))
  }

  private static func strings(_ values: some Sequence<String>) -> JSONValue {
    .array(values.sorted().map(JSONValue.string))
  }

  private static func tableJSON(_ table: MMEFactorTable) -> JSONValue {
    .object(
      JSONObject([
        ("name", .string(table.name)), ("title", .string(table.title)), ("source", .string(table.source)),
        (
          "entries",
          .array(
            table.entries.map { entry in
              .object(
                JSONObject([
                  ("ingredient", .string(entry.ingredient)), ("routes", strings(entry.routes.map(\.rawValue))),
                  ("rule", ruleJSON(entry.rule)),
                ]))
            })
        ),
      ]))
  }

  private static func ruleJSON(_ rule: MMEFactorRule) -> JSONValue {
    switch rule {
    case .perMilligram(let factor): .object(JSONObject([("perMilligram", .number(factor))]))
    case .perMicrogramPerHour(let factor): .object(JSONObject([("perMicrogramPerHour", .number(factor))]))
    case .excluded(let reason): .object(JSONObject([("excluded", .string(reason))]))
    case .tiered(let tiers):
      .object(
        JSONObject([
          (
            "tiers",
            .array(
              tiers.map {
                .object(
                  JSONObject([
                    ("upTo", $0.upToMilligrams.map(JSONValue.number) ?? .null), ("factor", .number($0.factor)),
                  ]))
              })
          )
        ]))
    }
  }

  private static func listJSON(_ list: PolicyCodeList) -> JSONValue {
    .object(
      JSONObject([
        ("name", .string(list.name)), ("icd10cm", strings(list.codes.icd10Prefixes)),
        ("snomed", strings(list.codes.snomedCodes)), ("valueSets", strings(list.codes.valueSets)),
        ("ingredients", strings(list.ingredients)),
      ]))
  }

  private static func ruleJSON(_ rule: PolicyRule) -> JSONValue {
    .object(
      JSONObject([
        ("id", .string(rule.id)), ("indicator", .string(rule.indicator.rawValue)),
        ("summary", .string(rule.summary.source)), ("detail", .string(rule.detail.source)),
        (
          "suggestions",
          .array(
            rule.suggestions.map {
              .object(
                JSONObject([
                  ("label", .string($0.label.source)), ("detail", $0.detail.map { .string($0.source) } ?? .null),
                ]))
            })
        ),
        ("source", rule.source.json),
        (
          "overrideReasons",
          .array(
            rule.overrideReasons.map {
              .object(JSONObject([("code", .string($0.code)), ("display", .string($0.display))]))
            })
        ),
        ("when", conditionJSON(rule.condition)),
        (
          "notes",
          .array(
            rule.notes.map {
              .object(JSONObject([("when", conditionJSON($0.condition)), ("text", .string($0.text.source))]))
            })
        ),
      ]))
  }

  static func conditionJSON(_ condition: PolicyCondition) -> JSONValue {
    switch condition {
    case .all(let children): .object(JSONObject([("all", .array(children.map(conditionJSON)))]))
    case .any(let children): .object(JSONObject([("any", .array(children.map(conditionJSON)))]))
    case .not(let inner): .object(JSONObject([("not", conditionJSON(inner))]))
    case .compare(let fact, let comparison, let value):
      .object(JSONObject([("fact", .string(fact)), (comparison.rawValue, value.json)]))
    case .known(let fact, let known): .object(JSONObject([("fact", .string(fact)), ("known", .bool(known))]))
    case .conditionIn(let list): .object(JSONObject([("conditionIn", .string(list))]))
    case .medication(let query): .object(JSONObject([("medication", queryJSON(query))]))
    case .count(let children, let comparison, let number):
      .object(JSONObject([("count", .array(children.map(conditionJSON))), (comparison.rawValue, .number(number))]))
    }
  }

  static func queryJSON(_ query: MedicationQuery) -> JSONValue {
    func bound(_ bound: MedicationQuery.Bound?) -> JSONValue {
      bound.map { .object(JSONObject([($0.comparison.rawValue, .number($0.value))])) } ?? .null
    }
    return .object(
      JSONObject([
        ("in", query.list.map(JSONValue.string) ?? .null),
        ("class", strings(query.drugClasses.map(\.rawValue))),
        ("route", strings(query.routes.map(\.rawValue))),
        ("longActing", query.longActing.map(JSONValue.bool) ?? .null),
        ("within", query.withinDays.map { .number(Double($0)) } ?? .null),
        ("startedWithin", query.startedWithinDays.map { .number(Double($0)) } ?? .null),
        ("dailyDose", bound(query.dailyDose)), ("dosesPerDay", bound(query.dosesPerDay)),
        ("count", bound(query.count)),
      ]))
  }
}
