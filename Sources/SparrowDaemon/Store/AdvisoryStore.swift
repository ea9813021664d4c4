public import Foundation
public import GRDB
import SparrowCore

#if canImport(Glibc)
import Glibc
#endif

// MARK: - AdvisoryStore

/// The record of truth: received files, decisions, advisories and reviews, in SQLite (GRDB).
///
/// Production opens a `DatabasePool` in WAL mode with `synchronous=FULL` (`openPool(path:)`); tests pass an
/// in-memory `DatabaseQueue`. Migrations run at open. GRDB types do not leave this type.
public final class AdvisoryStore: Sendable {
  private let writer: any DatabaseWriter
  /// Within this interval, the same rule for the same patient under the same policy revision is recorded but
  /// linked to the open advisory instead of joining the queue again (alert fatigue).
  public let fatigueWindow: TimeInterval
  private let clock: @Sendable () -> Date

  /// A store over `writer`, migrated to the current schema.
  public init(
    writer: any DatabaseWriter, fatigueWindow: TimeInterval = 7 * 86_400,
    clock: @escaping @Sendable () -> Date = { WallClock.now() }
  ) throws {
    self.writer = writer
    self.fatigueWindow = fatigueWindow
    self.clock = clock
    try StoreMigrations.migrator.migrate(writer)
  }

  /// Opens the production pool at `path`: WAL, foreign keys on, and `synchronous=FULL` set on the writer after
  /// the pool opened (GRDB sets NORMAL when it enables WAL) and read back.
  public static func openPool(path: String) throws -> DatabasePool {
    try checkBeforeOpening(path: path)
    var configuration = Configuration()
    configuration.foreignKeysEnabled = true
    configuration.busyMode = .timeout(5)
    let pool = try DatabasePool(path: path, configuration: configuration)
    let synchronous = try pool.writeWithoutTransaction { db -> Int? in
      try db.execute(sql: "PRAGMA synchronous = FULL")
      return try Int.fetchOne(db, sql: "PRAGMA synchronous")
    }
    guard synchronous == 2 else {
      throw StoreError.unsafeDurability(
        "PRAGMA synchronous reads \(synchronous.map(String.init) ?? "nothing"), not 2 (FULL)")
    }
    try pool.writeWithoutTransaction { db in
      if try Int32.fetchOne(db, sql: "PRAGMA application_id") == 0 {
        try db.execute(sql: "PRAGMA application_id = \(applicationID)")
      }
    }
    return pool
  }

  /// Sparrow's SQLite `application_id` ("SPRW"): another application's database is refused untouched.
  public static let applicationID: Int32 = 0x5350_5257

  /// Before anything writes to `path`: a new file is made with mode 0600 whatever the umask; an existing one
  /// must pass `quick_check` and be Sparrow's (its `application_id`, or an unstamped database with Sparrow's
  /// schema, or an empty one). Checked on a read-only connection, so a refused file is left as it was.
  static func checkBeforeOpening(path: String) throws {
    if access(path, F_OK) != 0 {
      let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
      guard descriptor >= 0 else {
        throw StoreError.notSparrowDatabase("cannot create \(path): \(String(cString: strerror(errno)))")
      }
      fchmod(descriptor, 0o600)
      close(descriptor)
      return
    }
    var configuration = Configuration()
    configuration.readonly = true
    let verdict: String?
    do {
      let queue = try DatabaseQueue(path: path, configuration: configuration)
      verdict = try queue.read { db -> String? in
        let check = try String.fetchAll(db, sql: "PRAGMA quick_check")
        guard check == ["ok"] else {
          return "failed its integrity check (quick_check: \(check.prefix(3).joined(separator: "; ")))"
        }
        let id = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
        if id == applicationID { return nil }
        if id != 0 { return "belongs to another application (application_id \(id))" }
        let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'")
        if tables.isEmpty || (tables.contains("grdb_migrations") && tables.contains("received_file")) { return nil }
        return
          "is not Sparrow's: it has tables \(tables.prefix(5).joined(separator: ", ")) and no Sparrow application_id"
      }
    } catch {
      throw StoreError.notSparrowDatabase(
        "\(path) cannot be read as a SQLite database (\(error)); it was left as it is")
    }
    if let verdict { throw StoreError.notSparrowDatabase("\(path) \(verdict); it was left as it is") }
  }

  /// Copies the write-ahead log into the database file and truncates the log (at a clean stop).
  public func checkpoint() throws {
    try writer.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
  }

  /// The writer connection's `PRAGMA synchronous` (2 = FULL).
  public func synchronousSetting() throws -> Int {
    try writer.writeWithoutTransaction { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1 }
  }

  /// The journal mode (`wal` in production).
  public func journalMode() throws -> String {
    try writer.writeWithoutTransaction { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "" }
  }

  // MARK: - Recording

  /// Records one decision in one transaction (file + decision + advisories). The same content twice is a no-op
  /// that returns the first decision.
  public func record(_ input: DecisionInput) throws -> RecordedDecision {
    try record(batch: [input])[0]
  }

  /// Records many decisions in one transaction (group commit): all or none. Duplicates within the batch or of
  /// earlier content return the first decision.
  public func record(batch inputs: [DecisionInput]) throws -> [RecordedDecision] {
    let now = clock()
    return try writer.write { db in
      var revisions: [String: RevisionRows] = [:]
      return try inputs.map {
        try Self.insert($0, decidedAt: now, fatigueWindow: fatigueWindow, revisions: &revisions, db: db)
      }
    }
  }

  /// The decision recorded for content with this SHA-256, if any.
  public func decisionID(forSHA256 sha256: String) throws -> Int64? {
    try writer.read { db in
      try Int64.fetchOne(
        db, sql: "SELECT d.id FROM decision d JOIN received_file f ON f.id = d.file_id WHERE f.sha256 = ?",
        arguments: [sha256])
    }
  }

  /// A policy revision's row and its rule texts' rows, by rule id.
  struct RevisionRows {
    var id: Int64
    var ruleTexts: [String: Int64]
  }

  /// The rows of `input`'s revision, written the first time the revision is seen (looked up once per batch: ids
  /// from a transaction that rolled back must not outlive it).
  private static func revisionRows(
    for input: DecisionInput, revisions: inout [String: RevisionRows], db: Database
  ) throws -> RevisionRows {
    if let known = revisions[input.policyRevision] { return known }
    let id = try Int64.fetchOne(
      db.cachedStatement(sql: "SELECT id FROM policy_revision WHERE revision = ?"), arguments: [input.policyRevision])
    let revisionID: Int64
    if let id {
      revisionID = id
    } else {
      try db.cachedStatement(sql: "INSERT INTO policy_revision (revision, name, version) VALUES (?, ?, ?)")
        .execute(arguments: [input.policyRevision, input.policyName, input.policyVersion])
      revisionID = db.lastInsertedRowID
    }
    var stored: [String: (id: Int64, json: String)] = [:]
    let rows = try Row.fetchCursor(
      db.cachedStatement(
        sql: "SELECT rule_id, id, text_json FROM rule_text WHERE policy_revision_id = ? AND literal = 0"),
      arguments: [revisionID])
    while let row = try rows.next() { stored[row[0]] = (row[1], row[2]) }
    var texts: [String: Int64] = [:]
    for (text, json) in zip(input.ruleTexts, input.ruleTextJSON) {
      if let known = stored[text.ruleID] {
        // A revision names one set's texts; two different texts under one revision would show history wrongly.
        guard known.json == json else {
          throw StoreError.damagedRecord(
            "rule \(text.ruleID) of revision \(input.policyRevision) differs from the text stored for that revision")
        }
        texts[text.ruleID] = known.id
      } else {
        try db.cachedStatement(
          sql: "INSERT INTO rule_text (policy_revision_id, rule_id, indicator, text_json) VALUES (?, ?, ?, ?)"
        ).execute(arguments: [revisionID, text.ruleID, text.indicator.rawValue, json])
        texts[text.ruleID] = db.lastInsertedRowID
      }
    }
    let result = RevisionRows(id: revisionID, ruleTexts: texts)
    revisions[input.policyRevision] = result
    return result
  }

  /// The newest open advisory per rule for a patient and revision since a time. It must start from the patient's
  /// decisions (`decision_patient`): left to itself, SQLite's planner started from every open advisory
  /// (`advisory_status`), one scan of the whole queue per decision, and a 10 000-file backlog drained at 189
  /// files/s. The unary `+` keeps the status index out of this query.
  static let openRepeatsSQL = """
    SELECT t.rule_id, max(a.id) FROM decision d
      JOIN advisory a ON a.decision_id = d.id JOIN rule_text t ON t.id = a.rule_text_id
    WHERE d.patient_id = ? AND d.policy_revision_id = ? AND d.decided_at >= ? AND +a.status = 'open'
    GROUP BY t.rule_id
    """

  /// Whether decided content (?1, the decision) arriving as ?2 (name), ?3 (claim), ?4 (a retry) is a receipt already
  /// recorded: the first one or a noted duplicate, of the same claim. A retry under the same name is also the same
  /// receipt when the row or the input has no claim (written before claims were kept).
  static let sameReceiptSQL = """
    SELECT EXISTS (SELECT 1 FROM decision d JOIN received_file f ON f.id = d.file_id
                   WHERE d.id = ?1 AND (f.claim = ?3 OR (?4 AND f.name = ?2 AND (f.claim IS NULL OR ?3 IS NULL))))
        OR EXISTS (SELECT 1 FROM duplicate_receipt
                   WHERE decision_id = ?1 AND (claim = ?3 OR (?4 AND name = ?2 AND (claim IS NULL OR ?3 IS NULL))))
    """

  /// The earlier arrivals of the same file (claims between ?1 and ?2) under the name ?3, decided or noted as a
  /// duplicate: the decision, the content's SHA-256 and the claim of each.
  static let earlierArrivalsSQL = """
    SELECT d.id, f.sha256, f.claim FROM received_file f JOIN decision d ON d.file_id = f.id
    WHERE f.claim >= ?1 AND f.claim < ?2 AND f.name = ?3
    UNION ALL
    SELECT r.decision_id, f.sha256, r.claim FROM duplicate_receipt r
      JOIN decision d ON d.id = r.decision_id JOIN received_file f ON f.id = d.file_id
    WHERE r.claim >= ?1 AND r.claim < ?2 AND r.name = ?3
    """

  /// For a file read again from `processing/` whose last change was a write: the arrival of the same file it was
  /// written to after, the latest such (its decision and the SHA-256 decided). A rename moves only the change time,
  /// so a file sent again (moved back into `incoming/`) never matches; a producer writing after the read does. Its
  /// own arrival counts too, and wins a tie: a write in the same timestamp tick as the claim leaves the change time,
  /// and so the claim, as it was.
  private static func arrivalWrittenSince(
    _ input: DecisionInput, db: Database
  ) throws -> (
    decision: Int64, sha256: String
  )? {
    guard input.isRetry, let claim = input.claim,
      let written = input.lastWrite.flatMap(DropDirectory.FileStamp.timeValue),
      let identity = DropDirectory.FileStamp.identityRange(ofClaim: claim)
    else { return nil }
    var latest: (decision: Int64, sha256: String, change: (Int64, Int), isOwn: Bool)?
    let rows = try Row.fetchCursor(
      db.cachedStatement(sql: earlierArrivalsSQL), arguments: [identity.lower, identity.upper, input.fileName])
    while let row = try rows.next() {
      let earlierClaim: String = row[2]
      guard let time = DropDirectory.FileStamp.changeTime(ofClaim: earlierClaim) else { continue }
      let change = (time.seconds, time.nanoseconds)
      let isOwn = earlierClaim == claim
      guard change <= written else { continue }
      if let latest, latest.change > change || (latest.change == change && (latest.isOwn || !isOwn)) { continue }
      latest = (row[0], row[1], change, isOwn)
    }
    return latest.map { ($0.decision, $0.sha256) }
  }

  private static func insert(
    _ input: DecisionInput, decidedAt: Date, fatigueWindow: TimeInterval, revisions: inout [String: RevisionRows],
    db: Database
  ) throws -> RecordedDecision {
    // A file written to after an arrival of it was decided, read again after a crash: with the same content it is
    // that receipt, touched; with other content it changed after it was read, and deciding it again would make a
    // second decision for one arrival.
    if let earlier = try arrivalWrittenSince(input, db: db) {
      var result = RecordedDecision(
        decisionID: earlier.decision, isDuplicate: true, advisoryIDs: [], linkedAdvisoryIDs: [])
      result.changedSinceDecided = earlier.sha256 != input.sha256
      return result
    }
    if let existing = try Int64.fetchOne(
      db.cachedStatement(
        sql: "SELECT d.id FROM decision d JOIN received_file f ON f.id = d.file_id WHERE f.sha256 = ?"),
      arguments: [input.sha256])
    {
      let sameReceipt =
        try Bool.fetchOne(
          db.cachedStatement(sql: sameReceiptSQL),
          arguments: [existing, input.fileName, input.claim, input.isRetry])
        == true
      if !sameReceipt {
        try db.cachedStatement(
          sql: "INSERT INTO duplicate_receipt (decision_id, name, received_at, claim) VALUES (?, ?, ?, ?)"
        ).execute(arguments: [existing, input.fileName, input.rows.receivedAt, input.claim])
      }
      return RecordedDecision(decisionID: existing, isDuplicate: true, advisoryIDs: [], linkedAdvisoryIDs: [])
    }
    let decided = StoreTime.text(decidedAt)
    try db.cachedStatement(
      sql: """
        INSERT INTO received_file (sha256, name, size, received_at, decided_at, outcome, claim)
        VALUES (?, ?, ?, ?, ?, 'decided', ?)
        """
    ).execute(arguments: [input.sha256, input.fileName, input.size, input.rows.receivedAt, decided, input.claim])
    let fileID = db.lastInsertedRowID
    let revision = try revisionRows(for: input, revisions: &revisions, db: db)
    let assessment = input.assessment
    try db.cachedStatement(
      sql: """
        INSERT INTO decision (file_id, patient_id, policy_revision_id, mme_table, total_mme, evaluated_on,
          decided_at, record, input, unit, service, risk_score, risk_unknown, load_complete)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """
    ).execute(arguments: [
      fileID, assessment.record.patient.id, revision.id, assessment.table.name, assessment.load.totalMME,
      assessment.evaluatedOn.description, decided, Data(input.rows.record), Data(input.rows.input),
      assessment.record.encounter.unit, assessment.record.encounter.service, assessment.sideEffectRisk.score,
      assessment.sideEffectRisk.unknownFactCount, assessment.load.isComplete,
    ])
    let decisionID = db.lastInsertedRowID
    let windowStart = StoreTime.text(decidedAt.addingTimeInterval(-fatigueWindow))
    var advisoryIDs: [Int64] = []
    var linked: [Int64] = []
    // The newest open advisory per rule for this patient and revision within the window: one query per decision.
    var openByRule: [String: Int64] = [:]
    if !input.advisories.isEmpty {
      let rows = try Row.fetchCursor(
        db.cachedStatement(sql: openRepeatsSQL),
        arguments: [assessment.record.patient.id, revision.id, windowStart])
      while let row = try rows.next() { openByRule[row[0]] = row[1] }
    }
    for (advisory, columns) in zip(input.advisories, input.rows.advisories) {
      guard let textID = revision.ruleTexts[advisory.ruleID] else {
        throw StoreError.damagedRecord("rule \(advisory.ruleID) has no text in revision \(input.policyRevision)")
      }
      let openID = openByRule[advisory.ruleID]
      try db.cachedStatement(
        sql: """
          INSERT INTO advisory (uuid, decision_id, rule_text_id, fill, linked_to, status) VALUES (?, ?, ?, ?, ?, ?)
          """
      ).execute(arguments: [
        Data(columns.uuid), decisionID, textID, columns.fill, openID,
        (openID == nil ? AdvisoryStatus.open : .linked).rawValue,
      ])
      advisoryIDs.append(db.lastInsertedRowID)
      if openID != nil { linked.append(db.lastInsertedRowID) }
    }
    return RecordedDecision(
      decisionID: decisionID, isDuplicate: false, advisoryIDs: advisoryIDs, linkedAdvisoryIDs: linked)
  }

  /// Records quarantined files (in one transaction).
  public func recordQuarantine(_ entries: [QuarantineEntry]) throws {
    guard !entries.isEmpty else { return }
    try writer.write { db in
      for entry in entries {
        // The row is written before the file moves. The same arrival quarantined again after a crash (its claim, or
        // for a retry the same file) is the same quarantine; a row or entry without a claim falls back, for a retry,
        // to the name, content and reason. The same bad file sent again later is a quarantine of its own.
        let identity = entry.claim.flatMap(DropDirectory.FileStamp.identityRange(ofClaim:))
        try db.cachedStatement(
          sql: """
            INSERT INTO quarantined_file (name, sha256, reason, json_path, quarantined_at, claim)
            SELECT ?1, ?2, ?3, ?4, ?5, ?6 WHERE NOT EXISTS
              (SELECT 1 FROM quarantined_file WHERE name = ?1 AND (claim = ?6
                 OR (?7 AND (claim IS NULL OR ?6 IS NULL) AND sha256 IS ?2 AND reason = ?3)
                 OR (?7 AND claim >= ?8 AND claim < ?9)))
            """
        ).execute(arguments: [
          entry.name, entry.reason.sha256, entry.reason.error, entry.reason.path, entry.reason.time, entry.claim,
          entry.isRetry, identity?.lower, identity?.upper,
        ])
      }
    }
  }

  /// The latest quarantine recorded under `name`, for a reason file lost in a crash.
  public func quarantineReason(forName name: String) throws -> QuarantineReason? {
    try read { db in
      try Row.fetchOne(
        db,
        sql: "SELECT reason, json_path, quarantined_at, sha256 FROM quarantined_file WHERE name = ? ORDER BY id DESC",
        arguments: [name]
      ).map { row in
        QuarantineReason(
          error: row["reason"], path: row["json_path"], time: row["quarantined_at"], sha256: row["sha256"])
      }
    }
  }

  /// How many times content was received again under another name.
  public func duplicateReceiptCount() throws -> Int {
    try read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM duplicate_receipt") ?? 0 }
  }

  // MARK: - Internal access for queries and reviews

  func read<T: Sendable>(_ body: @Sendable (Database) throws -> T) throws -> T {
    try writer.read(body)
  }

  func write<T: Sendable>(_ body: @Sendable (Database) throws -> T) throws -> T {
    try writer.write(body)
  }

  var now: Date { clock() }
}

// MARK: - StoreError

/// Why the store refused or failed.
public enum StoreError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The database would not promise durability.
  case unsafeDurability(String)
  /// No advisory with that id.
  case noSuchAdvisory(Int64)
  /// The review is not acceptable (reason code, note).
  case invalidReview(String)
  /// The file is corrupt or another application's database: refused untouched.
  case notSparrowDatabase(String)
  /// A stored value does not decode (a damaged or foreign row): reading stops rather than showing nothing.
  case damagedRecord(String)

  public var description: String {
    switch self {
    case .unsafeDurability(let message): "unsafe database settings: \(message)"
    case .noSuchAdvisory(let id): "no advisory \(id)"
    case .invalidReview(let message): message
    case .notSparrowDatabase(let message): message
    case .damagedRecord(let message): "the store holds a damaged record: \(message)"
    }
  }
}

// MARK: - StoreTime

/// Timestamps as ISO 8601 UTC text with milliseconds: readable, and sortable as text.
public enum StoreTime {
  static func text(_ date: Date) -> String {
    date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt))
  }

  /// The time `text` wrote, or nil.
  public static func date(_ text: String) -> Date? {
    try? Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt).parse(text)
  }

  /// The local calendar day of `date`, YYYY-MM-DD: follow-up days are the hospital's days, not UTC's.
  public static func localDay(_ date: Date) -> String {
    let parts = Calendar.current.dateComponents([.year, .month, .day], from: date)
    return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
  }
}
