import Foundation
import SparrowCore

// MARK: - StoredRows

/// A decision's values as the store writes them, ready to bind: rendered when the input is made, on the intake's
/// worker pool rather than inside the single write transaction.
///
/// What is constant for a policy revision (each rule's texts, source and override reasons) is not here: the
/// store keeps it once per revision in `rule_text`. Per advisory only its UUID and its fill remain.
struct StoredRows: Sendable {
  /// The deflated decision record: `{"assessment": …, "facts": […]}`, the facts being those any advisory read.
  var record: [UInt8]
  /// The deflated input document, as received.
  var input: [UInt8]
  var receivedAt: String
  /// One advisory's row values.
  struct AdvisoryRow: Sendable {
    /// Its UUID, 16 bytes.
    var uuid: [UInt8]
    /// Its `StoredFill`, as the column's JSON.
    var fill: String
  }

  var advisories: [AdvisoryRow]

  init(assessment: Assessment, advisories: [Advisory], receivedAt: Date, content: [UInt8]) {
    // Advisories of one decision share facts (the MME, the benzodiazepine flag): each is kept once.
    var facts: [Fact] = []
    var positions: [String: Int] = [:]
    for fact in advisories.flatMap(\.facts) where positions[fact.name] == nil {
      positions[fact.name] = facts.count
      facts.append(fact)
    }
    record = Deflate.compress(StoredRecord(assessment: assessment.jsonValue, facts: facts).bytes, dictionary: .recordV1)
    input = Deflate.compress(content, dictionary: .inputV1)
    self.receivedAt = StoreTime.text(receivedAt)
    let uuids = TimeOrderedUUID.makeBytes(count: advisories.count, at: receivedAt)
    self.advisories = zip(advisories, uuids).map { advisory, uuid in
      let fill = StoredFill(
        fill: advisory.fill, factIndexes: advisory.facts.compactMap { positions[$0.name] },
        matchedInputs: advisory.matchedInputs)
      return AdvisoryRow(uuid: uuid, fill: fill.columnJSON)
    }
  }
}
