import Foundation
import SparrowCore
import SparrowTesting
import Testing

@testable import SparrowDaemon

@Suite struct StoredRowsTests {
  /// What a decision stores (a deflated record and input, and per advisory a fill) gives back, with the set's rule
  /// texts, exactly the advisories evaluation raised, for every fixture.
  @Test func rowsGiveBackEveryAdvisoryExactly() throws {
    let set = try DecisionFixtures.defaultPolicySet()
    var checked = 0
    for name in try Fixtures.recordNames() {
      let (assessment, advisories, bytes) = try DecisionFixtures.evaluate(name, set: set)
      let rows = StoredRows(assessment: assessment, advisories: advisories, receivedAt: Date(), content: bytes)
      #expect(try Deflate.decompress(rows.input) == bytes)
      let record = try StoredRecord(deflated: rows.record)
      #expect(record.assessment == assessment.jsonValue)
      #expect(Set(record.facts.map(\.name)).count == record.facts.count, "each fact once per decision")
      #expect(rows.advisories.count == advisories.count)
      let uuids = rows.advisories.map { TimeOrderedUUID.text($0.uuid) }
      #expect(Set(uuids).count == uuids.count, "advisory UUIDs of one decision are distinct")
      #expect(uuids.allSatisfy { UUID(uuidString: $0) != nil && $0[$0.index($0.startIndex, offsetBy: 14)] == "7" })
      for (advisory, columns) in zip(advisories, rows.advisories) {
        let text = try #require(set.ruleTexts.first { $0.ruleID == advisory.ruleID })
        let stored = try RuleText(json: try StoredRecord.parse(JSONWriter.compactString(text.json), what: "text"))
        #expect(stored == text)
        let fill = try StoredFill(text: columns.fill, mmeTable: assessment.table.name)
        #expect(fill.fill == advisory.fill)
        let rendered = stored.rendered(fill.fill)
        #expect(rendered.summary == advisory.summary)
        #expect(rendered.detail == advisory.detail)
        #expect(rendered.suggestions == advisory.suggestions)
        #expect(try fill.factIndexes.map { try record.fact(at: $0) } == advisory.facts)
        #expect(fill.matchedInputs == advisory.matchedInputs)
        checked += 1
      }
    }
    #expect(checked > 20)
  }

  /// A literal rule text (an advisory recorded before v4) renders its texts as written: braces, and the final line
  /// break older versions kept from a YAML block.
  @Test func aLiteralRuleTextKeepsBraces() throws {
    let set = try DecisionFixtures.defaultPolicySet()
    let (_, advisories, _) = try DecisionFixtures.evaluate("benzo-plus-oxycodone-90mme", set: set)
    var advisory = try #require(advisories.first)
    advisory.summary = "Summary with {braces} kept"
    advisory.detail += "\n"
    let text = RuleText(rendered: advisory)
    let stored = try RuleText(json: try StoredRecord.parse(JSONWriter.compactString(text.json), what: "text"))
    #expect(stored.isLiteral)
    let rendered = stored.rendered(AdvisoryFill(values: ["braces": "no"], notes: []))
    #expect(rendered.summary == "Summary with {braces} kept")
    #expect(rendered.detail == advisory.detail)
  }

  /// Damaged stored values throw; they never become an empty advisory.
  @Test(arguments: [
    #"{"v": {}, "f": ["x"]}"#, #"{"v": {"a": 1}, "f": []}"#, #"{"v": {}, "n": [-1], "f": []}"#, #"{"v": {}}"#,
    #"{"v": {}, "f": [], "m": [1]}"#, "not json",
  ])
  func aDamagedFillThrows(text: String) {
    #expect(throws: StoreError.self) { try StoredFill(text: text, mmeTable: "cdc-2022") }
  }

  @Test func aDamagedRecordThrows() {
    #expect(throws: StoreError.self) { try StoredRecord(deflated: [1, 2, 3]) }
    #expect(throws: StoreError.self) { try StoredRecord(deflated: [255, 255, 255, 255, 0]) }
    #expect(throws: StoreError.self) {
      try StoredRecord(deflated: Deflate.compress(Array(#"{"facts": []}"#.utf8), dictionary: .recordV1))
    }
    #expect(throws: StoreError.self) {
      try StoredRecord(
        deflated: Deflate.compress(Array(#"{"assessment": {}, "facts": [{"name": 1}]}"#.utf8), dictionary: .none))
    }
  }
}
