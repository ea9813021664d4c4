// MARK: - Evaluation

extension PolicySet {
  /// The advisories this set raises for `assessment`, most severe first, then by rule id. Pure and
  /// deterministic; an empty result is still a decision ("nothing applies").
  public func evaluate(_ assessment: Assessment) -> [Advisory] {
    let context = EvaluationContext(set: self, assessment: assessment)
    var advisories: [Advisory] = []
    for (index, condition) in compiled.conditions.enumerated() {
      var trace = EvaluationTrace()
      guard context.holds(condition, trace: &trace) else { continue }
      let notes = rules[index].notes.indices.filter { note in
        var noteTrace = EvaluationTrace()
        guard context.holds(compiled.notes[index][note], trace: &noteTrace) else { return false }
        for slot in noteTrace.factSlots { trace.read(slot) }
        trace.matched(noteTrace.matchedInputs)
        return true
      }
      advisories.append(context.advisory(for: rules[index], text: ruleTexts[index], notes: notes, trace: trace))
    }
    return advisories.sorted { ($1.indicator, $0.ruleID) < ($0.indicator, $1.ruleID) }
  }

  /// The assessment this set makes of `record` on `date`, with the set's own MME table.
  public func assess(_ record: PatientRecord, on date: CalendarDate) -> Assessment {
    Assessment(record: record, on: date, table: mmeTable)
  }
}

// MARK: - EvaluationTrace

/// What a rule's evaluation read: fact slots (names only for rules that fire) and matched record paths.
struct EvaluationTrace {
  var factSlots: [Int] = []
  var matchedInputs: [String] = []

  mutating func read(_ slot: Int?) {
    if let slot, !factSlots.contains(slot) { factSlots.append(slot) }
  }

  mutating func matched(_ paths: [String]) {
    for path in paths where !matchedInputs.contains(path) { matchedInputs.append(path) }
  }
}

// MARK: - EvaluationContext

private struct EvaluationContext {
  let set: PolicySet
  let assessment: Assessment

  func value(_ name: String) -> FactValue { assessment.fact(name)?.value ?? .unknown }

  func value(slot: Int?) -> FactValue { slot.map { assessment.factValue(slot: $0) } ?? .unknown }

  func holds(_ condition: CompiledCondition, trace: inout EvaluationTrace) -> Bool {
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
      for slot in ignored.factSlots { trace.read(slot) }
      return result
    case .compare(let slot, let comparison, let operand):
      trace.read(slot)
      return comparison.holds(value(slot: slot), operand)
    case .known(let slot, let known):
      trace.read(slot)
      return (value(slot: slot) != .unknown) == known
    case .conditionIn(let list):
      guard let list else { return false }
      let paths = assessment.record.conditions.enumerated().compactMap { index, condition in
        condition.status.isCurrent && list.codes.contains(condition) ? "conditions[\(index)]" : nil
      }
      trace.matched(paths)
      return !paths.isEmpty
    case .medication(let query, let ingredients, let listMissing):
      guard !listMissing else { return false }
      let (holds, paths) = query.evaluate(assessment, ingredients: ingredients)
      if holds { trace.matched(paths) }
      return holds
    case .count(let children, let comparison, let number):
      let count = children.reduce(0) { $0 + (holds($1, trace: &trace) ? 1 : 0) }
      return comparison.holds(.number(Double(count)), .number(number))
    }
  }

  func advisory(for rule: PolicyRule, text: RuleText, notes: [Int], trace: EvaluationTrace) -> Advisory {
    var values: [String: String] = [Template.tablePlaceholder: assessment.table.name]
    var used = trace.factSlots.map { FactCatalog.ordered[$0].name }
    let templates =
      [rule.summary, rule.detail] + notes.map { rule.notes[$0].text }
      + rule.suggestions.flatMap { [$0.label] + ($0.detail.map { [$0] } ?? []) }
    for name in templates.flatMap(\.placeholders) where name != Template.tablePlaceholder {
      values[name] = value(name).text
      if !used.contains(name) { used.append(name) }
    }
    let fill = AdvisoryFill(values: values, notes: notes)
    let rendered = text.rendered(fill)
    return Advisory(
      ruleID: rule.id, indicator: rule.indicator, summary: rendered.summary, detail: rendered.detail,
      suggestions: rendered.suggestions, source: rule.source, overrideReasons: rule.overrideReasons,
      policyName: set.name, policyVersion: set.version, policyRevision: set.revision, mmeTable: assessment.table.name,
      facts: used.compactMap { assessment.fact($0) }, matchedInputs: trace.matchedInputs, fill: fill)
  }
}
