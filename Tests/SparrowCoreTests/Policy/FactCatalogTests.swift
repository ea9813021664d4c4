import SparrowCore
import SparrowTesting
import Testing

@Suite struct FactCatalogTests {
  @Test func catalogListsExactlyTheFactsAnAssessmentProducesWithTheirTypes() throws {
    // Assess every fixture: together they give every fact a non-unknown value at least once.
    var seen: [String: FactCatalog.FactType] = [:]
    var names: Set<String> = []
    for name in try Fixtures.recordNames() {
      let facts = Assessment(record: try Fixtures.record(name), on: Fixtures.evaluationDate).policyFacts
      names.formUnion(facts.keys)
      for (factName, fact) in facts {
        switch fact.value {
        case .bool: seen[factName] = .bool
        case .number: seen[factName] = .number
        case .text: seen[factName] = .text
        case .unknown: break
        }
      }
    }
    #expect(names == Set(FactCatalog.types.keys))
    // The order too: `Assessment.fact(_:)` looks at the catalog position first.
    for name in try Fixtures.recordNames() {
      let assessment = Assessment(record: try Fixtures.record(name), on: Fixtures.evaluationDate)
      #expect((assessment.facts + assessment.recordFacts).map(\.name) == FactCatalog.ordered.map(\.name), "\(name)")
      for fact in assessment.facts + assessment.recordFacts {
        #expect(assessment.fact(fact.name) == fact)
      }
      #expect(assessment.fact("no.such.fact") == nil)
    }
    for (name, type) in seen {
      #expect(FactCatalog.types[name] == type, "\(name)")
    }
  }
}
