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
    // Advisories of one decision share facts (the MME, the benzodiazepine flag): each is written once.
    var factText: [String: String] = [:]
    let uuids = TimeOrderedUUID.make(count: advisories.count, at: receivedAt)
    self.advisories = zip(advisories, uuids).map { advisory, uuid in
      let facts = advisory.facts.map { fact in
        if let text = factText[fact.name] { return text }
        let text = JSONWriter.compactString(Assessment.factJSON(fact))
        factText[fact.name] = text
        return text
      }
      return AdvisoryColumns(
        uuid: uuid,
        suggestions: JSONWriter.compactString(advisory.suggestionsJSON),
        overrideReasons: JSONWriter.compactString(advisory.overrideReasonsJSON),
        facts: "[" + facts.joined(separator: ",") + "]",
        matchedInputs: JSONWriter.compactString(advisory.matchedInputsJSON))
    }
  }
}
