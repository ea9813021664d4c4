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
  public let codeLists: [String: PolicyCodeList]
  /// Rules, in id order.
  public let rules: [PolicyRule]
  /// The set's own test cases.
  public var tests: [PolicyTestCase]
  /// The canonical form of everything that can change a decision (not the tests): the input to the revision.
  public var canonicalForm: String
  /// SHA-256 of `canonicalForm`, in lower-case hex, set by whoever loaded the set (hashing is not the core's job).
  public var revision: String
  /// The RxNorm catalog FHIR input is read with: the built-in one, extended by the set's `rxnorm` section.
  public var rxnormCatalog: RxNormCatalog
  /// The rules' conditions with facts and code lists resolved, for evaluation (derived from `rules` and
  /// `codeLists`, which cannot change after this is built).
  let compiled: CompiledRules
  /// Each rule's constant text, in rule order (what the store keeps once per revision).
  public let ruleTexts: [RuleText]
  /// Each rule text's stored form (compact JSON), in rule order: rendered once per set, not once per stored batch.
  public let ruleTextJSON: [String]

  /// A set from its parts; the conditions are compiled here, once.
  public init(
    name: String, version: String, description: String?, mmeTable: MMEFactorTable,
    codeLists: [String: PolicyCodeList], rules: [PolicyRule], tests: [PolicyTestCase], canonicalForm: String,
    revision: String, rxnormCatalog: RxNormCatalog = .standard
  ) {
    self.name = name
    self.version = version
    self.description = description
    self.mmeTable = mmeTable
    self.codeLists = codeLists
    self.rules = rules
    self.tests = tests
    self.canonicalForm = canonicalForm
    self.revision = revision
    self.rxnormCatalog = rxnormCatalog
    self.compiled = CompiledRules(rules: rules, codeLists: codeLists)
    self.ruleTexts = rules.map(RuleText.init(rule:))
    self.ruleTextJSON = ruleTexts.map { JSONWriter.compactString($0.json) }
  }

  /// The rule called `id`, if any.
  public func rule(_ id: String) -> PolicyRule? {
    rules.first { $0.id == id }
  }
}
