import Foundation
import Logging
import SparrowDaemon
import SparrowTesting
import Testing

@Suite struct JournalLogHandlerTests {
  @Test(arguments: [
    ("decision.id", "SPARROW_DECISION_ID"), ("file.sha256", "SPARROW_FILE_SHA256"),
    ("policy.revision", "SPARROW_POLICY_REVISION"), ("load.mme", "SPARROW_LOAD_MME"), ("rule-id", "SPARROW_RULE_ID"),
  ])
  func metadataKeysBecomeUpperCaseSparrowFields(key: String, field: String) {
    #expect(JournalLogHandler.fieldName(key) == field)
  }

  @Test func everyEventKindHasAUniqueMessageIDAndACatalogEntry() throws {
    let ids = JournalEvent.allCases.map(\.messageID)
    #expect(Set(ids).count == ids.count)
    #expect(ids.allSatisfy { $0.count == 32 && $0.allSatisfy(\.isHexDigit) })
    let catalog = try String(
      contentsOf: Fixtures.repositoryRoot.appendingPathComponent("Deploy/sparrow.catalog"), encoding: .utf8)
    for id in ids { #expect(catalog.contains("-- \(id)\n"), "\(id) missing from Deploy/sparrow.catalog") }
  }
}
