import Foundation
import GRDB
import SparrowCore

// MARK: - AdvisoryRowDecoder

/// Turns rows of `AdvisoryStore.advisorySelect` into `StoredAdvisory` values: the one place stored advisories are
/// decoded. Rule texts and decision records are decoded once per query, however many advisories share them. Any
/// part that does not decode throws `StoreError.damagedRecord`.
struct AdvisoryRowDecoder {
  private var ruleTexts: [Int64: RuleText] = [:]
  private var records: [Int64: StoredRecord] = [:]

  mutating func advisory(_ row: Row) throws -> StoredAdvisory {
    let id: Int64 = row["id"]
    let text = try ruleText(row)
    let fill = try StoredFill(text: row["fill"], mmeTable: row["mme_table"])
    let record = try record(row)
    guard fill.fill.notes.allSatisfy(text.notes.indices.contains) else {
      throw StoreError.damagedRecord("advisory \(id) names a note its rule text does not have")
    }
    let rendered = text.rendered(fill.fill)
    let statusText: String = row["status"]
    guard let status = AdvisoryStatus(rawValue: statusText) else {
      throw StoreError.damagedRecord("advisory \(id) has status '\(statusText)'")
    }
    let uuid: Data = row["uuid"]
    guard uuid.count == 16 else { throw StoreError.damagedRecord("advisory \(id)'s uuid is \(uuid.count) bytes") }
    return StoredAdvisory(
      id: id, uuid: TimeOrderedUUID.text(Array(uuid)), decisionID: row["decision_id"], patientID: row["patient_id"],
      createdAt: row["decided_at"], linkedTo: row["linked_to"], status: status,
      advisory: Advisory(
        ruleID: text.ruleID, indicator: text.indicator, summary: rendered.summary, detail: rendered.detail,
        suggestions: rendered.suggestions, source: text.source, overrideReasons: text.overrideReasons,
        policyName: row["policy_name"], policyVersion: row["policy_version"], policyRevision: row["policy_revision"],
        mmeTable: row["mme_table"], facts: try fill.factIndexes.map { try record.fact(at: $0) },
        matchedInputs: fill.matchedInputs, fill: fill.fill))
  }

  /// The decision record of the row's decision.
  mutating func record(_ row: Row) throws -> StoredRecord {
    let decisionID: Int64 = row["decision_id"]
    if let known = records[decisionID] { return known }
    let stored: Data = row["record"]
    let record = try StoredRecord(deflated: Array(stored))
    records[decisionID] = record
    return record
  }

  /// The rule text of the row's advisory (`rule_text_id`, `text_json`).
  mutating func ruleText(_ row: Row) throws -> RuleText {
    let id: Int64 = row["rule_text_id"]
    if let known = ruleTexts[id] { return known }
    let text: RuleText
    do {
      text = try RuleText(json: try StoredRecord.parse(row["text_json"], what: "rule text \(id)"))
    } catch let error as StoredFormError {
      throw StoreError.damagedRecord("rule text \(id): \(error.message)")
    }
    ruleTexts[id] = text
    return text
  }
}
