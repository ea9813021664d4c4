// MARK: - PolicySet

/// A validated policy set: thresholds, code lists, wording and tests a pharmacy and therapeutics committee owns.
public struct PolicySet: Sendable, Equatable {
  /// The set's name.
  public var name: String
  /// The human version (`2026.1`).
  public var version: String
  /// What the set is for.
  public var description: String?
  /// The MME conversion factor table its assessments use.
  public var mmeTable: MMEFactorTable
  /// Code lists by name.
  public var codeLists: [String: PolicyCodeList]
  /// Rules, in id order.
  public var rules: [PolicyRule]
  /// The set's own test cases.
  public var tests: [PolicyTestCase]
  /// The canonical form of everything that can change a decision (not the tests): the input to the revision.
  public var canonicalForm: String
  /// SHA-256 of `canonicalForm`, in lower-case hex, set by whoever loaded the set (hashing is not the core's job).
  public var revision: String
  /// The RxNorm catalog FHIR input is read with: the built-in one, extended by the set's `rxnorm` section.
  public var rxnormCatalog: RxNormCatalog = .standard

  /// The rule called `id`, if any.
  public func rule(_ id: String) -> PolicyRule? {
    rules.first { $0.id == id }
  }
}
