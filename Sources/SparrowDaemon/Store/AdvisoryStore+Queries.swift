import Foundation
import GRDB
import SparrowCore

// MARK: - Queries and reviews

extension AdvisoryStore {
  /// Advisories matching `filter`, most severe first, then newest.
  public func advisories(_ filter: AdvisoryFilter) throws -> [StoredAdvisory] {
    var clauses: [String] = []
    var arguments: StatementArguments = []
    func add(_ clause: String, _ value: (any DatabaseValueConvertible)?) {
      guard let value else { return }
      clauses.append(clause)
      arguments += [value]
    }
    add("status = ?", filter.status?.rawValue)
    add("indicator = ?", filter.indicator?.rawValue)
    add("rule_id = ?", filter.ruleID)
    add("patient_id = ?", filter.patientID)
    add("created_at >= ?", filter.since)
    add("created_at < ?", filter.until)
    let whereClause = clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND ")
    let sql = """
      SELECT * FROM advisory \(whereClause)
      ORDER BY CASE indicator WHEN 'critical' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END, created_at DESC, id DESC
      LIMIT \(max(1, filter.limit))
      """
    let bound = arguments
    return try read { db in try Row.fetchAll(db, sql: sql, arguments: bound).map(Self.advisory) }
  }

  /// One advisory with its decision, file and review history.
  public func advisoryDetail(id: Int64) throws -> AdvisoryDetail? {
    try read { db in
      guard let row = try Row.fetchOne(db, sql: "SELECT * FROM advisory WHERE id = ?", arguments: [id]) else {
        return nil
      }
      let advisory = Self.advisory(row)
      let decision = try Row.fetchOne(
        db,
        sql: """
          SELECT d.assessment_json, f.name, f.sha256 FROM decision d JOIN received_file f ON f.id = d.file_id
          WHERE d.id = ?
          """, arguments: [advisory.decisionID])
      let reviews = try Row.fetchAll(
        db, sql: "SELECT * FROM review WHERE advisory_id = ? ORDER BY id", arguments: [id]
      ).map(Self.review)
      let assessmentText: String = decision?["assessment_json"] ?? "null"
      return AdvisoryDetail(
        advisory: advisory, assessment: Self.json(assessmentText), fileName: decision?["name"] ?? "",
        fileSHA256: decision?["sha256"] ?? "", reviews: reviews)
    }
  }

  /// Appends a review. Override and dismiss need a reason code from the advisory's policy (or `other` with a
  /// note); a reason given with accept must be valid too. The advisory's status becomes this review's action.
  @discardableResult
  public func review(_ request: ReviewRequest) throws -> StoredReview {
    let reviewedAt = StoreTime.text(now)
    return try write { db in
      guard let row = try Row.fetchOne(db, sql: "SELECT * FROM advisory WHERE id = ?", arguments: [request.advisoryID])
      else { throw StoreError.noSuchAdvisory(request.advisoryID) }
      let advisory = Self.advisory(row)
      let allowed = advisory.reasonCodes + ["other"]
      let note = request.note?.trimmingCharacters(in: .whitespacesAndNewlines)
      if let code = request.reasonCode, !allowed.contains(code) {
        throw StoreError.invalidReview(
          "reason '\(code)' is not offered by rule \(advisory.ruleID); use one of \(allowed.joined(separator: ", "))")
      }
      if request.action != .accept && request.reasonCode == nil {
        throw StoreError.invalidReview(
          "\(request.action.rawValue) needs --reason, one of \(allowed.joined(separator: ", "))")
      }
      if request.reasonCode == "other" && (note ?? "").isEmpty {
        throw StoreError.invalidReview("reason 'other' needs a --note saying why")
      }
      if let note, note.count > 2000 {
        throw StoreError.invalidReview("note is \(note.count) characters; the limit is 2000")
      }
      try db.execute(
        sql: """
          INSERT INTO review (advisory_id, reviewer, reviewer_uid, action, reason_code, note, reviewed_at)
          VALUES (?, ?, ?, ?, ?, ?, ?)
          """,
        arguments: [
          request.advisoryID, request.reviewer, request.reviewerUID, request.action.rawValue, request.reasonCode,
          (note ?? "").isEmpty ? nil : note, reviewedAt,
        ])
      return StoredReview(
        id: db.lastInsertedRowID, advisoryID: request.advisoryID, reviewer: request.reviewer,
        reviewerUID: request.reviewerUID, action: request.action.rawValue, reasonCode: request.reasonCode,
        note: (note ?? "").isEmpty ? nil : note, reviewedAt: reviewedAt)
    }
  }

  /// Counts for status reports: received files (decided, duplicates and quarantined), decisions, quarantined
  /// files, open advisories.
  public func counts() throws -> StoreCounts {
    try read { db in
      let received = try Int.fetchOne(db, sql: "SELECT count(*) FROM received_file") ?? 0
      let decided = try Int.fetchOne(db, sql: "SELECT count(*) FROM decision") ?? 0
      let quarantined = try Int.fetchOne(db, sql: "SELECT count(*) FROM quarantined_file") ?? 0
      let duplicates = try Int.fetchOne(db, sql: "SELECT count(*) FROM duplicate_receipt") ?? 0
      let open = try Int.fetchOne(db, sql: "SELECT count(*) FROM advisory WHERE status = 'open'") ?? 0
      return StoreCounts(
        received: received + quarantined + duplicates, decided: decided, quarantined: quarantined,
        openAdvisories: open)
    }
  }

  // MARK: - Row mapping

  static func json(_ text: String) -> JSONValue {
    (try? JSONParser(maxDepth: 64).parse(Array(text.utf8))) ?? .null
  }

  static func advisory(_ row: Row) -> StoredAdvisory {
    StoredAdvisory(
      id: row["id"], uuid: row["uuid"], decisionID: row["decision_id"], patientID: row["patient_id"],
      ruleID: row["rule_id"], indicator: row["indicator"], summary: row["summary"], detail: row["detail"],
      sourceLabel: row["source_label"], sourceURL: AdvisoryStore.storedURL(row["source_url"]),
      suggestions: json(row["suggestions_json"]),
      overrideReasons: json(row["override_reasons_json"]), facts: json(row["facts_json"]),
      matchedInputs: json(row["matched_inputs_json"]), policyName: row["policy_name"],
      policyVersion: row["policy_version"], policyRevision: row["policy_revision"], mmeTable: row["mme_table"],
      createdAt: row["created_at"], linkedTo: row["linked_to"], status: row["status"])
  }

  static func review(_ row: Row) -> StoredReview {
    StoredReview(
      id: row["id"], advisoryID: row["advisory_id"], reviewer: row["reviewer"], reviewerUID: row["reviewer_uid"],
      action: row["action"], reasonCode: row["reason_code"], note: row["note"], reviewedAt: row["reviewed_at"])
  }
}
