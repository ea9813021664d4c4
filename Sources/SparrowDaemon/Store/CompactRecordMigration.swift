import Foundation
import GRDB
import SparrowCore

// MARK: - CompactRecordMigration

/// Schema v4, the compact record: what is constant for a policy revision is kept once (`policy_revision`,
/// `rule_text`), each advisory keeps its rule text's id and its fill, each decision its deflated record and input.
///
/// A store written before v4 is converted in place. Its advisories were stored rendered, so each keeps its texts
/// as a literal rule text (shared by identical ones); its facts move into the decision's record. Its input
/// documents were not kept, so `decision.input` is NULL for those decisions. Every output stays as it was.
enum CompactRecordMigration {
  static let schema = """
    CREATE TABLE policy_revision (
      id INTEGER PRIMARY KEY,
      revision TEXT NOT NULL UNIQUE,
      name TEXT NOT NULL,
      version TEXT NOT NULL
    );
    -- One row per rule and revision (a RuleText as JSON); literal rows hold texts recorded before v4, as rendered.
    CREATE TABLE rule_text (
      id INTEGER PRIMARY KEY,
      policy_revision_id INTEGER NOT NULL REFERENCES policy_revision(id),
      rule_id TEXT NOT NULL,
      indicator TEXT NOT NULL CHECK (indicator IN ('info', 'warning', 'critical')),
      text_json TEXT NOT NULL,
      literal INTEGER NOT NULL DEFAULT 0 CHECK (literal IN (0, 1))
    );
    CREATE UNIQUE INDEX rule_text_rule ON rule_text(policy_revision_id, rule_id) WHERE literal = 0;
    CREATE TABLE decision_v4 (
      id INTEGER PRIMARY KEY,
      file_id INTEGER NOT NULL UNIQUE REFERENCES received_file(id),
      patient_id TEXT NOT NULL,
      policy_revision_id INTEGER NOT NULL REFERENCES policy_revision(id),
      mme_table TEXT NOT NULL,
      total_mme REAL NOT NULL,
      evaluated_on TEXT NOT NULL,
      decided_at TEXT NOT NULL,
      -- Deflated {"assessment": …, "facts": […]} (StoredRecord).
      record BLOB NOT NULL,
      -- The input document as received, deflated; NULL for decisions recorded before v4.
      input BLOB
    );
    CREATE TABLE advisory_v4 (
      id INTEGER PRIMARY KEY,
      uuid BLOB NOT NULL UNIQUE CHECK (length(uuid) = 16),
      decision_id INTEGER NOT NULL REFERENCES decision(id),
      rule_text_id INTEGER NOT NULL REFERENCES rule_text(id),
      -- {"v": placeholder values, "n": notes that held, "f": fact positions in the record, "m": matched paths} (StoredFill).
      fill TEXT NOT NULL,
      linked_to INTEGER REFERENCES advisory(id),
      status TEXT NOT NULL CHECK (status IN ('open', 'linked', 'accepted', 'overridden', 'dismissed'))
    );
    """

  static let indexes = """
    CREATE INDEX decision_patient ON decision(patient_id, decided_at);
    CREATE INDEX advisory_decision ON advisory(decision_id);
    CREATE INDEX advisory_status ON advisory(status);
    """

  static func migrate(_ db: Database) throws {
    for trigger in ["review_no_update", "review_no_delete", "review_sets_status"] {
      try db.execute(sql: "DROP TRIGGER IF EXISTS \(trigger)")
    }
    try db.execute(sql: schema)
    // v3 has no index on advisory(decision_id); without one the conversion reads the whole table per decision.
    try db.execute(sql: "CREATE INDEX advisory_v3_decision ON advisory(decision_id)")
    try convert(db)
    for table in ["decision", "advisory"] {
      let before = try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table)") ?? -1
      let after = try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table)_v4") ?? -2
      guard before == after else {
        throw StoreError.damagedRecord(
          "the v4 migration converted \(after) of \(before) rows of \(table); nothing was changed")
      }
    }
    try db.execute(
      sql: """
        DROP TABLE advisory;
        DROP TABLE decision;
        ALTER TABLE decision_v4 RENAME TO decision;
        ALTER TABLE advisory_v4 RENAME TO advisory;
        """)
    try db.execute(sql: indexes)
    try db.execute(sql: StoreMigrations.reviewTriggers)
  }

  /// Rewrites every v3 decision and advisory in the v4 form, keeping their ids.
  private static func convert(_ db: Database) throws {
    var revisionIDs: [String: Int64] = [:]
    // Literal texts by revision and SHA-256 (legacy texts carry each patient's figures, so nearly all differ:
    // keeping the texts themselves as keys would hold the whole store in memory).
    var literalIDs: [String: Int64] = [:]
    let decisions = try Row.fetchCursor(db, sql: "SELECT * FROM decision ORDER BY id")
    while let decision = try decisions.next() {
      let decisionID: Int64 = decision["id"]
      let revision: String = decision["policy_revision"]
      let revisionID: Int64
      if let known = revisionIDs[revision] {
        revisionID = known
      } else {
        try db.execute(
          sql: "INSERT INTO policy_revision (revision, name, version) VALUES (?, ?, ?)",
          arguments: [revision, decision["policy_name"], decision["policy_version"]])
        revisionID = db.lastInsertedRowID
        revisionIDs[revision] = revisionID
      }
      let rows = try Row.fetchAll(
        db.cachedStatement(sql: "SELECT * FROM advisory WHERE decision_id = ? ORDER BY id"), arguments: [decisionID])
      let legacy = try rows.map(legacyAdvisory)
      let (facts, positions) = StoredRecord.collect(legacy.map(\.facts))
      var advisoryRows: [(row: Row, textID: Int64, fill: String)] = []
      for (index, advisory) in legacy.enumerated() {
        let text = JSONWriter.compactString(RuleText(rendered: advisory).json)
        // Keyed by revision and digest: legacy texts carry each patient's figures, so nearly all differ, and the
        // texts themselves as keys would hold the whole store in memory.
        let key = "\(revisionID) " + ContentDigest.sha256(Array(text.utf8))
        let textID: Int64
        if let known = literalIDs[key] {
          textID = known
        } else {
          try db.cachedStatement(
            sql:
              "INSERT INTO rule_text (policy_revision_id, rule_id, indicator, text_json, literal) VALUES (?, ?, ?, ?, 1)"
          ).execute(arguments: [revisionID, advisory.ruleID, advisory.indicator.rawValue, text])
          textID = db.lastInsertedRowID
          literalIDs[key] = textID
        }
        let fill = StoredFill(
          fill: AdvisoryFill(values: [:], notes: []), factIndexes: positions[index],
          matchedInputs: advisory.matchedInputs)
        advisoryRows.append((rows[index], textID, fill.columnJSON))
      }
      let assessmentText: String = decision["assessment_json"]
      let record = StoredRecord(
        assessment: try StoredRecord.parse(assessmentText, what: "decision \(decisionID)'s assessment"), facts: facts)
      try db.cachedStatement(
        sql: """
          INSERT INTO decision_v4 (id, file_id, patient_id, policy_revision_id, mme_table, total_mme, evaluated_on,
            decided_at, record, input)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)
          """
      ).execute(
        arguments: [
          decisionID, decision["file_id"], decision["patient_id"], revisionID, decision["mme_table"],
          decision["total_mme"], decision["evaluated_on"], decision["decided_at"],
          Data(Deflate.compress(record.bytes, dictionary: .recordV1)),
        ])
      for (row, textID, fill) in advisoryRows {
        let uuidText: String = row["uuid"]
        guard let uuid = TimeOrderedUUID.bytes(uuidText) else {
          throw StoreError.damagedRecord("advisory \(row["id"] as Int64)'s uuid '\(uuidText)' is not a UUID")
        }
        try db.cachedStatement(
          sql: """
            INSERT INTO advisory_v4 (id, uuid, decision_id, rule_text_id, fill, linked_to, status)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """
        ).execute(arguments: [row["id"], Data(uuid), decisionID, textID, fill, row["linked_to"], row["status"]])
      }
    }
  }

  /// What v3's `source_url` (NOT NULL) held for a source cited without a link, such as a drug label.
  static let noURL = ""

  /// A v3 advisory row as the advisory it recorded (its texts rendered).
  private static func legacyAdvisory(_ row: Row) throws -> Advisory {
    let id: Int64 = row["id"]
    func json(_ column: String) throws -> [JSONValue] {
      guard case .array(let items) = try StoredRecord.parse(row[column], what: "advisory \(id)'s \(column)") else {
        throw StoreError.damagedRecord("advisory \(id)'s \(column) is not an array")
      }
      return items
    }
    do {
      let suggestions = try json("suggestions_json").map { item throws -> RenderedSuggestion in
        let fields = try item.storedObject("a suggestion")
        return RenderedSuggestion(
          label: try fields.storedString("label"), detail: try fields.storedOptionalString("detail"))
      }
      let reasons = try json("override_reasons_json").map { item throws -> OverrideReason in
        let fields = try item.storedObject("an override reason")
        return OverrideReason(code: try fields.storedString("code"), display: try fields.storedString("display"))
      }
      let indicatorText: String = row["indicator"]
      guard let indicator = Indicator(rawValue: indicatorText) else {
        throw StoreError.damagedRecord("advisory \(id)'s indicator '\(indicatorText)'")
      }
      return Advisory(
        ruleID: row["rule_id"], indicator: indicator, summary: row["summary"], detail: row["detail"],
        suggestions: suggestions,
        source: PolicySource(label: row["source_label"], url: { $0 == noURL ? nil : $0 }(row["source_url"] as String)),
        overrideReasons: reasons, policyName: row["policy_name"], policyVersion: row["policy_version"],
        policyRevision: row["policy_revision"], mmeTable: row["mme_table"],
        facts: try json("facts_json").map { try Fact(json: $0) },
        matchedInputs: try json("matched_inputs_json").map { try $0.storedString("a matched input") },
        fill: AdvisoryFill(values: [:], notes: []))
    } catch let error as StoredFormError {
      throw StoreError.damagedRecord("advisory \(id): \(error.message)")
    }
  }
}
