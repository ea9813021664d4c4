// MARK: - CompiledCondition

/// `PolicyCondition` with resolved references. A fact the catalog does not know (the loader rejects those) reads
/// as unknown, as it would by name.
indirect enum CompiledCondition: Sendable, Equatable {
  case all([CompiledCondition])
  case any([CompiledCondition])
  case not(CompiledCondition)
  case compare(slot: Int?, Comparison, FactValue)
  case known(slot: Int?, Bool)
  case conditionIn(PolicyCodeList?)
  case medication(MedicationQuery, ingredients: Set<String>?, listMissing: Bool)
  case count([CompiledCondition], Comparison, Double)

  init(_ condition: PolicyCondition, codeLists: [String: PolicyCodeList]) {
    switch condition {
    case .all(let children): self = .all(children.map { CompiledCondition($0, codeLists: codeLists) })
    case .any(let children): self = .any(children.map { CompiledCondition($0, codeLists: codeLists) })
    case .not(let inner): self = .not(CompiledCondition(inner, codeLists: codeLists))
    case .compare(let fact, let comparison, let value):
      self = .compare(slot: FactCatalog.slots[fact], comparison, value)
    case .known(let fact, let known): self = .known(slot: FactCatalog.slots[fact], known)
    case .conditionIn(let name): self = .conditionIn(codeLists[name])
    case .medication(let query):
      let list = query.list.map { codeLists[$0] }
      self = .medication(query, ingredients: list.map { $0?.ingredients ?? [] }, listMissing: list == .some(nil))
    case .count(let children, let comparison, let number):
      self = .count(children.map { CompiledCondition($0, codeLists: codeLists) }, comparison, number)
    }
  }
}
