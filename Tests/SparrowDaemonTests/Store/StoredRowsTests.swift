import Foundation
import SparrowCore
import SparrowTesting
import Testing

@testable import SparrowDaemon

@Suite struct StoredRowsTests {
  /// The store's columns are written part by part (and shared facts once); they must equal the corresponding
  /// parts of the advisory's and the assessment's own JSON, for every fixture.
  @Test func columnsEqualThePartsOfTheFullJSON() throws {
    let set = try DecisionFixtures.defaultPolicySet()
    var checked = 0
    for name in try Fixtures.recordNames() {
      let (assessment, advisories, _) = try DecisionFixtures.evaluate(name, set: set)
      let rows = StoredRows(assessment: assessment, advisories: advisories, receivedAt: Date())
      #expect(rows.assessmentJSON == JSONWriter.compactString(assessment.jsonValue))
      #expect(rows.advisories.count == advisories.count)
      let uuids = rows.advisories.map(\.uuid)
      #expect(Set(uuids).count == uuids.count, "advisory UUIDs of one decision are distinct")
      #expect(uuids.allSatisfy { UUID(uuidString: $0) != nil && $0[$0.index($0.startIndex, offsetBy: 14)] == "7" })
      for (advisory, columns) in zip(advisories, rows.advisories) {
        guard case .object(let json) = advisory.jsonValue else {
          Issue.record("advisory JSON is not an object")
          continue
        }
        #expect(columns.suggestions == json["suggestions"].map(JSONWriter.compactString))
        #expect(columns.overrideReasons == json["overrideReasons"].map(JSONWriter.compactString))
        #expect(columns.facts == json["facts"].map(JSONWriter.compactString))
        #expect(columns.matchedInputs == json["matchedInputs"].map(JSONWriter.compactString))
        checked += 1
      }
    }
    #expect(checked > 20)
  }
}
