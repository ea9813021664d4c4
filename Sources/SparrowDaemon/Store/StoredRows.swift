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
    let (facts, positions) = StoredRecord.collect(advisories.map(\.facts))
    record = Deflate.compress(StoredRecord(assessment: assessment.jsonValue, facts: facts).bytes, dictionary: .recordV1)
    input = Deflate.compress(content, dictionary: .inputV1)
    self.receivedAt = StoreTime.text(receivedAt)
    let uuids = TimeOrderedUUID.makeBytes(count: advisories.count, at: receivedAt)
    self.advisories = advisories.indices.map { index in
      let fill = StoredFill(
        fill: advisories[index].fill, factIndexes: positions[index], matchedInputs: advisories[index].matchedInputs)
      return AdvisoryRow(uuid: uuids[index], fill: fill.columnJSON)
    }
  }
}
