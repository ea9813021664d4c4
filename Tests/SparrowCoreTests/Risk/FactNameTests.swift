import Foundation
import SparrowCore
import SparrowTesting
import Testing

/// The facts are declared once, in `FactName`. The policy vocabulary (`FactCatalog`), the compiled slots (positions
/// in `FactCatalog.ordered`) and the producers all come from it: a fact added there appears in each, and a producer
/// cannot make a fact that is not there.
@Suite struct FactNameTests {
  @Test func theCatalogIsTheDeclaration() {
    #expect(FactCatalog.ordered.map(\.name) == FactName.allCases.map(\.rawValue))
    #expect(FactCatalog.ordered.map(\.type) == FactName.allCases.map(\.type))
    #expect(Set(FactCatalog.types.keys).count == FactName.allCases.count, "no name declared twice")
  }

  /// Every assessment lists exactly the declared facts, in declaration order (the order the compiled slots index),
  /// each value of its declared type or unknown.
  @Test func everyAssessmentProducesTheDeclaredFactsInOrder() throws {
    for name in try Fixtures.recordNames() {
      let assessment = Assessment(record: try Fixtures.record(name), on: Fixtures.evaluationDate)
      let produced = assessment.facts + assessment.recordFacts
      #expect(produced.map(\.name) == FactName.allCases.map(\.rawValue), "\(name)")
      for (fact, declared) in zip(produced, FactName.allCases) {
        switch (fact.value, declared.type) {
        case (.unknown, _), (.bool, .bool), (.number, .number), (.text, .text): break
        default: Issue.record("\(name): \(fact.name) is \(fact.value), declared \(declared.type)")
        }
      }
    }
  }

  @Test func eachHistoryFlagHasItsOwnFact() {
    let facts = HistoryFlag.allCases.map(FactName.history)
    #expect(Set(facts).count == HistoryFlag.allCases.count)
    #expect(facts.map(\.rawValue) == HistoryFlag.allCases.map { "history.\($0.rawValue)" })
    #expect(Set(FactName.allCases.filter { $0.rawValue.hasPrefix("history.") }) == Set(facts))
  }

  /// No producer names a fact with a string: `Fact(named:)` is for reading stored facts back, nothing else.
  @Test func noProducerNamesAFactWithAString() throws {
    let core = Fixtures.repositoryRoot.appendingPathComponent("Sources/SparrowCore")
    let files = try #require(FileManager.default.enumerator(atPath: core.path)).compactMap { $0 as? String }
      .filter { $0.hasSuffix(".swift") }
    #expect(files.count > 50)
    var readers: [String] = []
    for file in files {
      let text = try String(contentsOf: core.appendingPathComponent(file), encoding: .utf8)
      #expect(!text.contains("Fact(\""), "\(file) makes a fact from a string")
      if text.range(of: #"(Fact|init)\(\s*named:"#, options: .regularExpression) != nil { readers.append(file) }
    }
    #expect(readers.sorted() == ["Risk/Fact+Rendering.swift", "Risk/Fact.swift"])
  }
}
