// MARK: - Text rendering

extension Assessment {
  /// The assessment as a readable report: orders with daily dose, factor and MME; totals; risk facts.
  public var tableText: String {
    var lines: [String] = []
    lines.append("Patient \(record.patient.id)  evaluated on \(evaluatedOn)  MME table \(table.name)")
    lines.append("")
    let header = ["#", "ingredient", "route", "class", "status", "daily dose", "basis", "factor", "MME/day"]
    let rows = load.orders.map { order -> [String] in
      [
        String(order.index), order.ingredient, order.route.rawValue, order.drugClass.rawValue,
        order.status.rawValue,
        order.dailyDose.map { "\(MMEArithmetic.text($0.value)) \($0.unit.rawValue)" } ?? "-",
        order.isAsNeeded ? "PRN max" : "scheduled",
        order.factor.map(MMEArithmetic.text) ?? "-",
        order.mme.map(MMEArithmetic.text) ?? (order.status == .unknown ? "unknown" : "-"),
      ]
    }
    lines += TextTable.render(header: header, rows: rows)
    for order in load.orders where order.reason != nil && order.status != .notAnOpioid {
      lines.append("  [\(order.index)] \(order.trace)")
    }
    lines.append("")
    let completeness =
      load.isComplete ? "" : "  (lower bound: \(load.unknownOrders.count) opioid order(s) with MME unknown)"
    lines.append(
      "Opioid load: total \(MMEArithmetic.text(load.totalMME)) MME/day = scheduled \(MMEArithmetic.text(load.scheduledMME))"
        + " + as-needed maxima \(MMEArithmetic.text(load.asNeededMaximumMME)); driven by \(load.drivenBy.rawValue)"
        + completeness)
    lines.append("")
    lines.append("Side-effect risk: \(sideEffectRisk.level.rawValue) (score \(sideEffectRisk.score))")
    lines += sideEffectRisk.facts.map(Assessment.factLine)
    lines.append("")
    lines.append("Tolerance risk: \(toleranceRisk.level.rawValue) (score \(toleranceRisk.score))")
    lines += toleranceRisk.facts.map(Assessment.factLine)
    if !record.conversionNotes.isEmpty {
      lines.append("")
      lines.append("Conversion notes:")
      lines += record.conversionNotes.map { "  \($0)" }
    }
    if !record.ignoredFields.isEmpty {
      lines.append("")
      lines.append("Ignored fields (not used): \(record.ignoredFields.joined(separator: ", "))")
    }
    return lines.joined(separator: "\n") + "\n"
  }

  static func factLine(_ fact: Fact) -> String {
    var line = "  \(fact.name) = \(fact.value.text)"
    if !fact.evidence.isEmpty { line += "  [\(fact.evidence.joined(separator: ", "))]" }
    if let note = fact.note { line += "  (\(note))" }
    return line
  }
}
