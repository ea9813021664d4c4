import SparrowCore
import SparrowTesting
import Testing

@Suite struct PolicyLoaderTests {
  private let rules = "rules:\n" + PolicyBuilder.rule("load-50", when: "fact: load.totalMME\natLeast: 50")

  @Test func loadsAMinimalSet() throws {
    let set = try PolicyBuilder.load(rules)
    #expect(set.name == "test-set")
    #expect(set.mmeTable == .cdc2022)
    #expect(set.rules.map(\.id) == ["load-50"])
    #expect(set.rules[0].condition == .compare(fact: "load.totalMME", .atLeast, .number(50)))
  }

  @Test(arguments: [
    ("010", "'010'"), ("1:30", "'1:30'"), ("0x5A", "'0x5A'"), ("1e3", "'1e3'"), ("\"50\"", "quoted text '50'"),
  ])
  func rejectsYAML11NumberForms(literal: String, described: String) {
    let text = "rules:\n" + PolicyBuilder.rule("r", when: "fact: load.totalMME\natLeast: \(literal)")
    #expect(
      PolicyBuilder.errors(text) == [
        "test.yaml:12:16: rule 'r'.when: 'load.totalMME' is a number; got \(described)"
      ])
  }

  @Test(arguments: ["yes", "on", "True", "1"])
  func rejectsYAML11Booleans(literal: String) {
    let text = "rules:\n" + PolicyBuilder.rule("r", when: "fact: load.opioidActive\nequals: \(literal)")
    #expect(
      PolicyBuilder.errors(text) == [
        "test.yaml:12:15: rule 'r'.when: 'load.opioidActive' is true/false; got '\(literal)'"
      ])
  }

  @Test func rejectsAliases() {
    let text = """
      codeLists:
        a: &shared
          icd10cm: [G90.5]
        b: *shared
      """
    #expect(
      PolicyBuilder.errors(text) == [
        "test.yaml:6:6: YAML anchors and aliases are not allowed in policies; write the value out"
      ])
  }

  @Test(.timeLimit(.minutes(1))) func rejectsAnAliasBombQuickly() {
    var lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for level in 1...12 {
      lines.append(
        "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ") + "]")
    }
    let errors = PolicyBuilder.errors(lines.joined(separator: "\n") + "\n")
    #expect(errors == ["test.yaml:5:5: YAML anchors and aliases are not allowed in policies; write the value out"])
  }

  @Test func rejectsASecondDocument() {
    #expect(
      PolicyBuilder.errors("rules: []\n---\nrules: []\n") == [
        "test.yaml:7:1: a second YAML document ('---'); put one document in each file"
      ])
  }

  @Test func reportsEveryProblemSortedByPosition() {
    let text =
      "rules:\n" + PolicyBuilder.rule("a", when: "fact: load.totalMMe\natLeast: 50")
      + PolicyBuilder.rule("b", indicator: "severe", when: "conditionIn: nowhere")
    #expect(
      PolicyBuilder.errors(text) == [
        "test.yaml:11:13: rule 'a'.when: unknown fact 'load.totalMMe'; did you mean 'load.totalMME'?",
        "test.yaml:17:16: rule 'b'.indicator: expected one of info, warning, critical; got 'severe'",
        "test.yaml:21:20: rule 'b'.when: code list 'nowhere' is not defined",
      ])
  }

  @Test func rejectsUnknownTopLevelSectionsWithASuggestion() {
    #expect(
      PolicyBuilder.errors("rule:\n  - id: x\n") == ["test.yaml:5:1: file: unknown key 'rule'; did you mean 'rules'?"])
  }

  @Test func parsesEveryConditionForm() throws {
    let when = """
      all:
        - any:
            - fact: load.band
              equals: ">=90"
            - not:
                fact: sideEffect.egfr
                known: true
        - count:
            - conditionIn: crps
            - medicationIn: benzos
          atLeast: 1
      """
    let text = """
      codeLists:
        crps:
          icd10cm: [G90.5]
        benzos:
          ingredients: [Lorazepam]
      rules:

      """ + PolicyBuilder.rule("r", when: when)
    let set = try PolicyBuilder.load(text)
    #expect(
      set.rules[0].condition
        == .all([
          .any([.compare(fact: "load.band", .equals, .text(">=90")), .not(.known(fact: "sideEffect.egfr", true))]),
          .count([.conditionIn(list: "crps"), .medication(MedicationQuery(list: "benzos"))], .atLeast, 1),
        ]))
    #expect(set.codeLists["benzos"]?.ingredients == ["lorazepam"])
  }

  @Test func rejectsConditionsNestedTooDeeply() {
    let when =
      String(repeating: "not:\n", count: 40).split(separator: "\n").enumerated()
      .map { String(repeating: "  ", count: $0.offset) + $0.element }.joined(separator: "\n")
      + "\n" + String(repeating: "  ", count: 40) + "fact: load.opioidActive\n"
      + String(repeating: "  ", count: 40) + "equals: true"
    let errors = PolicyBuilder.errors("rules:\n" + PolicyBuilder.rule("deep", when: when))
    #expect(errors.count == 1)
    #expect(errors.first?.hasSuffix("rule 'deep'.when: conditions nested deeper than 32 levels") == true)
  }

  @Test func acceptsACustomFactorTable() throws {
    let text = """
      policy:
        name: custom
        version: "1"
        mmeTable:
          name: hospital-2026
          title: Hospital table
          source: P&T committee, 2026
          factors:
            - {ingredient: Morphine, routes: [oral], perMilligram: 1}
            - {ingredient: fentanyl, routes: [transdermal], perMicrogramPerHour: 2.4}
            - ingredient: methadone
              routes: [oral]
              tiers: [{upTo: 20, factor: 4}, {factor: 8}]
            - {ingredient: buprenorphine, routes: [sublingual], excluded: partial agonist}
      """
    let set = try PolicyBuilder.load(text, manifest: false)
    #expect(set.mmeTable.name == "hospital-2026")
    #expect(set.mmeTable.entry(for: "morphine", route: .oral)?.rule == .perMilligram(1))
    #expect(
      set.mmeTable.entry(for: "methadone", route: .oral)?.rule
        == .tiered([MMETier(upToMilligrams: 20, factor: 4), MMETier(upToMilligrams: nil, factor: 8)]))
    let record = RecordBuilder.record([RecordBuilder.oral("methadone", milligrams: 30, timesPerDay: 1)])
    #expect(set.assess(record, on: Fixtures.evaluationDate).load.totalMME == 240)  // 30 mg × 8
  }

  @Test func canonicalFormIgnoresCommentsKeyOrderAndFileSplit() throws {
    let oneFile = try PolicyBuilder.load(rules)
    let reordered = """
      # a comment
      rules:
        - source: {url: https://example.invalid/source, label: Test source}
          when: {atLeast: 50, fact: load.totalMME}
          detail: Detail of load-50.
          summary: Rule load-50
          indicator: warning
          id: load-50
      """
    let split = try PolicyLoader.load([
      PolicyFile(path: "a.yaml", text: PolicyBuilder.manifest), PolicyFile(path: "rules/b.yaml", text: reordered),
    ]).get()
    #expect(split.canonicalForm == oneFile.canonicalForm)
    let changed = try PolicyBuilder.load(rules.replacingOccurrences(of: "atLeast: 50", with: "atLeast: 60"))
    #expect(changed.canonicalForm != oneFile.canonicalForm)
  }
}

extension String {
  fileprivate func replacingOccurrences(of target: String, with replacement: String) -> String {
    split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
  }
}
