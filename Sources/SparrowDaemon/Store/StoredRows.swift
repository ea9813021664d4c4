import Foundation
import SparrowCore

// MARK: - StoredRows

/// A decision's column text, ready to bind.
struct StoredRows: Sendable {
  /// One advisory's JSON columns and identity.
  struct AdvisoryColumns: Sendable {
    var uuid: String
    var suggestions: String
    var overrideReasons: String
    var facts: String
    var matchedInputs: String
  }

  var assessmentJSON: String
  var receivedAt: String
  var advisories: [AdvisoryColumns]

  init(assessment: Assessment, advisories: [Advisory], receivedAt: Date) {
    assessmentJSON = JSONWriter.compactString(assessment.jsonValue)
    self.receivedAt = StoreTime.text(receivedAt)
    self.advisories = advisories.map { advisory in
      guard case .object(let json) = advisory.jsonValue else { preconditionFailure("an advisory renders as an object") }
      func column(_ key: String) -> String { json[key].map(JSONWriter.compactString) ?? "null" }
      return AdvisoryColumns(
        uuid: TimeOrderedUUID.make(at: receivedAt), suggestions: column("suggestions"),
        overrideReasons: column("overrideReasons"), facts: column("facts"), matchedInputs: column("matchedInputs"))
    }
  }
}
