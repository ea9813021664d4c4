import Foundation
import GRDB
import SparrowCore

// MARK: - WorklistMigration

/// Schema v5, the pharmacists' worklist: where a patient was cared for, how risky the decision found them, and the
/// append-only records a review console keeps beside the triage (first openings, assignments, interventions and
/// their outcomes, shift handovers). Reviews learn the channel they came through and who asserted the reviewer.
enum WorklistMigration {
  static let schema = """
    ALTER TABLE decision ADD COLUMN unit TEXT;
    ALTER TABLE decision ADD COLUMN service TEXT;
    -- The side-effect (respiratory depression) score of the decision, how many of its facts were unknown (the score
    -- counts only factors present), and whether every opioid's MME was known (else total_mme is a lower bound).
    ALTER TABLE decision ADD COLUMN risk_score INTEGER;
    ALTER TABLE decision ADD COLUMN risk_unknown INTEGER;
    ALTER TABLE decision ADD COLUMN load_complete INTEGER CHECK (load_complete IN (0, 1));
    CREATE INDEX decision_unit ON decision(unit) WHERE unit IS NOT NULL;
    -- 'cli' (the control socket or direct mode) or 'console'; asserted_by is the peer that named the reviewer.
    ALTER TABLE review ADD COLUMN channel TEXT NOT NULL DEFAULT 'cli' CHECK (channel IN ('cli', 'console'));
    ALTER TABLE review ADD COLUMN asserted_by TEXT;
    -- Each reviewer's first opening of an advisory ("first opened by X at T").
    CREATE TABLE advisory_opening (
      advisory_id INTEGER NOT NULL REFERENCES advisory(id),
      reviewer TEXT NOT NULL,
      channel TEXT NOT NULL CHECK (channel IN ('cli', 'console')),
      -- The peer that named the user (the console's), for console records.
      asserted_by TEXT,
      opened_at TEXT NOT NULL,
      PRIMARY KEY (advisory_id, reviewer)
    ) WITHOUT ROWID;
    -- Who is to work an advisory, and when it comes back (the latest row holds).
    CREATE TABLE assignment (
      id INTEGER PRIMARY KEY,
      advisory_id INTEGER NOT NULL REFERENCES advisory(id),
      assignee TEXT,
      follow_up_on TEXT,
      assigned_by TEXT NOT NULL,
      channel TEXT NOT NULL CHECK (channel IN ('cli', 'console')),
      -- The peer that named the user (the console's), for console records.
      asserted_by TEXT,
      assigned_at TEXT NOT NULL
    );
    CREATE INDEX assignment_advisory ON assignment(advisory_id, id);
    -- The pharmacist's intervention and the prescriber's response (PCNE V9.1), kept apart from the triage.
    CREATE TABLE intervention (
      id INTEGER PRIMARY KEY,
      advisory_id INTEGER NOT NULL REFERENCES advisory(id),
      kind TEXT NOT NULL CHECK (kind IN ('informed', 'proposed', 'discussed')),
      response TEXT NOT NULL CHECK (response IN ('accepted', 'modified', 'declined', 'pending', 'not-proposed')),
      minutes INTEGER CHECK (minutes IS NULL OR minutes BETWEEN 0 AND 1440),
      note TEXT,
      recorded_by TEXT NOT NULL,
      channel TEXT NOT NULL CHECK (channel IN ('cli', 'console')),
      -- The peer that named the user (the console's), for console records.
      asserted_by TEXT,
      recorded_at TEXT NOT NULL
    );
    CREATE INDEX intervention_advisory ON intervention(advisory_id, id);
    -- A shift handover for a unit, acknowledged by the receiving pharmacist, with the items it handed over.
    CREATE TABLE handover (
      id INTEGER PRIMARY KEY,
      unit TEXT NOT NULL,
      acknowledged_by TEXT NOT NULL,
      channel TEXT NOT NULL CHECK (channel IN ('cli', 'console')),
      -- The peer that named the user (the console's), for console records.
      asserted_by TEXT,
      acknowledged_at TEXT NOT NULL,
      items TEXT NOT NULL
    );
    CREATE INDEX handover_unit ON handover(unit, id);
    """ + ["advisory_opening", "assignment", "intervention", "handover"].map(appendOnly).joined()

  /// Triggers that keep `table` append-only, whatever tool touches the file.
  static func appendOnly(_ table: String) -> String {
    """
    CREATE TRIGGER \(table)_no_update BEFORE UPDATE ON \(table)
      BEGIN SELECT RAISE(ABORT, '\(table) rows are append-only'); END;
    CREATE TRIGGER \(table)_no_delete BEFORE DELETE ON \(table)
      BEGIN SELECT RAISE(ABORT, '\(table) rows are append-only'); END;

    """
  }

  static func migrate(_ db: Database) throws {
    try db.execute(sql: schema)
    // Decisions recorded before v5 get their risk figures and completeness from their records, so the worklist
    // ranks and marks them too.
    let rows = try Row.fetchCursor(db, sql: "SELECT id, record FROM decision")
    var figures: [(id: Int64, score: Int?, unknown: Int?, complete: Bool?)] = []
    while let row = try rows.next() {
      let record = try StoredRecord(deflated: Array(row["record"] as Data))
      guard case .object(let assessment) = record.assessment else { continue }
      var score: Int?
      var unknown: Int?
      var complete: Bool?
      if case .object(let risk)? = assessment["sideEffectRisk"] {
        if case .number(let value)? = risk["score"] { score = Int(value) }
        if case .array(let facts)? = risk["facts"] {
          unknown =
            facts.filter { fact in
              if case .object(let object) = fact, object["value"] == .null { return true }
              return false
            }.count
        }
      }
      if case .object(let load)? = assessment["load"], case .bool(let flag)? = load["complete"] { complete = flag }
      figures.append((row["id"], score, unknown, complete))
    }
    let update = try db.makeStatement(
      sql: "UPDATE decision SET risk_score = ?, risk_unknown = ?, load_complete = ? WHERE id = ?")
    for figure in figures {
      try update.execute(arguments: [figure.score, figure.unknown, figure.complete, figure.id])
    }
  }
}
