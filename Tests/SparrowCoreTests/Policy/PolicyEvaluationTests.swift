import SparrowCore
import SparrowTesting
import Testing

@Suite struct PolicyEvaluationTests {
  private let date = Fixtures.evaluationDate

  private func fired(_ when: String, lists: String = "", record: PatientRecord) throws -> [String] {
    let set = try PolicyBuilder.load(lists + "rules:\n" + PolicyBuilder.rule("r", when: when))
    return set.evaluate(set.assess(record, on: date)).map(\.ruleID)
  }

  private let morphine60 = RecordBuilder.record([RecordBuilder.oral("morphine", milligrams: 30, timesPerDay: 2)])

  @Test(arguments: [
    ("fact: load.totalMME\natLeast: 60", true), ("fact: load.totalMME\nabove: 60", false),
    ("fact: load.totalMME\natMost: 60", true), ("fact: load.totalMME\nbelow: 60", false),
    ("fact: load.totalMME\nequals: 60", true), ("fact: load.totalMME\nnotEquals: 60", false),
    ("fact: load.band\nequals: 50-<90", true), ("fact: load.drivenBy\nequals: scheduled", true),
    ("all: []", true), ("any: []", false),
    ("not:\n  fact: load.opioidActive\n  equals: true", false),
    (
      "count:\n  - {fact: load.opioidActive, equals: true}\n  - {fact: sideEffect.olderAdult, equals: true}\natLeast: 2",
      false
    ),
    (
      "count:\n  - {fact: load.opioidActive, equals: true}\n  - {fact: sideEffect.olderAdult, equals: true}\nequals: 1",
      true
    ),
  ])
  func comparisonsAndConnectives(when: String, fires: Bool) throws {
    #expect(try fired(when, record: morphine60) == (fires ? ["r"] : []))
  }

  @Test func comparisonsWithAnUnknownFactAreFalseAndKnownTestsPresence() throws {
    // No eGFR in the record: both "below 60" and "at least 60" are false; known: false holds.
    #expect(try fired("fact: sideEffect.egfr\nbelow: 60", record: morphine60).isEmpty)
    #expect(try fired("fact: sideEffect.egfr\natLeast: 60", record: morphine60).isEmpty)
    #expect(try fired("fact: sideEffect.egfr\nknown: false", record: morphine60) == ["r"])
  }

  @Test func codeListsMatchICD10FamiliesSNOMEDAndIngredients() throws {
    let lists = """
      codeLists:
        crps: {icd10cm: [G90.5], snomed: ["128200000"]}
        benzos: {ingredients: [lorazepam]}

      """
    let coded = RecordBuilder.record(
      [RecordBuilder.oral("lorazepam", milligrams: 1, timesPerDay: 2)],
      conditions: [Condition(system: .icd10cm, code: "G90.512"), Condition(system: .snomed, code: "128200000")])
    let set = try PolicyBuilder.load(
      lists + "rules:\n" + PolicyBuilder.rule("r", when: "all:\n  - conditionIn: crps\n  - medicationIn: benzos"))
    let advisories = set.evaluate(set.assess(coded, on: date))
    #expect(advisories.map(\.matchedInputs) == [["conditions[0]", "conditions[1]", "medications[0]"]])
    let resolved = RecordBuilder.record(
      [], conditions: [Condition(system: .icd10cm, code: "G90.50", status: .resolved)])
    #expect(try fired("conditionIn: crps", lists: lists, record: resolved).isEmpty)
  }

  @Test func advisoryCarriesRevisionTableFactsAndRenderedTexts() throws {
    var set = try PolicyBuilder.load(
      "rules:\n"
        + PolicyBuilder.rule(
          "load", summary: "Load {load.totalMME} MME/day ({mmeTable})", when: "fact: load.totalMME\natLeast: 50"))
    set.revision = "test-revision"
    let advisory = try #require(set.evaluate(set.assess(morphine60, on: date)).first)
    #expect(advisory.summary == "Load 60 MME/day (cdc-2022)")
    #expect(advisory.policyRevision == "test-revision")
    #expect(advisory.policyName == "test-set")
    #expect(advisory.mmeTable == "cdc-2022")
    #expect(advisory.facts.map(\.name) == ["load.totalMME"])
    #expect(advisory.facts.first?.evidence == ["medications[0]"])
    #expect(advisory.source == PolicySource(label: "Test source", url: "https://example.invalid/source"))
  }

  @Test func advisoriesAreOrderedBySeverityThenId() throws {
    let always = "fact: load.opioidActive\nequals: true"
    let set = try PolicyBuilder.load(
      "rules:\n" + PolicyBuilder.rule("b-info", indicator: "info", when: always)
        + PolicyBuilder.rule("a-info", indicator: "info", when: always)
        + PolicyBuilder.rule("z-critical", indicator: "critical", when: always)
        + PolicyBuilder.rule("m-warning", indicator: "warning", when: always))
    #expect(
      set.evaluate(set.assess(morphine60, on: date)).map(\.ruleID) == ["z-critical", "m-warning", "a-info", "b-info"])
  }
}
