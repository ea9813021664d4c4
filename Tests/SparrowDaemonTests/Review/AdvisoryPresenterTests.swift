import Foundation
import GRDB
import SparrowCore
import SparrowTesting
import Testing

@testable import SparrowDaemon

/// Plain-text outputs (the terminal, FHIR `DetectedIssue.detail`, an R4 string) drop a policy's Markdown; CDS
/// Hooks `detail`, Markdown by specification, keeps it. A source cited by label alone has no link anywhere.
@Suite struct AdvisoryPresenterTests {
  private let policy = """
    rules:
      - id: marked
        indicator: warning
        summary: Marked rule
        detail: |
          Load is **{load.totalMME} MME/day**, written
          over two lines.
        when: {fact: load.opioidActive, equals: true}
        source: {label: "EXAMPLE (synthetic) FDA label, Dosage and Administration"}

    """

  private func stored() throws -> (AdvisoryStore, Int64) {
    let store = try AdvisoryStore(writer: try DatabaseQueue())
    var set = try PolicyBuilder.load(policy)
    set.revision = "test-revision"
    let record = RecordBuilder.record([RecordBuilder.oral("morphine", milligrams: 30, timesPerDay: 2)])
    let assessment = set.assess(record, on: Fixtures.evaluationDate)
    _ = try store.record(
      DecisionInput(
        fileName: "marked.json", sha256: String(repeating: "a", count: 64), content: Array("{}".utf8),
        receivedAt: Date(),
        assessment: assessment, policy: set, advisories: set.evaluate(assessment)))
    return (store, try #require(try store.advisories(AdvisoryFilter()).first?.id))
  }

  @Test func showAndFHIRArePlainWhileCDSHooksKeepsMarkdown() throws {
    let (store, id) = try stored()
    let detail = try #require(try store.advisoryDetail(id: id))
    let text = AdvisoryPresenter.detailText(detail)
    #expect(text.contains("Load is 60 MME/day, written over two lines."))
    #expect(!text.contains("**"))
    let fhir = AdvisoryPresenter.fhir([detail])
    #expect(fhir.contains(#""detail": "Load is 60 MME/day, written over two lines.""#))
    #expect(!fhir.contains("\"reference\""))
    let cards = AdvisoryPresenter.cdsHooks([detail.advisory])
    #expect(cards.contains(#"Load is **60 MME/day**, written\nover two lines."#))
  }

  @Test func aLabelSourceHasNoLink() throws {
    let (store, id) = try stored()
    let detail = try #require(try store.advisoryDetail(id: id))
    #expect(detail.advisory.source.url == nil)
    #expect(
      AdvisoryPresenter.detailText(detail).contains(
        "Source: EXAMPLE (synthetic) FDA label, Dosage and Administration\n"))
    let cards = AdvisoryPresenter.cdsHooks([detail.advisory])
    #expect(cards.contains(#""label": "EXAMPLE (synthetic) FDA label, Dosage and Administration""#))
    #expect(!cards.contains(#""url""#))
  }
}
