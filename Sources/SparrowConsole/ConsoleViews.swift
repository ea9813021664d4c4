import Foundation
import SparrowCore
import SparrowDaemon

// MARK: - ConsoleViews

/// The values each template renders, made from what the daemon answered.
enum ConsoleViews {
  typealias View = [String: Any]

  static func compact(_ object: [String: Any?]) -> View { ConsolePage.compact(object) }

  // MARK: Worklist

  static func worklist(_ list: Worklist, filter: WorklistFilter, user: String, now: Date) -> View {
    var base = filter
    base.indicator = nil
    func link(_ change: (inout WorklistFilter) -> Void) -> String {
      var target = base
      change(&target)
      return "/?" + query(target)
    }
    let buckets: [View] = [
      [
        "kind": "critical", "label": "Critical", "count": list.counts.critical,
        "href": link { $0.indicator = .critical },
      ],
      ["kind": "warning", "label": "Warning", "count": list.counts.warning, "href": link { $0.indicator = .warning }],
      ["kind": "info", "label": "Information", "count": list.counts.info, "href": link { $0.indicator = .info }],
      ["kind": "due", "label": "Follow-up due", "count": list.counts.followUpDue, "href": link { $0.onlyDue = true }],
      [
        "kind": "waiting", "label": "Waiting for follow-up", "count": list.counts.waiting,
        "href": link { $0.includeWaiting = true },
      ],
      [
        "kind": "unassigned", "label": "Unassigned", "count": list.counts.unassigned,
        "href": link { $0.assignee = WorklistFilter.unassigned },
      ],
    ]
    func options(_ values: [(String, String)], selected: String?) -> [View] {
      values.map { ["value": $0.0, "text": $0.1, "selected": $0.0 == selected] }
    }
    let filters: [View] = [
      ["label": "Unit", "name": "unit", "options": options(list.units.map { ($0, $0) }, selected: filter.unit)],
      [
        "label": "Service", "name": "service",
        "options": options(list.services.map { ($0, $0) }, selected: filter.service),
      ],
      ["label": "Rule", "name": "rule", "options": options(list.rules.map { ($0, $0) }, selected: filter.ruleID)],
      [
        "label": "Severity", "name": "indicator",
        "options": options(
          Indicator.allCases.reversed().map { ($0.rawValue, $0.rawValue) }, selected: filter.indicator?.rawValue),
      ],
      [
        "label": "Status", "name": "status",
        "options": options(
          AdvisoryStatus.allCases.map { ($0.rawValue, $0.rawValue) }, selected: filter.status?.rawValue),
      ],
      [
        "label": "Assignee", "name": "assignee",
        "options": options(
          [(user, "me (\(user))"), (WorklistFilter.unassigned, "nobody")]
            + list.assignees.filter { $0 != user }.map { ($0, $0) }, selected: filter.assignee),
      ],
    ]
    // One patient's items together, the groups in the order of their most urgent item.
    var order: [String] = []
    var byPatient: [String: [Worklist.Item]] = [:]
    for item in list.items {
      if byPatient[item.patientID] == nil { order.append(item.patientID) }
      byPatient[item.patientID, default: []].append(item)
    }
    let groups: [View] = order.map { patient in
      let items = byPatient[patient] ?? []
      return ["patientID": patient, "count": items.count, "items": items.map { item(for: $0, now: now) }]
    }
    return [
      "buckets": buckets, "filters": filters, "groups": groups, "hasGroups": !groups.isEmpty,
      "includeWaiting": filter.includeWaiting,
    ]
  }

  static func item(for item: Worklist.Item, now: Date) -> View {
    compact([
      "id": String(item.id), "indicator": item.indicator.rawValue, "summary": item.summary, "ruleID": item.ruleID,
      "place": [item.unit ?? "unit not sent", item.service ?? "service not sent"].joined(separator: " · "),
      "mme": (item.mmeComplete ? "" : "≥") + ConsoleFormat.number(item.totalMME),
      "risk": (item.riskScore.map(String.init) ?? "unknown")
        + (item.riskUnknown.map { $0 > 0 ? " (\($0) unknown)" : "" } ?? ""),
      "age": ConsoleFormat.age(item.createdAt, now: now), "assignee": item.assignee,
      "followUpDue": item.followUpDue, "patientID": item.patientID, "status": item.status.rawValue,
    ])
  }

  /// `unit=…` for the handover page.
  static func query(unitOnly unit: String) -> String {
    var filter = WorklistFilter()
    filter.unit = unit
    return query(filter)
  }

  /// A filter as the worklist's query string.
  static func query(_ filter: WorklistFilter) -> String {
    let pairs: [(String, String?)] = [
      ("unit", filter.unit), ("service", filter.service), ("rule", filter.ruleID),
      ("indicator", filter.indicator?.rawValue), ("status", filter.status?.rawValue), ("assignee", filter.assignee),
      ("waiting", filter.includeWaiting ? "1" : nil), ("due", filter.onlyDue ? "1" : nil),
    ]
    var allowed = CharacterSet.urlQueryAllowed
    allowed.remove(charactersIn: "&=+#")
    return pairs.compactMap { name, value in
      value.map { "\(name)=\($0.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }
    }.joined(separator: "&")
  }

  // MARK: Advisory

  static func advisory(_ dossier: DossierView, user: String) -> View {
    let card = dossier.advisory
    let latestAssignment = dossier.followUp.assignments.last
    let orders: [View] = card.assessment.orders.map { order in
      compact([
        "index": String(order.index + 1), "name": order.name, "ingredient": order.ingredient ?? "unknown ingredient",
        "route": order.route ?? "route not sent",
        "dose": order.dailyDose.map { "\(ConsoleFormat.number($0.value)) \($0.unit)" } ?? "unknown",
        "basis": order.dailyDose.map { $0.derivation ?? $0.basis },
        "factor": order.factor.map(ConsoleFormat.number) ?? (order.class == "opioid" ? "unknown" : "–"),
        "mme": order.mme.map(ConsoleFormat.number) ?? (order.class == "opioid" ? "unknown" : "–"),
        "status": order.status, "reason": order.reason,
      ])
    }
    let facts: [View] = card.facts.map { fact in
      var value = fact.value.description
      if fact.name == FactName.loadTotalMME.rawValue && !card.assessment.load.complete {
        value = "≥\(value) (a lower bound: some opioid's MME is unknown)"
      }
      return compact([
        "name": fact.name, "value": value, "valueClass": value == "unknown" ? "unknown" : "known",
        "note": fact.note, "evidence": fact.evidence,
      ])
    }
    let reviews: [View] = card.reviews.map { review in
      compact([
        "reviewedAt": ConsoleFormat.time(review.reviewedAt), "action": review.action, "reviewer": review.reviewer,
        "channel": review.channel ?? "cli", "reason": review.reason, "note": review.note,
      ])
    }
    let interventions: [View] = dossier.followUp.interventions.map { record in
      compact([
        "recordedAt": ConsoleFormat.time(record.recordedAt), "kind": record.kind.label,
        "response": record.response.label, "recordedBy": record.recordedBy, "minutes": record.minutes.map(String.init),
        "note": record.note,
      ])
    }
    let assignments: [View] = dossier.followUp.assignments.map { record in
      compact([
        "assignedAt": ConsoleFormat.time(record.assignedAt), "assignee": record.assignee ?? "nobody",
        "assignedBy": record.assignedBy, "followUpOn": record.followUpOn,
      ])
    }
    let openings: [View] = dossier.followUp.openings.map { opening in
      [
        "reviewer": opening.reviewer, "openedAt": ConsoleFormat.time(opening.openedAt),
        "channel": opening.channel.rawValue,
      ]
    }
    let load = card.assessment.load
    let values = compact([
      "id": String(card.id), "indicator": card.indicator, "summary": card.summary, "patientID": card.patientId,
      "place": [dossier.unit ?? "unit not sent", dossier.service ?? "service not sent"].joined(separator: " · "),
      "status": card.status,
      "createdAt": ConsoleFormat.time(card.createdAt), "linkedTo": card.linkedTo.map(String.init),
      "orders": orders, "totalMME": ConsoleFormat.number(load.totalMME),
      "loadNote": load.complete
        ? "every opioid order received was counted" : "a lower bound: some opioid's MME is unknown",
      "facts": facts, "matchedInputs": card.matchedInputs, "hasMatched": !card.matchedInputs.isEmpty,
      "ruleID": card.ruleId, "policyName": card.policy.name, "policyVersion": card.policy.version,
      "policyRevision": card.policy.revision, "mmeTable": card.mmeTable, "sourceLabel": card.source.label,
      "sourceURL": card.source.url.flatMap { $0.hasPrefix("https://") ? $0 : nil }, "fileName": card.file.name,
      "fileSHA256": card.file.sha256, "plot": plot(dossier.mmeHistory, current: card.decisionId),
      "reasons": card.overrideReasons.map { ["code": $0.code, "display": $0.display] },
      "kinds": InterventionKind.allCases.map { ["value": $0.rawValue, "label": $0.label] },
      "responses": PrescriberResponse.allCases.map { ["value": $0.rawValue, "label": $0.label] },
      "assigneeValue": latestAssignment?.assignee ?? user, "followUpValue": latestAssignment?.followUpOn ?? "",
      "detail": card.detail,
      "suggestions": card.suggestions.map { compact(["label": $0.label, "explanation": $0.detail]) },
      "hasSuggestions": !card.suggestions.isEmpty, "openings": openings, "reviews": reviews,
      "interventions": interventions, "assignments": assignments,
    ])
    return ["card": values]
  }

  /// The MME/day plot: one dot per decision (hollow where the total is a lower bound), with CDC's 50 and 90
  /// MME/day lines. Nil with fewer than two decisions.
  static func plot(_ points: [MMEPoint], current: Int64) -> View? {
    guard points.count >= 2 else { return nil }
    let width = 640.0
    let height = 180.0
    let left = 40.0
    let right = width - 10
    let top = 10.0
    let bottom = height - 24
    let highest = max(100, (points.map(\.totalMME).max() ?? 0) * 1.1)
    func y(_ mme: Double) -> Double { bottom - (bottom - top) * mme / highest }
    // Spaced by time when the decisions span time; by order when they were all made at once.
    let times = points.map { StoreTime.date($0.decidedAt)?.timeIntervalSince1970 ?? 0 }
    let span = (times.max() ?? 0) - (times.min() ?? 0)
    func x(_ index: Int) -> Double {
      let fraction =
        span > 0 ? (times[index] - (times.min() ?? 0)) / span : Double(index) / Double(points.count - 1)
      return left + (right - left) * fraction
    }
    func format(_ value: Double) -> String { String(format: "%.1f", value) }
    let dots: [View] = points.enumerated().map { index, point in
      let value = ConsoleFormat.number(point.totalMME) + (point.complete ? "" : " (lower bound)")
      return [
        "x": format(x(index)), "y": format(y(point.totalMME)),
        "kind": (point.complete ? "dot" : "dot lower-bound") + (point.decisionID == current ? " current" : ""),
        "label": "\(ConsoleFormat.time(point.decidedAt)): \(value) MME/day",
        "when": ConsoleFormat.time(point.decidedAt),
        "value": value,
      ]
    }
    return [
      "width": format(width), "height": format(height), "count": points.count, "left": format(left),
      "right": format(right), "bottomLabel": format(height - 6),
      "points": points.enumerated().map { "\(format(x($0.offset))),\(format(y($0.element.totalMME)))" }
        .joined(separator: " "),
      "dots": dots,
      "guides": [50.0, 90.0].map {
        ["y": format(y($0)), "left": format(left), "right": format(right), "label": "\(Int($0)) MME/day"]
      },
      "first": ConsoleFormat.time(points.first?.decidedAt ?? ""),
      "last": ConsoleFormat.time(points.last?.decidedAt ?? ""),
    ]
  }

  // MARK: Handover

  static func handover(_ handover: Handover?, units: [String], selected: String?, now: Date) -> View {
    var values: View = ["units": units.map { ["value": $0, "selected": $0 == selected] }]
    if let handover {
      let sections: [View] = [
        ("call-to-action", "Call to action", handover.callToAction),
        ("for-information", "For information", handover.forInformation),
        ("carried-over", "Carried over", handover.carriedOver),
      ].map { kind, title, items in
        ["kind": kind, "title": title, "count": items.count, "items": items.map { item(for: $0, now: now) }]
      }
      let shown = (handover.callToAction + handover.forInformation + handover.carriedOver).map { String($0.id) }
      values["view"] = compact([
        "unit": handover.unit, "sections": sections, "items": shown.joined(separator: ","),
        "lastAcknowledgedBy": handover.lastAcknowledgedBy,
        "lastAcknowledgedAt": handover.lastAcknowledgedAt.map(ConsoleFormat.time),
      ])
    }
    return values
  }

  // MARK: Scorecard

  static func scorecard(_ cards: [RuleScorecard]) -> View {
    let rows: [View] = cards.map { card in
      [
        "ruleID": card.ruleID, "version": card.policyVersion, "revision": String(card.policyRevision.prefix(12)),
        "firings": card.firings, "repeats": card.suppressedRepeats, "open": card.open, "accepted": card.accepted,
        "overridden": card.overridden, "dismissed": card.dismissed,
        "acceptedShare": ConsoleFormat.percent(card.acceptedShare),
        "medianMinutes": card.medianMinutesToFirstReview.map { String(format: "%.0f", $0) } ?? "–",
        "reviewers": card.reviewers, "topShare": ConsoleFormat.percent(card.topReviewerShare),
        "rate": String(format: "%.3f", card.firingRate),
        "change": card.firingRateChange.map { String(format: "%.2f×", $0) + (card.firingRateAnomaly ? " — check" : "") }
          ?? "first revision",
        "anomaly": card.firingRateAnomaly,
        "reasons": card.reasons.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map { "\($0.key) \($0.value)" }
          .joined(separator: ", "),
      ]
    }
    return ["cards": rows, "hasCards": !rows.isEmpty]
  }
}
