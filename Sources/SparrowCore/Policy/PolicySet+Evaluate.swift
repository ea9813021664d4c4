// MARK: - Evaluation

extension PolicySet {
  /// The advisories this set raises for `assessment`, most severe first, then by rule id. Pure and
  /// deterministic; an empty result is still a decision ("nothing applies").
  public func evaluate(_ assessment: Assessment) -> [Advisory] {
    let context = EvaluationContext(set: self, assessment: assessment)
    var advisories: [Advisory] = []
    for rule in rules {
      var trace = EvaluationTrace()
      guard context.holds(rule.condition, trace: &trace) else { continue }
      advisories.append(context.advisory(for: rule, trace: trace))
    }
    return advisories.sorted { ($1.indicator, $0.ruleID) < ($0.indicator, $1.ruleID) }
  }

  /// The assessment this set makes of `record` on `date`, with the set's own MME table.
  public func assess(_ record: PatientRecord, on date: CalendarDate) -> Assessment {
    Assessment(record: record, on: date, table: mmeTable)
  }
}

// MARK: - EvaluationTrace

/// What a rule's evaluation read.
struct EvaluationTrace {
  var factNames: [String] = []
  var matchedInputs: [String] = []

  mutating func read(_ fact: String) {
    if !factNames.contains(fact) { factNames.append(fact) }
  }

  mutating func matched(_ paths: [String]) {
    for path in paths where !matchedInputs.contains(path) { matchedInputs.append(path) }
  }
}

// MARK: - EvaluationContext

private struct EvaluationContext {
  let set: PolicySet
  let assessment: Assessment
  let facts: [String: Fact]

  init(set: PolicySet, assessment: Assessment) {
    self.set = set
    self.assessment = assessment
    self.facts = assessment.policyFacts
  }

  func value(_ name: String) -> FactValue { facts[name]?.value ?? .unknown }

  func holds(_ condition: PolicyCondition, trace: inout EvaluationTrace) -> Bool {
    switch condition {
    case .all(let children):
      for child in children where !holds(child, trace: &trace) { return false }
      return true
    case .any(let children):
      for child in children where holds(child, trace: &trace) { return true }
      return false
    case .not(let inner):
      var ignored = EvaluationTrace()
      let result = !holds(inner, trace: &ignored)
      for name in ignored.factNames { trace.read(name) }
      return result
    case .compare(let fact, let comparison, let operand):
      trace.read(fact)
      return comparison.holds(value(fact), operand)
    case .known(let fact, let known):
      trace.read(fact)
      return (value(fact) != .unknown) == known
    case .conditionIn(let name):
      guard let list = set.codeLists[name] else { return false }
      let paths = assessment.record.conditions.enumerated().compactMap { index, condition in
        condition.status.isCurrent && list.codes.contains(condition) ? "conditions[\(index)]" : nil
      }
      trace.matched(paths)
      return !paths.isEmpty
    case .medicationIn(let name):
      guard let list = set.codeLists[name] else { return false }
      let paths = assessment.load.orders.compactMap { order in
        order.isActive && list.ingredients.contains(order.ingredient) ? "medications[\(order.index)]" : nil
      }
      trace.matched(paths)
      return !paths.isEmpty
    case .count(let children, let comparison, let number):
      let count = children.reduce(0) { $0 + (holds($1, trace: &trace) ? 1 : 0) }
      return comparison.holds(.number(Double(count)), .number(number))
    }
  }

  func advisory(for rule: PolicyRule, trace: EvaluationTrace) -> Advisory {
    var values: [String: String] = [Template.tablePlaceholder: assessment.table.name]
    var used = trace.factNames
    let templates =
      [rule.summary, rule.detail] + rule.suggestions.flatMap { [$0.label] + ($0.detail.map { [$0] } ?? []) }
    for name in templates.flatMap(\.placeholders) where name != Template.tablePlaceholder {
      values[name] = EvaluationContext.text(value(name))
      if !used.contains(name) { used.append(name) }
    }
    return Advisory(
      ruleID: rule.id, indicator: rule.indicator, summary: rule.summary.render(values),
      detail: rule.detail.render(values),
      suggestions: rule.suggestions.map {
        RenderedSuggestion(label: $0.label.render(values), detail: $0.detail?.render(values))
      },
      source: rule.source, overrideReasons: rule.overrideReasons, policyName: set.name, policyVersion: set.version,
      policyRevision: set.revision, mmeTable: assessment.table.name,
      facts: used.compactMap { facts[$0] }, matchedInputs: trace.matchedInputs)
  }

  static func text(_ value: FactValue) -> String {
    switch value {
    case .bool(let flag): flag ? "yes" : "no"
    case .number(let number): MMEArithmetic.text(number)
    case .text(let text): text
    case .unknown: "unknown"
    }
  }
}
