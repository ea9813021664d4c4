import Foundation
import GRDB
public import SparrowCore

// MARK: - The worklist, and what a review console records beside the triage

extension AdvisoryStore {
  /// The latest assignment of each advisory.
  static let latestAssignment = """
    SELECT advisory_id, assignee, follow_up_on FROM assignment
    WHERE id IN (SELECT max(id) FROM assignment GROUP BY advisory_id)
    """

  /// The worklist for `filter`, with `today` (YYYY-MM-DD, local) deciding which follow-ups are due.
  public func worklist(_ filter: WorklistFilter, today: String) throws -> Worklist {
    var clauses = ["a.status = ?"]
    var arguments: StatementArguments = [(filter.status ?? .open).rawValue]
    func add(_ clause: String, _ value: (any DatabaseValueConvertible)?) {
      guard let value else { return }
      clauses.append(clause)
      arguments += [value]
    }
    add("d.unit = ?", filter.unit)
    add("d.service = ?", filter.service)
    add("t.rule_id = ?", filter.ruleID)
    add("d.patient_id = ?", filter.patientID)
    if filter.assignee == WorklistFilter.unassigned {
      clauses.append("l.assignee IS NULL")
    } else {
      add("l.assignee = ?", filter.assignee)
    }
    let common = clauses.joined(separator: " AND ")
    let from = """
      FROM advisory a JOIN rule_text t ON t.id = a.rule_text_id JOIN decision d ON d.id = a.decision_id
        JOIN policy_revision p ON p.id = d.policy_revision_id LEFT JOIN (\(Self.latestAssignment)) l ON l.advisory_id = a.id
      """
    var itemClauses = common
    var itemArguments = arguments
    if let indicator = filter.indicator {
      itemClauses += " AND t.indicator = ?"
      itemArguments += [indicator.rawValue]
    }
    if !filter.includeWaiting {
      itemClauses += " AND (l.follow_up_on IS NULL OR l.follow_up_on <= ?)"
      itemArguments += [today]
    }
    if filter.onlyDue {
      itemClauses += " AND l.follow_up_on IS NOT NULL AND l.follow_up_on <= ?"
      itemArguments += [today]
    }
    let itemSQL = """
      SELECT a.id, a.uuid, a.decision_id, a.rule_text_id, a.fill, a.linked_to, a.status, t.text_json, d.patient_id,
        d.decided_at, d.mme_table, d.record, p.name AS policy_name, p.version AS policy_version,
        p.revision AS policy_revision, d.unit, d.service, d.risk_score, d.risk_unknown, d.load_complete, d.total_mme,
        l.assignee, l.follow_up_on
      \(from) WHERE \(itemClauses)
      ORDER BY CASE t.indicator WHEN 'critical' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END,
        (l.follow_up_on IS NOT NULL AND l.follow_up_on <= ?) DESC, coalesce(d.risk_score, 1000) DESC,
        d.total_mme DESC, d.decided_at, a.id
      LIMIT \(max(1, min(filter.limit, 5_000)))
      """
    itemArguments += [today]
    let countSQL = """
      SELECT t.indicator, (l.follow_up_on IS NOT NULL AND l.follow_up_on <= ?) AS due,
        (l.follow_up_on IS NOT NULL AND l.follow_up_on > ?) AS waiting, l.assignee IS NULL AS unassigned, count(*)
      \(from) WHERE \(common)
      GROUP BY 1, 2, 3, 4
      """
    var countArguments: StatementArguments = [today, today]
    countArguments += arguments
    let (items, counts) = (itemArguments, countArguments)
    return try read { db in
      var decoder = AdvisoryRowDecoder()
      let rows = try Row.fetchAll(db, sql: itemSQL, arguments: items).map { row in
        try Self.worklistItem(row, decoder: &decoder, today: today)
      }
      var tally = Worklist.Counts()
      for row in try Row.fetchAll(db, sql: countSQL, arguments: counts) {
        let count: Int = row[4]
        if row[2] {
          tally.waiting += count
        } else {
          switch Indicator(rawValue: row[0]) {
          case .critical: tally.critical += count
          case .warning: tally.warning += count
          case .info: tally.info += count
          case nil: break
          }
          if row[3] { tally.unassigned += count }
        }
        if row[1] { tally.followUpDue += count }
      }
      func distinct(_ sql: String) throws -> [String] { try String.fetchAll(db, sql: sql) }
      return Worklist(
        items: rows, counts: tally, today: today,
        units: try distinct("SELECT DISTINCT unit FROM decision WHERE unit IS NOT NULL ORDER BY 1"),
        services: try distinct("SELECT DISTINCT service FROM decision WHERE service IS NOT NULL ORDER BY 1"),
        rules: try distinct("SELECT DISTINCT rule_id FROM rule_text ORDER BY 1"),
        assignees: try distinct("SELECT DISTINCT assignee FROM assignment WHERE assignee IS NOT NULL ORDER BY 1"))
    }
  }

  static func worklistItem(_ row: Row, decoder: inout AdvisoryRowDecoder, today: String) throws -> Worklist.Item {
    let advisory = try decoder.advisory(row)
    let followUp: String? = row["follow_up_on"]
    return Worklist.Item(
      id: advisory.id, ruleID: advisory.ruleID, indicator: advisory.indicator, status: advisory.status,
      summary: advisory.summary, patientID: advisory.patientID, unit: row["unit"], service: row["service"],
      createdAt: advisory.createdAt, riskScore: row["risk_score"], riskUnknown: row["risk_unknown"],
      totalMME: row["total_mme"], mmeComplete: loadComplete(row),
      assignee: row["assignee"], followUpOn: followUp, followUpDue: followUp.map { $0 <= today } ?? false)
  }

  // MARK: - Recording beside the triage

  /// Records `reviewer`'s first opening of an advisory (later openings by the same reviewer change nothing).
  public func recordOpening(
    advisoryID: Int64, reviewer: String, channel: ReviewChannel, assertedBy: String? = nil
  ) throws {
    let openedAt = StoreTime.text(now)
    try write { db in
      try Self.requireAdvisory(advisoryID, db)
      try db.execute(
        sql: """
          INSERT INTO advisory_opening (advisory_id, reviewer, channel, asserted_by, opened_at) VALUES (?, ?, ?, ?, ?)
          ON CONFLICT DO NOTHING
          """, arguments: [advisoryID, reviewer, channel.rawValue, assertedBy, openedAt])
    }
  }

  /// Assigns an advisory (or clears its assignee) and sets or clears its follow-up day.
  @discardableResult
  public func assign(
    advisoryID: Int64, assignee: String?, followUpOn: String?, by assignedBy: String, channel: ReviewChannel,
    assertedBy: String? = nil
  ) throws -> AssignmentRecord {
    // Nil clears the assignee; a name blank once trimmed is refused, not taken for nil.
    let assignee = assignee?.trimmingCharacters(in: .whitespaces)
    if let assignee {
      try Self.checkName(assignee, what: "assignee")
    }
    if let followUpOn, CalendarDate(parsing: followUpOn) == nil || followUpOn.count != 10 {
      throw StoreError.invalidReview("follow-up day '\(followUpOn)' is not a date YYYY-MM-DD")
    }
    let record = AssignmentRecord(
      advisoryID: advisoryID, assignee: assignee, followUpOn: followUpOn,
      assignedBy: assignedBy, channel: channel, assignedAt: StoreTime.text(now))
    try write { db in
      try Self.requireAdvisory(advisoryID, db)
      try db.execute(
        sql: """
          INSERT INTO assignment (advisory_id, assignee, follow_up_on, assigned_by, channel, asserted_by, assigned_at)
          VALUES (?, ?, ?, ?, ?, ?, ?)
          """,
        arguments: [
          advisoryID, record.assignee, record.followUpOn, assignedBy, channel.rawValue, assertedBy, record.assignedAt,
        ])
    }
    return record
  }

  /// Records an intervention and the prescriber's response, apart from the triage.
  @discardableResult
  public func recordIntervention(
    advisoryID: Int64, kind: InterventionKind, response: PrescriberResponse, minutes: Int?, note: String?,
    by recordedBy: String, channel: ReviewChannel, assertedBy: String? = nil
  ) throws -> InterventionRecord {
    let note = note?.trimmingCharacters(in: .whitespacesAndNewlines)
    if let minutes, !(0...1_440).contains(minutes) {
      throw StoreError.invalidReview("minutes spent must be from 0 to 1440; got \(minutes)")
    }
    if let note, note.count > 2_000 {
      throw StoreError.invalidReview("note is \(note.count) characters; the limit is 2000")
    }
    let recordedAt = StoreTime.text(now)
    return try write { db in
      try Self.requireAdvisory(advisoryID, db)
      try db.execute(
        sql: """
          INSERT INTO intervention (advisory_id, kind, response, minutes, note, recorded_by, channel, asserted_by,
            recorded_at)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
          """,
        arguments: [
          advisoryID, kind.rawValue, response.rawValue, minutes, (note ?? "").isEmpty ? nil : note, recordedBy,
          channel.rawValue, assertedBy, recordedAt,
        ])
      return InterventionRecord(
        id: db.lastInsertedRowID, advisoryID: advisoryID, kind: kind, response: response, minutes: minutes,
        note: (note ?? "").isEmpty ? nil : note, recordedBy: recordedBy, channel: channel, recordedAt: recordedAt)
    }
  }

  /// An advisory's interventions, assignments and first openings, oldest first.
  public func followUp(advisoryID: Int64) throws -> AdvisoryFollowUp {
    try read { db in
      let interventions = try Row.fetchAll(
        db, sql: "SELECT * FROM intervention WHERE advisory_id = ? ORDER BY id", arguments: [advisoryID]
      ).map { row in
        InterventionRecord(
          id: row["id"], advisoryID: row["advisory_id"],
          kind: try Self.decoded(InterventionKind.self, row["kind"]),
          response: try Self.decoded(PrescriberResponse.self, row["response"]), minutes: row["minutes"],
          note: row["note"], recordedBy: row["recorded_by"],
          channel: try Self.decoded(ReviewChannel.self, row["channel"]),
          recordedAt: row["recorded_at"])
      }
      let assignments = try Row.fetchAll(
        db, sql: "SELECT * FROM assignment WHERE advisory_id = ? ORDER BY id", arguments: [advisoryID]
      ).map { row in
        AssignmentRecord(
          advisoryID: row["advisory_id"], assignee: row["assignee"], followUpOn: row["follow_up_on"],
          assignedBy: row["assigned_by"], channel: try Self.decoded(ReviewChannel.self, row["channel"]),
          assignedAt: row["assigned_at"])
      }
      let openings = try Row.fetchAll(
        db, sql: "SELECT * FROM advisory_opening WHERE advisory_id = ? ORDER BY opened_at, reviewer",
        arguments: [advisoryID]
      ).map { row in
        AdvisoryOpening(
          reviewer: row["reviewer"], channel: try Self.decoded(ReviewChannel.self, row["channel"]),
          openedAt: row["opened_at"])
      }
      return AdvisoryFollowUp(interventions: interventions, assignments: assignments, openings: openings)
    }
  }

  /// The patient's decisions over time: when, the total MME/day and whether every opioid was counted.
  public func mmeHistory(patientID: String, limit: Int = 60) throws -> [MMEPoint] {
    try read { db in
      try Row.fetchAll(
        db,
        sql: """
          SELECT id, decided_at, total_mme, load_complete FROM decision WHERE patient_id = ?
          ORDER BY decided_at DESC, id DESC LIMIT ?
          """, arguments: [patientID, limit]
      ).reversed().map { row in
        // Read from its column, as the worklist does (no record to inflate).
        MMEPoint(
          decisionID: row["id"], decidedAt: row["decided_at"], totalMME: row["total_mme"],
          complete: Self.loadComplete(row))
      }
    }
  }

  /// The unit and service a decision's record named.
  public func encounter(decisionID: Int64) throws -> Encounter {
    try read { db in
      let row = try Row.fetchOne(db, sql: "SELECT unit, service FROM decision WHERE id = ?", arguments: [decisionID])
      return Encounter(unit: row?["unit"], service: row?["service"])
    }
  }

  // MARK: - Shift handover

  /// A unit's open items in the handover's three buckets.
  public func handover(unit: String, today: String) throws -> Handover {
    var filter = WorklistFilter()
    filter.unit = unit
    filter.includeWaiting = true
    filter.limit = 5_000
    let open = try worklist(filter, today: today).items
    filter.status = .accepted
    let accepted = try worklist(filter, today: today).items
    return try read { db in
      let last = try Row.fetchOne(
        db, sql: "SELECT acknowledged_by, acknowledged_at FROM handover WHERE unit = ? ORDER BY id DESC LIMIT 1",
        arguments: [unit])
      let since: String? = last?["acknowledged_at"]
      // Each advisory's latest prescriber response.
      var responses: [Int64: String] = [:]
      for row in try Row.fetchAll(
        db,
        sql: """
          SELECT advisory_id, response FROM intervention WHERE id IN (SELECT max(id) FROM intervention GROUP BY advisory_id)
          """)
      {
        responses[row[0]] = row[1]
      }
      var handover = Handover(
        callToAction: [], forInformation: [], carriedOver: [], unit: unit, lastAcknowledgedBy: last?["acknowledged_by"],
        lastAcknowledgedAt: since)
      for item in open where !(item.followUpOn.map { $0 > today } ?? false) {
        if item.followUpDue || since.map({ item.createdAt <= $0 }) == true {
          handover.carriedOver.append(item)
        } else if item.indicator == .info {
          handover.forInformation.append(item)
        } else {
          handover.callToAction.append(item)
        }
      }
      // Accepted, but nothing recorded with the prescriber yet, or the response still pending: a task to chase.
      handover.carriedOver += accepted.filter { item in
        guard let response = responses[item.id] else { return true }
        return response == PrescriberResponse.pending.rawValue
      }
      return handover
    }
  }

  /// Records that `reviewer` received the unit's handover: the items they were shown (`shown`). If an open item
  /// of the unit is not among them (it fired after the page was drawn), nothing is recorded, so nobody
  /// acknowledges an item they did not see.
  @discardableResult
  public func acknowledgeHandover(
    unit: String, shown: [Int64], by reviewer: String, channel: ReviewChannel, today: String,
    assertedBy: String? = nil
  ) throws -> Handover {
    try Self.checkName(unit, what: "unit")
    let current = try handover(unit: unit, today: today)
    let seen = Set(shown)
    let items: [String: [Int64]] = [
      "callToAction": current.callToAction.map(\.id).filter(seen.contains),
      "forInformation": current.forInformation.map(\.id).filter(seen.contains),
      "carriedOver": current.carriedOver.map(\.id).filter(seen.contains),
    ]
    let json = String(decoding: try JSONEncoder.sorted.encode(items), as: UTF8.self)
    let at = StoreTime.text(now)
    try write { db in
      let open = try Int64.fetchAll(
        db,
        sql: """
          SELECT a.id FROM advisory a JOIN decision d ON d.id = a.decision_id
            LEFT JOIN (\(Self.latestAssignment)) l ON l.advisory_id = a.id
          WHERE d.unit = ? AND a.status = 'open' AND (l.follow_up_on IS NULL OR l.follow_up_on <= ?)
          """, arguments: [unit, today])
      let unseen = open.filter { !seen.contains($0) }
      guard unseen.isEmpty else {
        throw StoreError.invalidReview(
          "the handover of \(unit) has changed since it was shown (\(unseen.count) new open item(s)); reload it and acknowledge again"
        )
      }
      try db.execute(
        sql: """
          INSERT INTO handover (unit, acknowledged_by, channel, asserted_by, acknowledged_at, items)
          VALUES (?, ?, ?, ?, ?, ?)
          """,
        arguments: [unit, reviewer, channel.rawValue, assertedBy, at, json])
    }
    return current
  }

  // MARK: - Helpers

  /// Whether a decision row's MME/day counted every opioid; a NULL (not known) is a lower bound, never complete.
  static func loadComplete(_ row: Row) -> Bool { (row["load_complete"] as Bool?) ?? false }

  static func requireAdvisory(_ id: Int64, _ db: Database) throws {
    guard try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM advisory WHERE id = ?)", arguments: [id]) == true
    else { throw StoreError.noSuchAdvisory(id) }
  }

  static func checkName(_ name: String, what: String) throws {
    guard PersonName.isValid(name), name != WorklistFilter.unassigned else {
      throw StoreError.invalidReview(
        "\(what) must be 1 to \(PersonName.maxLength) characters, not '\(WorklistFilter.unassigned)', without control or format characters"
      )
    }
  }

  static func decoded<T: RawRepresentable>(_ type: T.Type, _ raw: String) throws -> T where T.RawValue == String {
    guard let value = T(rawValue: raw) else {
      throw StoreError.damagedRecord("'\(raw)' is not a known \(type)")
    }
    return value
  }
}

// MARK: - JSONEncoder+Sorted

extension JSONEncoder {
  /// Sorted keys: the same value always encodes to the same bytes.
  static var sorted: JSONEncoder {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    return encoder
  }
}
