import Foundation

// MARK: - ScorecardPresenter

/// `sparrow rules stats` as a table: one line per rule and revision.
enum ScorecardPresenter {
  static func table(_ cards: [RuleScorecard]) -> String {
    guard !cards.isEmpty else { return "no advisories recorded yet\n" }
    func percent(_ share: Double?) -> String { share.map { String(format: "%.0f%%", $0 * 100) } ?? "-" }
    let header = [
      "RULE", "REVISION", "FIRED", "REPEATS", "OPEN", "ACC", "OVR", "DIS", "ACC/REV", "MEDIAN-MIN", "REVIEWERS",
      "TOP", "RATE", "CHANGE", "REASONS",
    ]
    let rows = cards.map { card -> [String] in
      [
        card.ruleID, "\(card.policyVersion) \(card.policyRevision.prefix(8))", "\(card.firings)",
        "\(card.suppressedRepeats)", "\(card.open)", "\(card.accepted)", "\(card.overridden)", "\(card.dismissed)",
        percent(card.acceptedShare), card.medianMinutesToFirstReview.map { String(format: "%.0f", $0) } ?? "-",
        "\(card.reviewers)", percent(card.topReviewerShare), String(format: "%.3f", card.firingRate),
        card.firingRateChange.map { String(format: "%.2f×", $0) + (card.firingRateAnomaly ? " CHECK" : "") } ?? "-",
        card.reasons.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map { "\($0.key) \($0.value)" }
          .joined(separator: ", "),
      ]
    }
    let widths = header.indices.map { column in
      ([header] + rows).map { $0[column].count }.max() ?? 0
    }
    return ([header] + rows).map { row in
      row.enumerated().map { column, cell in
        column == row.count - 1 ? cell : cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
      }.joined(separator: "  ").trimmingCharacters(in: .whitespaces)
    }.joined(separator: "\n") + "\n"
  }
}
