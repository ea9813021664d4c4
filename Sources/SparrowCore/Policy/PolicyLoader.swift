// MARK: - PolicyFile

/// One policy file's text and its path relative to the policy directory.
public struct PolicyFile: Sendable, Equatable {
  /// Relative path (`rules/load.yaml`), used in every error.
  public var path: String
  /// The file's text.
  public var text: String

  /// A file from its parts.
  public init(path: String, text: String) {
    self.path = path
    self.text = text
  }
}

// MARK: - PolicyLoadFailure

/// Every problem found in a policy set, sorted by file and position.
public struct PolicyLoadFailure: Error, Sendable, Equatable, CustomStringConvertible {
  /// The problems.
  public var errors: [PolicyError]

  /// A failure with its problems.
  public init(errors: [PolicyError]) {
    self.errors = errors
  }

  public var description: String { errors.map(\.description).joined(separator: "\n") }
}

// MARK: - PolicyLoader

/// Loads and validates a whole policy set from its files. Pure: the caller reads the files and hashes the
/// canonical form.
///
/// A file may hold any of four top-level sections: `policy` (name, version, MME table; exactly one in the set),
/// `codeLists`, `rules` and `tests`. Every problem in every file is reported, each as `file:line:column: message`.
public enum PolicyLoader {
  /// The most characters a rendered summary may have (CDS Hooks: "<140-character").
  public static let summaryLimit = 140
  /// The deepest nesting of `all` / `any` / `not` / `count` accepted.
  public static let maxConditionDepth = 32

  static let sections = ["policy", "codeLists", "rules", "tests", "rxnorm"]

  /// Loads `files` into a validated set (revision left empty), or every problem found.
  public static func load(_ files: [PolicyFile]) -> Result<PolicySet, PolicyLoadFailure> {
    var reader = PolicyReader()
    var manifests: [(PolicyNode, SourceLocation)] = []
    var codeListNodes: [PolicyNode] = []
    var ruleNodes: [PolicyNode] = []
    var testNodes: [PolicyNode] = []
    var rxnormNodes: [PolicyNode] = []
    for file in files.sorted(by: { $0.path < $1.path }) {
      let root: PolicyNode?
      switch PolicyNode.parse(file.text, file: file.path) {
      case .success(let node): root = node
      case .failure(let error):
        reader.error(SourceLocation(file: error.file, line: error.line, column: error.column), error.message)
        continue
      }
      guard let root else { continue }
      guard let fields = reader.fields(root, what: "file", allowed: sections) else { continue }
      if let manifest = fields["policy"] {
        manifests.append((manifest, fields.keyLocations["policy"] ?? root.location))
      }
      if let node = fields["codeLists"] { codeListNodes.append(node) }
      if let node = fields["rules"], let rules = reader.list(node, what: "rules") { ruleNodes += rules }
      if let node = fields["tests"], let tests = reader.list(node, what: "tests") { testNodes += tests }
      if let node = fields["rxnorm"] { rxnormNodes.append(node) }
    }

    let unreadable = !reader.errors.isEmpty
    var builder = Builder(reader: reader)
    let manifest =
      unreadable && manifests.isEmpty
      ? nil : builder.manifest(manifests, firstFile: files.map(\.path).min() ?? "(empty policy set)")
    for node in codeListNodes { builder.codeLists(node) }
    for node in rxnormNodes { builder.rxnorm(node) }
    let rules = ruleNodes.compactMap { builder.rule($0) }
    let tests = testNodes.compactMap { builder.testCase($0, ruleIDs: Set(rules.map(\.id))) }

    let errors = builder.reader.errors.sorted()
    guard errors.isEmpty, let manifest else {
      return .failure(PolicyLoadFailure(errors: errors))
    }
    let sortedRules = rules.sorted { $0.id < $1.id }
    let canonical = PolicyCanonicalForm.text(
      name: manifest.name, version: manifest.version, table: manifest.table, codeLists: builder.lists,
      rules: sortedRules, rxnorm: builder.rxnormEntries)
    var catalog = RxNormCatalog.standard
    catalog.entries.merge(builder.rxnormEntries) { _, policy in policy }
    return .success(
      PolicySet(
        name: manifest.name, version: manifest.version, description: manifest.description, mmeTable: manifest.table,
        codeLists: builder.lists, rules: sortedRules, tests: tests, canonicalForm: canonical, revision: "",
        rxnormCatalog: catalog))
  }
}

// MARK: - Builder

private struct Manifest {
  var name: String
  var version: String
  var description: String?
  var table: MMEFactorTable
}

private struct Builder {
  var reader: PolicyReader
  var lists: [String: PolicyCodeList] = [:]
  var listLocations: [String: SourceLocation] = [:]
  var ruleLocations: [String: SourceLocation] = [:]
  var rxnormEntries: [String: RxNormCatalog.Entry] = [:]

  init(reader: PolicyReader) { self.reader = reader }

  // MARK: Manifest

  mutating func manifest(_ nodes: [(PolicyNode, SourceLocation)], firstFile: String) -> Manifest? {
    guard let (node, _) = nodes.first else {
      reader.error(
        SourceLocation(file: firstFile, line: 1, column: 1),
        "no 'policy' section (name, version, mmeTable) in any file of the set")
      return nil
    }
    for (_, location) in nodes.dropFirst() {
      reader.error(location, "a second 'policy' section; a set has exactly one")
    }
    guard
      let fields = reader.fields(
        node, what: "policy", allowed: ["name", "version", "description", "mmeTable"],
        required: ["name", "version", "mmeTable"])
    else { return nil }
    let name = fields["name"].flatMap { reader.string($0, what: "policy.name") }
    let version = fields["version"].flatMap { reader.string($0, what: "policy.version") }
    let description = fields["description"].flatMap { reader.string($0, what: "policy.description") }
    let table = fields["mmeTable"].flatMap { mmeTable($0) }
    guard let name, let version, let table else { return nil }
    return Manifest(name: name, version: version, description: description, table: table)
  }

  mutating func mmeTable(_ node: PolicyNode) -> MMEFactorTable? {
    if case .scalar = node {
      let names = MMEFactorTable.builtIn.map(\.name)
      return reader.oneOf(node, what: "policy.mmeTable", allowed: names).flatMap { MMEFactorTable.builtIn(named: $0) }
    }
    guard
      let fields = reader.fields(
        node, what: "mmeTable", allowed: ["name", "title", "source", "factors"],
        required: ["name", "title", "source", "factors"])
    else { return nil }
    let name = fields["name"].flatMap { reader.string($0, what: "mmeTable.name") }
    let title = fields["title"].flatMap { reader.string($0, what: "mmeTable.title") }
    let source = fields["source"].flatMap { reader.string($0, what: "mmeTable.source") }
    let entries = (fields["factors"].flatMap { reader.list($0, what: "mmeTable.factors") } ?? []).compactMap {
      factor($0)
    }
    guard let name, let title, let source else { return nil }
    return MMEFactorTable(name: name, title: title, source: source, entries: entries)
  }

  mutating func factor(_ node: PolicyNode) -> MMEFactorEntry? {
    let rules = ["perMilligram", "perMicrogramPerHour", "tiers", "excluded"]
    guard
      let fields = reader.fields(
        node, what: "factor", allowed: ["ingredient", "routes"] + rules, required: ["ingredient", "routes"])
    else { return nil }
    let ingredient = fields["ingredient"].flatMap { reader.string($0, what: "factor.ingredient") }?.lowercased()
    let routes = fields["routes"].flatMap { node in
      reader.list(node, what: "factor.routes")?.compactMap {
        reader.oneOf($0, what: "factor.routes", allowed: Route.allCases.map(\.rawValue)).flatMap(Route.init(rawValue:))
      }
    }
    let given = rules.filter { fields[$0] != nil }
    guard given.count == 1, let kind = given.first, let node = fields[kind] else {
      reader.error(fields.location, "factor: expected exactly one of \(rules.joined(separator: ", "))")
      return nil
    }
    let rule: MMEFactorRule?
    switch kind {
    case "perMilligram": rule = reader.number(node, what: "factor.perMilligram").map { .perMilligram($0) }
    case "perMicrogramPerHour":
      rule = reader.number(node, what: "factor.perMicrogramPerHour").map { .perMicrogramPerHour($0) }
    case "excluded": rule = reader.string(node, what: "factor.excluded").map { .excluded(reason: $0) }
    default:
      let tiers = reader.list(node, what: "factor.tiers")?.compactMap { tier -> MMETier? in
        guard let fields = reader.fields(tier, what: "tier", allowed: ["upTo", "factor"], required: ["factor"]) else {
          return nil
        }
        let upTo = fields["upTo"].flatMap { reader.number($0, what: "tier.upTo") }
        return fields["factor"].flatMap { reader.number($0, what: "tier.factor") }.map {
          MMETier(upToMilligrams: upTo, factor: $0)
        }
      }
      rule = tiers.map { .tiered($0) }
    }
    guard let ingredient, let routes, let rule else { return nil }
    return MMEFactorEntry(ingredient: ingredient, routes: Set(routes), rule: rule)
  }

  // MARK: Code lists

  mutating func codeLists(_ node: PolicyNode) {
    guard case .mapping(let pairs, _) = node else {
      reader.error(node.location, "codeLists: expected a mapping of list names to lists; got \(node.kindDescription)")
      return
    }
    for pair in pairs {
      if let first = listLocations[pair.key] {
        reader.error(
          pair.keyLocation, "duplicate code list '\(pair.key)' (first defined at \(first.file):\(first.line))")
        continue
      }
      listLocations[pair.key] = pair.keyLocation
      let what = "code list '\(pair.key)'"
      guard
        let fields = reader.fields(
          pair.value, what: what, allowed: ["description", "source", "icd10cm", "snomed", "valueSets", "ingredients"])
      else { continue }
      _ = fields["description"].flatMap { reader.string($0, what: "\(what).description") }
      let source = fields["source"].flatMap { reader.string($0, what: "\(what).source") }
      let icd10 = fields["icd10cm"].flatMap { reader.strings($0, what: "\(what).icd10cm") } ?? []
      let snomed = fields["snomed"].flatMap { reader.strings($0, what: "\(what).snomed") } ?? []
      let ingredients = fields["ingredients"].flatMap { reader.strings($0, what: "\(what).ingredients") } ?? []
      let known = TerminologyCatalog.standard.valueSets.keys
      let valueSets =
        fields["valueSets"].flatMap { reader.list($0, what: "\(what).valueSets") }?.compactMap { node -> String? in
          guard let id = reader.string(node, what: "\(what).valueSets") else { return nil }
          guard known.contains(id) else {
            reader.error(
              node.location,
              "\(what).valueSets: no value set '\(id)' in the catalog\(DidYouMean.suggestion(for: id, among: known))")
            return nil
          }
          return id
        } ?? []
      if icd10.isEmpty && snomed.isEmpty && valueSets.isEmpty && ingredients.isEmpty {
        reader.error(pair.value.location, "\(what): empty; give icd10cm, snomed, valueSets or ingredients")
      }
      lists[pair.key] = PolicyCodeList(
        name: pair.key,
        codes: ClinicalCodeList(icd10Prefixes: icd10, snomedCodes: Set(snomed), valueSets: valueSets),
        ingredients: Set(ingredients.map { $0.lowercased() }), source: source)
    }
  }

  // MARK: RxNorm

  /// `rxnorm: { "CODE": {ingredient, strength: {value, unit}, transdermalRate, doseForm, route, extendedRelease,
  /// source} }`: concepts the site adds to (or corrects in) the built-in catalog.
  mutating func rxnorm(_ node: PolicyNode) {
    guard case .mapping(let pairs, _) = node else {
      reader.error(node.location, "rxnorm: expected a mapping of RxNorm codes to concepts; got \(node.kindDescription)")
      return
    }
    for pair in pairs {
      let what = "rxnorm '\(pair.key)'"
      guard !pair.key.isEmpty, pair.key.allSatisfy(\.isNumber) else {
        reader.error(pair.keyLocation, "\(what): an RxNorm code is digits")
        continue
      }
      guard
        let fields = reader.fields(
          pair.value, what: what,
          allowed: ["ingredient", "strength", "transdermalRate", "doseForm", "route", "extendedRelease", "source"],
          required: ["ingredient", "source"])
      else { continue }
      let ingredient = fields["ingredient"].flatMap { reader.string($0, what: "\(what).ingredient") }?.lowercased()
      let source = fields["source"].flatMap { reader.string($0, what: "\(what).source") }
      var strength: Strength?
      if let node = fields["strength"],
        let amount = reader.fields(
          node, what: "\(what).strength", allowed: ["value", "unit"], required: ["value", "unit"])
      {
        let value = amount["value"].flatMap { reader.number($0, what: "\(what).strength.value") }
        let unit = amount["unit"].flatMap {
          reader.oneOf($0, what: "\(what).strength.unit", allowed: StrengthUnit.allCases.map(\.rawValue))
        }.flatMap(StrengthUnit.init(rawValue:))
        if let value, let unit { strength = Strength(value, unit) }
      }
      let rate = fields["transdermalRate"].flatMap { reader.number($0, what: "\(what).transdermalRate") }
      let form = fields["doseForm"].flatMap {
        reader.oneOf($0, what: "\(what).doseForm", allowed: DoseForm.allCases.map(\.rawValue))
      }.flatMap(DoseForm.init(rawValue:))
      let route = fields["route"].flatMap {
        reader.oneOf($0, what: "\(what).route", allowed: Route.allCases.map(\.rawValue))
      }.flatMap(Route.init(rawValue:))
      let extended = fields["extendedRelease"].flatMap { reader.bool($0, what: "\(what).extendedRelease") }
      guard let ingredient, let source else { continue }
      rxnormEntries[pair.key] = RxNormCatalog.Entry(
        ingredient: ingredient, strength: strength, transdermalRateMcgPerHour: rate, doseForm: form, route: route,
        extendedRelease: extended, source: source)
    }
  }

  // MARK: Rules

  static let ruleKeys = [
    "id", "title", "indicator", "summary", "detail", "notes", "when", "suggestions", "source", "overrideReasons",
  ]

  mutating func rule(_ node: PolicyNode) -> PolicyRule? {
    var label = "rule"
    if case .mapping(let pairs, _) = node, let idNode = pairs.first(where: { $0.key == "id" })?.value,
      case .scalar(let text, _, _) = idNode
    {
      label = "rule '\(text)'"
    }
    guard
      let fields = reader.fields(
        node, what: label, allowed: Builder.ruleKeys,
        required: ["id", "indicator", "summary", "detail", "when", "source"])
    else { return nil }
    guard let id = fields["id"].flatMap({ reader.string($0, what: "rule.id") }) else { return nil }
    let what = "rule '\(id)'"
    if let first = ruleLocations[id] {
      reader.error(
        fields["id"]?.location ?? fields.location,
        "duplicate rule id '\(id)' (first defined at \(first.file):\(first.line))")
      return nil
    }
    ruleLocations[id] = fields["id"]?.location ?? fields.location
    if !id.allSatisfy({ ($0.isLetter && $0.isLowercase) || $0.isNumber || $0 == "-" }) {
      reader.error(fields["id"]?.location ?? fields.location, "\(what): ids use lower-case letters, digits and '-'")
    }
    _ = fields["title"].flatMap { reader.string($0, what: "\(what).title") }
    let indicator = fields["indicator"].flatMap {
      reader.oneOf($0, what: "\(what).indicator", allowed: Indicator.allCases.map(\.rawValue))
    }.flatMap(Indicator.init(rawValue:))
    let summary = fields["summary"].flatMap { template($0, what: "\(what).summary") }
    if let summary, let node = fields["summary"], summary.worstCaseLength > PolicyLoader.summaryLimit {
      reader.error(
        node.location,
        "\(what).summary: \(summary.worstCaseLength) characters when rendered (placeholders counted at 8); the limit is \(PolicyLoader.summaryLimit)"
      )
    }
    let detail = fields["detail"].flatMap { template($0, what: "\(what).detail") }
    let condition = fields["when"].flatMap { self.condition($0, what: "\(what).when", depth: 1) }
    let notes = fields["notes"].map { noteList($0, what: "\(what).notes") } ?? []
    let suggestions = fields["suggestions"].map { suggestionList($0, what: "\(what).suggestions") } ?? []
    let source = fields["source"].flatMap { policySource($0, what: "\(what).source") }
    let reasons = fields["overrideReasons"].map { overrideReasons($0, what: "\(what).overrideReasons") } ?? []
    guard let indicator, let summary, let detail, let condition, let source else { return nil }
    return PolicyRule(
      id: id, indicator: indicator, summary: summary, detail: detail, suggestions: suggestions, source: source,
      overrideReasons: reasons, condition: condition, notes: notes, location: fields.location)
  }

  mutating func noteList(_ node: PolicyNode, what: String) -> [PolicyNote] {
    (reader.list(node, what: what) ?? []).compactMap { element in
      guard let fields = reader.fields(element, what: what, allowed: ["when", "text"], required: ["when", "text"])
      else { return nil }
      let condition = fields["when"].flatMap { self.condition($0, what: "\(what).when", depth: 1) }
      let text = fields["text"].flatMap { template($0, what: "\(what).text") }
      guard let condition, let text else { return nil }
      return PolicyNote(condition: condition, text: text)
    }
  }

  mutating func template(_ node: PolicyNode, what: String) -> Template? {
    guard let text = reader.string(node, what: what) else { return nil }
    switch Template.parse(text) {
    case .failure(let problem):
      reader.error(node.location, "\(what): \(problem.message)")
      return nil
    case .success(let template):
      let known = Array(FactCatalog.types.keys) + [Template.tablePlaceholder]
      for name in template.placeholders where !known.contains(name) {
        reader.error(
          node.location, "\(what): unknown fact '{\(name)}'\(DidYouMean.suggestion(for: name, among: known))")
      }
      return template
    }
  }

  mutating func suggestionList(_ node: PolicyNode, what: String) -> [PolicySuggestion] {
    (reader.list(node, what: what) ?? []).compactMap { element in
      guard let fields = reader.fields(element, what: what, allowed: ["label", "detail"], required: ["label"]) else {
        return nil
      }
      let label = fields["label"].flatMap { template($0, what: "\(what).label") }
      let detail = fields["detail"].flatMap { template($0, what: "\(what).detail") }
      return label.map { PolicySuggestion(label: $0, detail: detail) }
    }
  }

  mutating func policySource(_ node: PolicyNode, what: String) -> PolicySource? {
    guard let fields = reader.fields(node, what: what, allowed: ["label", "url"], required: ["label"]) else {
      return nil
    }
    let label = fields["label"].flatMap { reader.string($0, what: "\(what).label") }
    let url = fields["url"].flatMap { reader.string($0, what: "\(what).url") }
    if let url, let node = fields["url"], !(url.hasPrefix("https://") || url.hasPrefix("http://")) {
      reader.error(node.location, "\(what).url: expected an http(s) URL; got '\(url)'")
    }
    guard let label else { return nil }
    if fields["url"] != nil && url == nil { return nil }
    return PolicySource(label: label, url: url)
  }

  mutating func overrideReasons(_ node: PolicyNode, what: String) -> [OverrideReason] {
    (reader.list(node, what: what) ?? []).compactMap { element in
      guard
        let fields = reader.fields(element, what: what, allowed: ["code", "display"], required: ["code", "display"])
      else { return nil }
      let code = fields["code"].flatMap { reader.string($0, what: "\(what).code") }
      let display = fields["display"].flatMap { reader.string($0, what: "\(what).display") }
      guard let code, let display else { return nil }
      return OverrideReason(code: code, display: display)
    }
  }

  // MARK: Conditions

  static let comparisonKeys = Comparison.allCases.map(\.rawValue)
  static let conditionKeys =
    ["all", "any", "not", "fact", "known", "conditionIn", "medicationIn", "medication", "count"]
    + comparisonKeys

  mutating func condition(_ node: PolicyNode, what: String, depth: Int) -> PolicyCondition? {
    guard depth <= PolicyLoader.maxConditionDepth else {
      reader.error(node.location, "\(what): conditions nested deeper than \(PolicyLoader.maxConditionDepth) levels")
      return nil
    }
    let errorsBefore = reader.errors.count
    guard let fields = reader.fields(node, what: what, allowed: Builder.conditionKeys) else { return nil }
    // An unknown key is already reported with a suggestion; a second error about the same mapping would only
    // repeat it.
    guard reader.errors.count == errorsBefore else { return nil }
    let keys = Set(fields.values.keys)
    let comparisons = Builder.comparisonKeys.filter { keys.contains($0) }
    if keys.isEmpty {
      reader.error(
        node.location,
        "\(what): empty condition; use all, any, not, fact, conditionIn, medicationIn, medication or count")
      return nil
    }
    if let list = fields["all"] ?? fields["any"], keys.count == 1 {
      let children = (reader.list(list, what: what) ?? []).compactMap {
        condition($0, what: what, depth: depth + 1)
      }
      return keys.contains("all") ? .all(children) : .any(children)
    }
    if let inner = fields["not"], keys.count == 1 {
      return condition(inner, what: what, depth: depth + 1).map { .not($0) }
    }
    if let listNode = fields["conditionIn"] ?? fields["medicationIn"], keys.count == 1 {
      guard let name = reader.string(listNode, what: what) else { return nil }
      guard let list = codeList(name, at: listNode, what: what) else { return nil }
      if keys.contains("conditionIn") {
        if list.codes.icd10Prefixes.isEmpty && list.codes.snomedCodes.isEmpty && list.codes.valueSets.isEmpty {
          reader.error(listNode.location, "\(what): code list '\(name)' has no condition codes")
        }
        return .conditionIn(list: name)
      }
      requireIngredients(list, at: listNode, what: what)
      return .medication(MedicationQuery(list: name))
    }
    if let queryNode = fields["medication"], keys.count == 1 {
      return medicationQuery(queryNode, what: "\(what).medication").map { .medication($0) }
    }
    if let countNode = fields["count"], comparisons.count == 1, keys.count == 2, let operation = comparisons.first,
      let comparison = Comparison(rawValue: operation), let operand = fields[operation]
    {
      let children = (reader.list(countNode, what: "\(what).count") ?? []).compactMap {
        condition($0, what: what, depth: depth + 1)
      }
      return reader.number(operand, what: "\(what).count \(operation)").map { .count(children, comparison, $0) }
    }
    if let factNode = fields["fact"] {
      guard let name = reader.string(factNode, what: "\(what).fact") else { return nil }
      guard let type = FactCatalog.types[name] else {
        reader.error(
          factNode.location,
          "\(what): unknown fact '\(name)'\(DidYouMean.suggestion(for: name, among: FactCatalog.types.keys))")
        return nil
      }
      if let knownNode = fields["known"], keys.count == 2 {
        return reader.bool(knownNode, what: "\(what).known").map { .known(fact: name, $0) }
      }
      guard comparisons.count == 1, keys.count == 2, let operation = comparisons.first,
        let comparison = Comparison(rawValue: operation), let operand = fields[operation]
      else {
        reader.error(
          fields.location,
          "\(what): a fact needs exactly one of \(Builder.comparisonKeys.joined(separator: ", ")), known")
        return nil
      }
      guard let value = factValue(operand, type: type, comparison: comparison, fact: name, what: what) else {
        return nil
      }
      return .compare(fact: name, comparison, value)
    }
    reader.error(
      fields.location,
      "\(what): cannot combine \(keys.sorted().joined(separator: ", ")); use all, any, not, fact, conditionIn, medicationIn, medication or count"
    )
    return nil
  }

  mutating func factValue(
    _ node: PolicyNode, type: FactCatalog.FactType, comparison: Comparison, fact: String, what: String
  ) -> FactValue? {
    if comparison.isOrdering && type != .number {
      reader.error(
        node.location, "\(what): '\(comparison.rawValue)' needs a number fact; '\(fact)' is \(type.rawValue)")
      return nil
    }
    switch type {
    case .number:
      guard case .scalar(let text, false, _) = node, let number = PolicyReader.strictNumber(text) else {
        reader.error(
          node.location, "\(what): '\(fact)' is a number; got \(PolicyReader.describe(node))")
        return nil
      }
      return .number(number)
    case .bool:
      guard case .scalar(let text, false, _) = node, text == "true" || text == "false" else {
        reader.error(node.location, "\(what): '\(fact)' is true/false; got \(PolicyReader.describe(node))")
        return nil
      }
      return .bool(text == "true")
    case .text:
      return reader.string(node, what: what).map { .text($0) }
    }
  }

  // MARK: Code list references

  /// The code list `name`, or nil after reporting that it is not defined.
  mutating func codeList(_ name: String, at node: PolicyNode, what: String) -> PolicyCodeList? {
    guard let list = lists[name] else {
      reader.error(
        node.location,
        "\(what): code list '\(name)' is not defined\(DidYouMean.suggestion(for: name, among: lists.keys))")
      return nil
    }
    return list
  }

  /// Reports a medication condition that names a list without ingredients.
  mutating func requireIngredients(_ list: PolicyCodeList, at node: PolicyNode, what: String) {
    if list.ingredients.isEmpty {
      reader.error(node.location, "\(what): code list '\(list.name)' has no ingredients")
    }
  }

  // MARK: Medication queries

  static let queryKeys = [
    "in", "class", "route", "longActing", "within", "startedWithin", "dailyDose", "dosesPerDay", "count",
  ]

  mutating func medicationQuery(_ node: PolicyNode, what: String) -> MedicationQuery? {
    let errorsBefore = reader.errors.count
    guard let fields = reader.fields(node, what: what, allowed: Builder.queryKeys) else { return nil }
    var query = MedicationQuery()
    if let listNode = fields["in"], let name = reader.string(listNode, what: "\(what).in") {
      if let list = codeList(name, at: listNode, what: what) { requireIngredients(list, at: listNode, what: what) }
      query.list = name
    }
    query.drugClasses =
      fields["class"].flatMap { reader.list($0, what: "\(what).class") }?.compactMap {
        reader.oneOf($0, what: "\(what).class", allowed: DrugClass.allCases.map(\.rawValue))
          .flatMap(DrugClass.init(rawValue:))
      } ?? []
    query.routes =
      fields["route"].flatMap { reader.list($0, what: "\(what).route") }?.compactMap {
        reader.oneOf($0, what: "\(what).route", allowed: Route.allCases.map(\.rawValue)).flatMap(Route.init(rawValue:))
      } ?? []
    query.longActing = fields["longActing"].flatMap { reader.bool($0, what: "\(what).longActing") }
    func days(_ key: String) -> Int? {
      guard let node = fields[key], let number = reader.number(node, what: "\(what).\(key)") else { return nil }
      guard number >= 0, number <= 3660, number == number.rounded() else {
        reader.error(
          node.location, "\(what).\(key): expected whole days from 0 to 3660; got \(PolicyReader.describe(node))")
        return nil
      }
      return Int(number)
    }
    query.withinDays = days("within")
    query.startedWithinDays = days("startedWithin")
    func bound(_ key: String) -> MedicationQuery.Bound? {
      guard let node = fields[key] else { return nil }
      guard let inner = reader.fields(node, what: "\(what).\(key)", allowed: Builder.comparisonKeys),
        inner.values.count == 1, let (operation, operand) = inner.values.first,
        let comparison = Comparison(rawValue: operation), comparison != .equals, comparison != .notEquals
      else {
        reader.error(node.location, "\(what).\(key): expected one of atLeast, above, atMost, below with a number")
        return nil
      }
      return reader.number(operand, what: "\(what).\(key).\(operation)").map { MedicationQuery.Bound(comparison, $0) }
    }
    query.dailyDose = bound("dailyDose")
    query.dosesPerDay = bound("dosesPerDay")
    query.count = bound("count")
    if query.list == nil && query.drugClasses.isEmpty && reader.errors.count == errorsBefore {
      reader.error(fields.location, "\(what): give in (a code list) or class")
    }
    if [query.dailyDose, query.count].compactMap({ $0 }).count > 1 {
      reader.error(fields.location, "\(what): give at most one of dailyDose, count")
    }
    return reader.errors.count == errorsBefore ? query : nil
  }

  // MARK: Tests

  mutating func testCase(_ node: PolicyNode, ruleIDs: Set<String>) -> PolicyTestCase? {
    guard
      let fields = reader.fields(
        node, what: "test",
        allowed: ["name", "record", "file", "at", "expectFired", "expectNotFired", "expectMME", "expectAdvisories"],
        required: ["name", "at"])
    else { return nil }
    let name = fields["name"].flatMap { reader.string($0, what: "test.name") }
    let what = "test '\(name ?? "?")'"
    let date = fields["at"].flatMap { node -> CalendarDate? in
      guard let text = reader.string(node, what: "\(what).at") else { return nil }
      guard let date = CalendarDate(parsing: text) else {
        reader.error(node.location, "\(what).at: expected a date YYYY-MM-DD; got '\(text)'")
        return nil
      }
      return date
    }
    var record: RecordReference?
    switch (fields["record"], fields["file"]) {
    case (let inline?, nil): record = YAMLToJSON.convert(inline, reader: &reader).map { .inline($0) }
    case (nil, let file?): record = reader.string(file, what: "\(what).file").map { .file($0) }
    default: reader.error(fields.location, "\(what): give exactly one of record, file")
    }
    func ids(_ key: String) -> [String] {
      guard let node = fields[key], let elements = reader.list(node, what: "\(what).\(key)") else { return [] }
      return elements.compactMap { element in
        guard let id = reader.string(element, what: "\(what).\(key)") else { return nil }
        if !ruleIDs.contains(id) {
          reader.error(
            element.location, "\(what).\(key): no rule '\(id)'\(DidYouMean.suggestion(for: id, among: ruleIDs))")
        }
        return id
      }
    }
    let fired = ids("expectFired")
    let notFired = ids("expectNotFired")
    let mme = fields["expectMME"].flatMap { reader.number($0, what: "\(what).expectMME") }
    let advisories = (fields["expectAdvisories"].flatMap { reader.list($0, what: "\(what).expectAdvisories") } ?? [])
      .compactMap { expectedAdvisory($0, what: "\(what).expectAdvisories", ruleIDs: ruleIDs) }
    guard let name, let date, let record else { return nil }
    return PolicyTestCase(
      name: name, record: record, evaluatedOn: date, expectFired: fired, expectNotFired: notFired, expectMME: mme,
      expectAdvisories: advisories, location: fields.location)
  }

  mutating func expectedAdvisory(_ node: PolicyNode, what: String, ruleIDs: Set<String>) -> ExpectedAdvisory? {
    guard
      let fields = reader.fields(
        node, what: what, allowed: ["rule", "indicator", "summary", "detailIncludes", "detailExcludes"],
        required: ["rule", "indicator", "summary"])
    else { return nil }
    let rule = fields["rule"].flatMap { reader.string($0, what: "\(what).rule") }
    if let rule, !ruleIDs.contains(rule), let node = fields["rule"] {
      reader.error(node.location, "\(what): no rule '\(rule)'\(DidYouMean.suggestion(for: rule, among: ruleIDs))")
    }
    let indicator = fields["indicator"].flatMap {
      reader.oneOf($0, what: "\(what).indicator", allowed: Indicator.allCases.map(\.rawValue))
    }.flatMap(Indicator.init(rawValue:))
    let summary = fields["summary"].flatMap { reader.string($0, what: "\(what).summary") }
    let includes = fields["detailIncludes"].flatMap { reader.strings($0, what: "\(what).detailIncludes") } ?? []
    let excludes = fields["detailExcludes"].flatMap { reader.strings($0, what: "\(what).detailExcludes") } ?? []
    guard let rule, let indicator, let summary else { return nil }
    return ExpectedAdvisory(
      ruleID: rule, indicator: indicator, summary: summary, detailIncludes: includes, detailExcludes: excludes)
  }
}
