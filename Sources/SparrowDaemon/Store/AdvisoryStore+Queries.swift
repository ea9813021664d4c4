import Foundation
import GRDB
import SparrowCore

// MARK: - Queries and reviews

extension AdvisoryStore {
  /// Advisories matching `filter`, most severe first, then newest; the first row that does not decode throws.
  public func advisories(_ filter: AdvisoryFilter) throws -> [StoredAdvisory] {
    let list = try readableAdvisories(filter)
    if let first = list.damaged.first { throw first.error }
    return list.advisories
  }

  /// Advisories matching `filter`, in the same order, with each row that does not decode left out and named in
  /// `damaged`: one damaged row must neither hide the rest of the queue nor be hidden itself.
  public func readableAdvisories(
    _ filter: AdvisoryFilter
  ) throws -> (advisories: [StoredAdvisory], damaged: [(id: Int64, error: StoreError)]) {
    let (sql, arguments) = Self.listQuery(filter)
    return try read { db in
      var decoder = AdvisoryRowDecoder()
      var advisories: [StoredAdvisory] = []
      var damaged: [(id: Int64, error: StoreError)] = []
      for row in try Row.fetchAll(db, sql: sql, arguments: arguments) {
        do {
          advisories.append(try decoder.advisory(row))
        } catch StoreError.damagedRecord(let message) {
          // Only damage is left out; any other failure still fails the whole read.
          damaged.append((row["id"], StoreError.damagedRecord(message)))
        }
      }
      return (advisories, damaged)
    }
  }

  /// The list query for `filter` and its arguments.
  static func listQuery(_ filter: AdvisoryFilter) -> (sql: String, arguments: StatementArguments) {
    var clauses: [String] = []
    var arguments: StatementArguments = []
    func add(_ clause: String, _ value: (any DatabaseValueConvertible)?) {
      guard let value else { return }
      clauses.append(clause)
      arguments += [value]
    }
    // With a patient, start from the patient's decisions (`decision_patient`), not from every advisory of the
    // status: the unary `+` keeps the status index out, as in the repeat lookup.
    add(filter.patientID == nil ? "a.status = ?" : "+a.status = ?", filter.status?.rawValue)
    add("t.indicator = ?", filter.indicator?.rawValue)
    add("t.rule_id = ?", filter.ruleID)
    add("d.patient_id = ?", filter.patientID)
    add("d.decided_at >= ?", filter.since)
    add("d.decided_at < ?", filter.until)
    let whereClause = clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND ")
    let sql = """
      \(advisorySelect) \(whereClause)
      ORDER BY CASE t.indicator WHEN 'critical' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END, d.decided_at DESC, a.id DESC
      LIMIT \(max(1, filter.limit))
      """
    return (sql, arguments)
  }

  /// One advisory with its decision, file and review history.
  public func advisoryDetail(id: Int64) throws -> AdvisoryDetail? {
    try read { db in
      guard let row = try Row.fetchOne(db, sql: "\(Self.advisorySelect) WHERE a.id = ?", arguments: [id]) else {
        return nil
      }
      var decoder = AdvisoryRowDecoder()
      let advisory = try decoder.advisory(row)
      let file = try Row.fetchOne(
        db,
        sql: "SELECT f.name, f.sha256 FROM decision d JOIN received_file f ON f.id = d.file_id WHERE d.id = ?",
        arguments: [advisory.decisionID])
      let reviews = try Row.fetchAll(
        db, sql: "SELECT * FROM review WHERE advisory_id = ? ORDER BY id", arguments: [id]
      ).map(Self.review)
      return AdvisoryDetail(
        advisory: advisory, assessment: try decoder.record(row).assessment, fileName: file?["name"] ?? "",
        fileSHA256: file?["sha256"] ?? "", reviews: reviews)
    }
  }

  /// The input document a decision was made from, as received (nil for decisions recorded before inputs were
  /// kept, schema v3 and earlier).
  public func input(decisionID: Int64) throws -> [UInt8]? {
    try read { db in
      guard let stored = try Data.fetchOne(db, sql: "SELECT input FROM decision WHERE id = ?", arguments: [decisionID])
      else { return nil }
      return try Deflate.decompress(Array(stored))
    }
  }

  /// Appends a review. Override and dismiss need a reason code from the advisory's policy (or `other` with a
  /// note); a reason given with accept must be valid too. The advisory's status becomes this review's action.
  @discardableResult
  public func review(_ request: ReviewRequest) throws -> StoredReview {
    let reviewedAt = StoreTime.text(now)
    return try write { db in
      // Only the rule text is needed (its reasons): a damaged decision record does not block a review.
      guard
        let row = try Row.fetchOne(
          db,
          sql:
            "SELECT a.rule_text_id, t.text_json FROM advisory a JOIN rule_text t ON t.id = a.rule_text_id WHERE a.id = ?",
          arguments: [request.advisoryID])
      else { throw StoreError.noSuchAdvisory(request.advisoryID) }
      var decoder = AdvisoryRowDecoder()
      let advisory = try decoder.ruleText(row)
      let allowed = advisory.overrideReasons.map(\.code) + ["other"]
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
          INSERT INTO review (advisory_id, reviewer, reviewer_uid, action, reason_code, note, reviewed_at, channel,
            asserted_by)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
          """,
        arguments: [
          request.advisoryID, request.reviewer, request.reviewerUID, request.action.rawValue, request.reasonCode,
          (note ?? "").isEmpty ? nil : note, reviewedAt, request.channel.rawValue, request.assertedBy,
        ])
      return StoredReview(
        id: db.lastInsertedRowID, advisoryID: request.advisoryID, reviewer: request.reviewer,
        reviewerUID: request.reviewerUID, action: request.action.rawValue, reasonCode: request.reasonCode,
        note: (note ?? "").isEmpty ? nil : note, reviewedAt: reviewedAt, channel: request.channel,
        assertedBy: request.assertedBy)
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

  /// The columns `AdvisoryRowDecoder` reads: the advisory, its rule text, its decision and its revision.
  static let advisorySelect = """
    SELECT a.id, a.uuid, a.decision_id, a.rule_text_id, a.fill, a.linked_to, a.status, t.text_json, d.patient_id,
      d.decided_at, d.mme_table, d.record, p.name AS policy_name, p.version AS policy_version,
      p.revision AS policy_revision
    FROM advisory a JOIN rule_text t ON t.id = a.rule_text_id JOIN decision d ON d.id = a.decision_id
      JOIN policy_revision p ON p.id = d.policy_revision_id
    """

  static func review(_ row: Row) -> StoredReview {
    StoredReview(
      id: row["id"], advisoryID: row["advisory_id"], reviewer: row["reviewer"], reviewerUID: row["reviewer_uid"],
      action: row["action"], reasonCode: row["reason_code"], note: row["note"], reviewedAt: row["reviewed_at"],
      channel: ReviewChannel(rawValue: row["channel"] ?? "cli") ?? .cli, assertedBy: row["asserted_by"])
  }
}
