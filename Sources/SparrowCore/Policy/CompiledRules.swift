// MARK: - CompiledRules

/// A policy set's rule conditions prepared for evaluation: fact names resolved to their `FactCatalog` slots and
/// code lists to their contents, once per set, so that evaluating a patient does no hashing or name lookup.
struct CompiledRules: Sendable, Equatable {
  /// One condition per rule, in the set's rule order.
  let conditions: [CompiledCondition]
  /// Each rule's note conditions, in the rule's note order.
  let notes: [[CompiledCondition]]

  init(rules: [PolicyRule], codeLists: [String: PolicyCodeList]) {
    conditions = rules.map { CompiledCondition($0.condition, codeLists: codeLists) }
    notes = rules.map { rule in rule.notes.map { CompiledCondition($0.condition, codeLists: codeLists) } }
  }
}
