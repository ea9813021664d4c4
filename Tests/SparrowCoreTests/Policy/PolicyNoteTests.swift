import SparrowCore
import SparrowTesting
import Testing

@Suite struct PolicyNoteTests {
  private let rule = """
      - id: r
        indicator: warning
        summary: Rule r
        detail: >-
          Opioids are active
          at {load.totalMME} MME/day.
        notes:
          - when: {fact: patient.pregnant, known: false}
            text: Pregnancy status not recorded - confirm.
          - when: {fact: sideEffect.olderAdult, equals: true}
            text: Age {sideEffect.age}.
        when: {fact: load.opioidActive, equals: true}
        source: {label: "Test label, Dosage and Administration"}

    """

  @Test func notesAppearOnlyWhenTheirConditionHolds() throws {
    let set = try PolicyBuilder.load("rules:\n" + rule)
    let young = RecordBuilder.record([RecordBuilder.oral("morphine", milligrams: 30, timesPerDay: 2)], age: 40)
    let old = RecordBuilder.record([RecordBuilder.oral("morphine", milligrams: 30, timesPerDay: 2)], age: 80)
    let youngAdvisory = try #require(set.evaluate(set.assess(young, on: Fixtures.evaluationDate)).first)
    #expect(youngAdvisory.detail == "Opioids are active at 60 MME/day.\n\nPregnancy status not recorded - confirm.")
    let oldAdvisory = try #require(set.evaluate(set.assess(old, on: Fixtures.evaluationDate)).first)
    #expect(
      oldAdvisory.detail
        == "Opioids are active at 60 MME/day.\n\nPregnancy status not recorded - confirm.\n\nAge 80.")
    // The facts a shown note read are the advisory's evidence; a hidden note's are not.
    #expect(oldAdvisory.facts.map(\.name).contains("sideEffect.age"))
    #expect(!youngAdvisory.facts.map(\.name).contains("sideEffect.olderAdult"))
  }

  @Test func aSourceMayBeALabelWithoutALink() throws {
    let set = try PolicyBuilder.load("rules:\n" + rule)
    #expect(set.rules.first?.source == PolicySource(label: "Test label, Dosage and Administration", url: nil))
    #expect(
      set.rules.first?.source.json == .object(JSONObject([("label", .string("Test label, Dosage and Administration"))]))
    )
  }

  @Test func notesAreInTheRevisionAndCheckedLikeTheDetail() throws {
    let changed = rule.replacingOccurrences(of: "confirm.", with: "confirm first.")
    #expect(
      try PolicyBuilder.load("rules:\n" + rule).canonicalForm != PolicyBuilder.load("rules:\n" + changed).canonicalForm)
    let errors = PolicyBuilder.errors(
      "rules:\n" + rule.replacingOccurrences(of: "{sideEffect.age}", with: "{sideEffect.agee}"))
    #expect(errors.contains { $0.contains("unknown fact '{sideEffect.agee}'") }, "\(errors)")
    let missing = PolicyBuilder.errors(
      "rules:\n" + rule.replacingOccurrences(of: "        text: Age {sideEffect.age}.\n", with: ""))
    #expect(missing.contains { $0.contains("text") }, "\(missing)")
  }

  @Test func valueSetsOfTheCatalogAreCodeLists() throws {
    let lists = """
      codeLists:
        sickle: {valueSets: [sickle-cell-diseases]}

      """
    let set = try PolicyBuilder.load(lists + "rules:\n" + PolicyBuilder.rule("r", when: "conditionIn: sickle"))
    let coded = RecordBuilder.record([], conditions: [Condition(system: .icd10cm, code: "D57.00")])
    let other = RecordBuilder.record([], conditions: [Condition(system: .icd10cm, code: "D58.0")])
    #expect(set.evaluate(set.assess(coded, on: Fixtures.evaluationDate)).map(\.ruleID) == ["r"])
    #expect(set.evaluate(set.assess(other, on: Fixtures.evaluationDate)).isEmpty)
    let errors = PolicyBuilder.errors(
      "codeLists:\n  bad: {valueSets: [sickle-cell-disease]}\n" + "rules:\n"
        + PolicyBuilder.rule("r", when: "conditionIn: bad"))
    #expect(errors.contains { $0.contains("no value set 'sickle-cell-disease' in the catalog") }, "\(errors)")
  }
}

extension String {
  fileprivate func replacingOccurrences(of target: String, with replacement: String) -> String {
    split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
  }
}
