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
    // One draw from the system generator per decision; its advisories count up from it (above the byte that
    // carries the variant bits, so no two of them can collide).
    var generator = SystemRandomNumberGenerator()
    let random: (UInt64, UInt64) = (generator.next(), generator.next())
    let milliseconds = UInt64(max(0, receivedAt.timeIntervalSince1970 * 1000))
    self.advisories = advisories.enumerated().map { position, advisory in
      let facts = advisory.facts.map { fact in
        if let text = factText[fact.name] { return text }
        let text = JSONWriter.compactString(Assessment.factJSON(fact))
        factText[fact.name] = text
        return text
      }
      return AdvisoryColumns(
        uuid: TimeOrderedUUID.make(milliseconds: milliseconds, random: (random.0, random.1 &+ UInt64(position) << 8)),
        suggestions: JSONWriter.compactString(advisory.suggestionsJSON),
        overrideReasons: JSONWriter.compactString(advisory.overrideReasonsJSON),
        facts: "[" + facts.joined(separator: ",") + "]",
        matchedInputs: JSONWriter.compactString(advisory.matchedInputsJSON))
    }
  }
}
