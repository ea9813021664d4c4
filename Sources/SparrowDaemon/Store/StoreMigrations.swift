import GRDB
import SparrowCore

// MARK: - StoreMigrations

/// The store's schema, as GRDB migrations run at every open.
enum StoreMigrations {
  static var migrator: DatabaseMigrator {
    var migrator = DatabaseMigrator()
    migrator.registerMigration("v1") { db in
      try db.execute(
        sql: """
          CREATE TABLE received_file (
            id INTEGER PRIMARY KEY,
            sha256 TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL,
            size INTEGER NOT NULL,
            received_at TEXT NOT NULL,
            decided_at TEXT,
            outcome TEXT NOT NULL CHECK (outcome IN ('decided', 'quarantined')),
            quarantine_reason TEXT
          );
          CREATE TABLE decision (
            id INTEGER PRIMARY KEY,
            file_id INTEGER NOT NULL UNIQUE REFERENCES received_file(id),
            patient_id TEXT NOT NULL,
            policy_name TEXT NOT NULL,
            policy_version TEXT NOT NULL,
            policy_revision TEXT NOT NULL,
            mme_table TEXT NOT NULL,
            total_mme REAL NOT NULL,
            assessment_json TEXT NOT NULL,
            evaluated_on TEXT NOT NULL,
            decided_at TEXT NOT NULL
          );
          CREATE INDEX decision_patient ON decision(patient_id);
          CREATE TABLE advisory (
            id INTEGER PRIMARY KEY,
            uuid TEXT NOT NULL UNIQUE,
            decision_id INTEGER NOT NULL REFERENCES decision(id),
            patient_id TEXT NOT NULL,
            rule_id TEXT NOT NULL,
            indicator TEXT NOT NULL CHECK (indicator IN ('info', 'warning', 'critical')),
            summary TEXT NOT NULL,
            detail TEXT NOT NULL,
            source_label TEXT NOT NULL,
            source_url TEXT NOT NULL,
            suggestions_json TEXT NOT NULL,
            override_reasons_json TEXT NOT NULL,
            facts_json TEXT NOT NULL,
            matched_inputs_json TEXT NOT NULL,
            policy_name TEXT NOT NULL,
            policy_version TEXT NOT NULL,
            policy_revision TEXT NOT NULL,
            mme_table TEXT NOT NULL,
            created_at TEXT NOT NULL,
            linked_to INTEGER REFERENCES advisory(id),
            status TEXT NOT NULL CHECK (status IN ('open', 'linked', 'accepted', 'overridden', 'dismissed'))
          );
          CREATE INDEX advisory_queue ON advisory(status, indicator, created_at);
          CREATE INDEX advisory_fatigue ON advisory(patient_id, rule_id, policy_revision, created_at);
          CREATE TABLE review (
            id INTEGER PRIMARY KEY,
            advisory_id INTEGER NOT NULL REFERENCES advisory(id),
            reviewer TEXT NOT NULL,
            reviewer_uid INTEGER NOT NULL,
            action TEXT NOT NULL CHECK (action IN ('accept', 'override', 'dismiss')),
            reason_code TEXT,
            note TEXT,
            reviewed_at TEXT NOT NULL
          );
          CREATE INDEX review_advisory ON review(advisory_id);
          """ + reviewTriggers)
    }
    migrator.registerMigration("v2-intake") { db in
      try db.execute(
        sql: """
          CREATE TABLE quarantined_file (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            sha256 TEXT,
            reason TEXT NOT NULL,
            json_path TEXT,
            quarantined_at TEXT NOT NULL
          );
          -- The same content received again under another name: the first decision stands, the receipt is noted.
          CREATE TABLE duplicate_receipt (
            id INTEGER PRIMARY KEY,
            decision_id INTEGER NOT NULL REFERENCES decision(id),
            name TEXT NOT NULL,
            received_at TEXT NOT NULL
          );
          """)
    }
    migrator.registerMigration("v3-quarantine-index") { db in
      // Each quarantine looks for its earlier record (a retry) and a lost reason by name: indexed, not scanned.
      try db.execute(sql: "CREATE INDEX quarantined_file_name ON quarantined_file(name, sha256)")
    }
    migrator.registerMigration("v4-compact-record", migrate: CompactRecordMigration.migrate)
    migrator.registerMigration("v5-worklist", migrate: WorklistMigration.migrate)
    migrator.registerMigration("v6-claim") { db in
      // Which arrival of a file a row records (its inode and the change time its claim gave it): a file read again
      // after a crash is the same arrival; the same name and content sent again later is a new one.
      try db.execute(
        sql: """
          ALTER TABLE received_file ADD COLUMN claim TEXT;
          ALTER TABLE duplicate_receipt ADD COLUMN claim TEXT;
          ALTER TABLE quarantined_file ADD COLUMN claim TEXT;
          CREATE INDEX duplicate_receipt_decision ON duplicate_receipt(decision_id);
          """)
    }
    migrator.registerMigration("v7-arrival-index") { db in
      // A file read again after a crash, last changed by a write, looks for the earlier arrival of the same file
      // that it was written to after. (IF NOT EXISTS: a store migrated while v6 still made the first one.)
      try db.execute(
        sql: """
          CREATE INDEX IF NOT EXISTS received_file_claim ON received_file(claim) WHERE claim IS NOT NULL;
          -- Claims written while they still began with the device number (DEVICE:INODE:BIRTH:CHANGE) lose it.
          UPDATE received_file SET claim = substr(claim, instr(claim, ':') + 1) WHERE claim GLOB '*:*:*:*';
          UPDATE duplicate_receipt SET claim = substr(claim, instr(claim, ':') + 1) WHERE claim GLOB '*:*:*:*';
          UPDATE quarantined_file SET claim = substr(claim, instr(claim, ':') + 1) WHERE claim GLOB '*:*:*:*';
          CREATE INDEX duplicate_receipt_claim ON duplicate_receipt(claim) WHERE claim IS NOT NULL;
          """)
    }
    return migrator
  }

  /// The review triggers, created by v1 and again by v4 (which rebuilds the advisory table under them).
  static let reviewTriggers = """
    -- Reviews are the audit trail: append-only, whatever tool touches the file.
    CREATE TRIGGER review_no_update BEFORE UPDATE ON review
      BEGIN SELECT RAISE(ABORT, 'reviews are append-only'); END;
    CREATE TRIGGER review_no_delete BEFORE DELETE ON review
      BEGIN SELECT RAISE(ABORT, 'reviews are append-only'); END;
    -- An advisory's status is its latest review.
    CREATE TRIGGER review_sets_status AFTER INSERT ON review
      BEGIN
        UPDATE advisory SET status = CASE NEW.action
          WHEN 'accept' THEN 'accepted' WHEN 'override' THEN 'overridden' ELSE 'dismissed' END
        WHERE id = NEW.advisory_id;
      END;
    """
}
