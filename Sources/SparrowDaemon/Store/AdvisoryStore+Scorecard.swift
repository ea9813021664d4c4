import Foundation
import GRDB

// MARK: - The rule scorecard

extension AdvisoryStore {
  /// Every rule's scorecard under every revision it fired in, by rule then revision (oldest first).
  public func ruleScorecards() throws -> [RuleScorecard] {
    try read { db in
      let decisions = Dictionary(
        uniqueKeysWithValues: try Row.fetchAll(
          db, sql: "SELECT policy_revision_id, count(*) FROM decision GROUP BY 1"
        ).map { (($0[0] as Int64), ($0[1] as Int)) })
      struct Key: Hashable {
        var rule: String
        var revision: Int64
      }
      var cards: [Key: RuleScorecard] = [:]
      for row in try Row.fetchAll(
        db,
        sql: """
          SELECT t.rule_id, p.id, p.revision, p.version, sum(a.status != 'linked'), sum(a.status = 'linked'),
            sum(a.status = 'open'), sum(a.status = 'accepted'), sum(a.status = 'overridden'),
            sum(a.status = 'dismissed')
          FROM advisory a JOIN rule_text t ON t.id = a.rule_text_id JOIN decision d ON d.id = a.decision_id
            JOIN policy_revision p ON p.id = d.policy_revision_id
          GROUP BY t.rule_id, p.id
          """)
      {
        let revisionID: Int64 = row[1]
        let decided = decisions[revisionID] ?? 0
        let firings: Int = row[4]
        cards[Key(rule: row[0], revision: revisionID)] = RuleScorecard(
          ruleID: row[0], policyRevision: row[2], policyVersion: row[3], decisions: decided, firings: firings,
          suppressedRepeats: row[5], open: row[6], accepted: row[7], overridden: row[8], dismissed: row[9],
          reasons: [:], medianMinutesToFirstReview: nil, acceptedShare: nil, reviewers: 0, topReviewerShare: nil,
          firingRate: decided == 0 ? 0 : Double(firings) / Double(decided), firingRateChange: nil,
          firingRateAnomaly: false)
      }
      // Every rule of every revision has a card, fired or not: a rule that stops firing after a revision is the
      // break that matters most, and it has no advisories to show it.
      for row in try Row.fetchAll(
        db,
        sql: """
          SELECT t.rule_id, p.id, p.revision, p.version FROM rule_text t
            JOIN policy_revision p ON p.id = t.policy_revision_id
          WHERE t.literal = 0
          """)
      {
        let key = Key(rule: row[0], revision: row[1])
        guard cards[key] == nil else { continue }
        cards[key] = RuleScorecard(
          ruleID: row[0], policyRevision: row[2], policyVersion: row[3], decisions: decisions[row[1]] ?? 0,
          firings: 0, suppressedRepeats: 0, open: 0, accepted: 0, overridden: 0, dismissed: 0, reasons: [:],
          medianMinutesToFirstReview: nil, acceptedShare: nil, reviewers: 0, topReviewerShare: nil, firingRate: 0,
          firingRateChange: nil, firingRateAnomaly: false)
      }
      // The reason mix of each advisory's latest review.
      for row in try Row.fetchAll(
        db,
        sql: """
          SELECT t.rule_id, d.policy_revision_id, r.reason_code, count(*)
          FROM review r JOIN advisory a ON a.id = r.advisory_id JOIN rule_text t ON t.id = a.rule_text_id
            JOIN decision d ON d.id = a.decision_id
          WHERE r.id IN (SELECT max(id) FROM review GROUP BY advisory_id) AND r.reason_code IS NOT NULL
          GROUP BY 1, 2, 3
          """)
      {
        cards[Key(rule: row[0], revision: row[1])]?.reasons[row[2]] = row[3]
      }
      // Minutes from firing to each advisory's first review, and reviews by reviewer.
      var waits: [Key: [Double]] = [:]
      for row in try Row.fetchAll(
        db,
        sql: """
          SELECT t.rule_id, d.policy_revision_id, d.decided_at, min(r.reviewed_at)
          FROM review r JOIN advisory a ON a.id = r.advisory_id JOIN rule_text t ON t.id = a.rule_text_id
            JOIN decision d ON d.id = a.decision_id
          GROUP BY a.id
          """)
      {
        if let fired = StoreTime.date(row[2]), let reviewed = StoreTime.date(row[3]) {
          waits[Key(rule: row[0], revision: row[1]), default: []].append(reviewed.timeIntervalSince(fired) / 60)
        }
      }
      var byReviewer: [Key: [String: Int]] = [:]
      for row in try Row.fetchAll(
        db,
        sql: """
          SELECT t.rule_id, d.policy_revision_id, r.reviewer, count(*)
          FROM review r JOIN advisory a ON a.id = r.advisory_id JOIN rule_text t ON t.id = a.rule_text_id
            JOIN decision d ON d.id = a.decision_id
          GROUP BY 1, 2, 3
          """)
      {
        byReviewer[Key(rule: row[0], revision: row[1]), default: [:]][row[2]] = row[3]
      }
      for (key, minutes) in waits {
        cards[key]?.medianMinutesToFirstReview = Self.median(minutes)
      }
      for (key, reviewers) in byReviewer {
        let total = reviewers.values.reduce(0, +)
        cards[key]?.reviewers = reviewers.count
        cards[key]?.topReviewerShare = total == 0 ? nil : Double(reviewers.values.max() ?? 0) / Double(total)
      }
      for key in cards.keys {
        guard let card = cards[key] else { continue }
        let reviewed = card.accepted + card.overridden + card.dismissed
        cards[key]?.acceptedShare = reviewed == 0 ? nil : Double(card.accepted) / Double(reviewed)
      }
      // The firing-rate change from the rule's previous revision.
      let ordered = cards.keys.sorted { ($0.rule, $0.revision) < ($1.rule, $1.revision) }
      var previous: RuleScorecard?
      for key in ordered {
        guard var card = cards[key] else { continue }
        if let earlier = previous, earlier.ruleID == card.ruleID, earlier.firingRate > 0 {
          let change = card.firingRate / earlier.firingRate
          card.firingRateChange = change
          // Large enough to look at: 2× either way, over 20 decisions each, with 5 firings in one of the two.
          card.firingRateAnomaly =
            (change >= 2 || change <= 0.5) && card.decisions >= 20 && earlier.decisions >= 20
            && max(card.firings, earlier.firings) >= 5
        }
        cards[key] = card
        previous = card
      }
      return ordered.compactMap { cards[$0] }
    }
  }

  static func median(_ values: [Double]) -> Double? {
    guard !values.isEmpty else { return nil }
    let sorted = values.sorted()
    let middle = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
  }
}
