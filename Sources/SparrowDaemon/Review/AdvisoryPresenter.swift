import SparrowCore

// MARK: - AdvisoryPresenter

/// Renders stored advisories for pharmacists (table, JSON, CSV) and for other systems (CDS Hooks, FHIR R4).
enum AdvisoryPresenter {
  // MARK: - List

  static func table(_ advisories: [StoredAdvisory]) -> String {
    guard !advisories.isEmpty else { return "no advisories match\n" }
    let rows = advisories.map { advisory in
      [
        String(advisory.id), String(advisory.createdAt.prefix(16)).replacingT(), advisory.status.rawValue,
        advisory.indicator.rawValue, advisory.ruleID, advisory.patientID, advisory.summary,
      ]
    }
    return TextTable.render(
      header: ["id", "created (UTC)", "status", "indicator", "rule", "patient", "summary"], rows: rows
    ).joined(separator: "\n") + "\n"
  }

  static func json(_ advisories: [StoredAdvisory]) -> String {
    JSONWriter.prettyString(.array(advisories.map(advisoryJSON)))
  }

  static let csvHeader = [
    "id", "uuid", "created_at", "status", "indicator", "rule_id", "patient_id", "summary", "policy_name",
    "policy_version", "policy_revision", "mme_table", "linked_to",
  ]

  static func csv(_ advisories: [StoredAdvisory]) -> String {
    let rows = advisories.map { advisory in
      [
        String(advisory.id), advisory.uuid, advisory.createdAt, advisory.status.rawValue, advisory.indicator.rawValue,
        advisory.ruleID,
        advisory.patientID, advisory.summary, advisory.policyName, advisory.policyVersion, advisory.policyRevision,
        advisory.mmeTable, advisory.linkedTo.map(String.init) ?? "",
      ]
    }
    return ([csvHeader] + rows).map { $0.map(csvField).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
  }

  /// RFC 4180: quote fields with commas, quotes or line breaks; double the quotes.
  static func csvField(_ text: String) -> String {
    guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
    return "\"" + text.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\""
  }

  static func advisoryJSON(_ advisory: StoredAdvisory) -> JSONValue {
    .object(
      JSONObject([
        ("id", .number(Double(advisory.id))), ("uuid", .string(advisory.uuid)),
        ("createdAt", .string(advisory.createdAt)), ("status", .string(advisory.status.rawValue)),
        ("indicator", .string(advisory.indicator.rawValue)), ("ruleId", .string(advisory.ruleID)),
        ("patientId", .string(advisory.patientID)), ("summary", .string(advisory.summary)),
        ("detail", .string(advisory.detail)),
        (
          "source",
          advisory.source.json
        ),
        ("suggestions", advisory.advisory.suggestionsJSON), ("overrideReasons", advisory.advisory.overrideReasonsJSON),
        ("facts", .array(advisory.advisory.facts.map(Assessment.factJSON))),
        ("matchedInputs", advisory.advisory.matchedInputsJSON),
        (
          "policy",
          PolicyIdentity(name: advisory.policyName, version: advisory.policyVersion, revision: advisory.policyRevision)
            .json
        ),
        ("mmeTable", .string(advisory.mmeTable)), ("decisionId", .number(Double(advisory.decisionID))),
        ("linkedTo", advisory.linkedTo.map { .number(Double($0)) } ?? .null),
      ]))
  }

  // MARK: - Show

  static func detailJSON(_ detail: AdvisoryDetail) -> String {
    JSONWriter.prettyString(detailValue(detail))
  }

  /// `show --format json`'s object: the card, its file, the decision's assessment and the reviews.
  static func detailValue(_ detail: AdvisoryDetail) -> JSONValue {
    guard case .object(var object) = advisoryJSON(detail.advisory) else { return .null }
    object["file"] = .object(JSONObject([("name", .string(detail.fileName)), ("sha256", .string(detail.fileSHA256))]))
    object["assessment"] = detail.assessment
    object["reviews"] = .array(detail.reviews.map(reviewJSON))
    return .object(object)
  }

  static func reviewJSON(_ review: StoredReview) -> JSONValue {
    var object = JSONObject([
      ("id", .number(Double(review.id))), ("reviewer", .string(review.reviewer)),
      ("reviewerUid", .number(Double(review.reviewerUID))), ("action", .string(review.action)),
      ("reason", review.reasonCode.map(JSONValue.string) ?? .null),
      ("note", review.note.map(JSONValue.string) ?? .null),
      ("reviewedAt", .string(review.reviewedAt)),
    ])
    // Command-line reviews print as they always did; a console review says so, and who asserted the reviewer.
    if review.channel != .cli {
      object["channel"] = .string(review.channel.rawValue)
      object["assertedBy"] = review.assertedBy.map(JSONValue.string) ?? .null
    }
    return .object(object)
  }

  static func detailText(_ detail: AdvisoryDetail) -> String {
    let advisory = detail.advisory
    var lines = [
      "Advisory \(advisory.id)  [\(advisory.indicator.rawValue)]  \(advisory.status.rawValue)"
        + (advisory.linkedTo.map { "  (repeat of \($0))" } ?? ""),
      "rule      \(advisory.ruleID)",
      "patient   \(advisory.patientID)",
      "created   \(advisory.createdAt)",
      "policy    \(advisory.policyName) \(advisory.policyVersion), revision \(advisory.policyRevision)",
      "MME table \(advisory.mmeTable)",
      "file      \(detail.fileName)  sha256 \(detail.fileSHA256)",
      "",
      advisory.summary,
      "",
      PlainText.paragraphs(advisory.detail),
      "",
      "Orders:",
    ]
    if case .object(let assessment) = detail.assessment, case .array(let orders) = assessment["orders"] {
      for order in orders {
        guard case .object(let fields) = order, case .string(let trace) = fields["trace"] else { continue }
        lines.append("  \(trace)")
      }
      if case .object(let load) = assessment["load"], case .number(let total) = load["totalMME"] {
        lines.append("  total \(MMEArithmetic.text(total)) MME/day")
      }
    }
    lines.append("Facts used:")
    for fact in advisory.advisory.facts {
      let value = JSONWriter.compactString(fact.value.json)
      let evidence = fact.evidence.isEmpty ? "" : "  [" + fact.evidence.joined(separator: ", ") + "]"
      lines.append("  \(fact.name) = \(value)\(evidence)")
    }
    let matched = advisory.advisory.matchedInputs
    if !matched.isEmpty {
      lines.append("Matched inputs: " + matched.map { JSONWriter.compactString(.string($0)) }.joined(separator: ", "))
    }
    lines.append("Suggestions:")
    for suggestion in advisory.advisory.suggestions { lines.append("  - \(suggestion.label)") }
    lines.append("Source: \(advisory.source.text)")
    lines.append("Reasons: " + (advisory.reasonCodes + ["other"]).joined(separator: ", "))
    lines.append("Reviews:")
    if detail.reviews.isEmpty { lines.append("  none") }
    for review in detail.reviews {
      var line =
        review.channel == .cli
        ? "  \(review.reviewedAt)  \(review.reviewer) (uid \(review.reviewerUID))  \(review.action)"
        : "  \(review.reviewedAt)  \(review.reviewer) (\(review.channel.rawValue), asserted by \(review.assertedBy ?? "?"))  \(review.action)"
      if let reason = review.reasonCode { line += "  reason \(reason)" }
      if let note = review.note { line += "  note: \(note)" }
      lines.append(line)
    }
    return lines.joined(separator: "\n") + "\n"
  }

  // MARK: - Export

  static let reasonSystem = "urn:sparrow:override-reason"

  /// CDS Hooks 2.0 response: `{"cards": [...]}`.
  static func cdsHooks(_ advisories: [StoredAdvisory]) -> String {
    let cards = advisories.map { advisory -> JSONValue in
      var card = JSONObject([
        ("uuid", .string(advisory.uuid)),
        ("summary", .string(String(advisory.summary.prefix(139)))),
        ("indicator", .string(advisory.indicator.rawValue)),
        ("detail", .string(advisory.detail)),
        (
          "source",
          advisory.source.json
        ),
      ])
      let suggestions = advisory.advisory.suggestions
      if !suggestions.isEmpty {
        card["suggestions"] = .array(
          suggestions.enumerated().map { index, suggestion in
            .object(
              JSONObject([
                ("label", .string(suggestion.label)), ("uuid", .string("\(advisory.uuid)-s\(index + 1)")),
              ]))
          })
        card["selectionBehavior"] = .string("any")
      }
      card["overrideReasons"] = .array(
        advisory.advisory.overrideReasons.map { reason in
          .object(
            JSONObject([
              ("code", .string(reason.code)), ("system", .string(reasonSystem)), ("display", .string(reason.display)),
            ]))
        })
      card["extension"] = .object(
        JSONObject([
          (
            "sparrow",
            .object(
              JSONObject([
                ("advisoryId", .number(Double(advisory.id))), ("ruleId", .string(advisory.ruleID)),
                ("status", .string(advisory.status.rawValue)), ("patientId", .string(advisory.patientID)),
                ("policyRevision", .string(advisory.policyRevision)), ("mmeTable", .string(advisory.mmeTable)),
              ]))
          )
        ]))
      return .object(card)
    }
    return JSONWriter.prettyString(.object(JSONObject([("cards", .array(cards))])))
  }

  /// A FHIR R4 Bundle (collection) of DetectedIssue resources; reviews become `mitigation` entries.
  static func fhir(_ details: [AdvisoryDetail]) -> String {
    let entries = details.map { detail -> JSONValue in
      let advisory = detail.advisory
      let severity =
        switch advisory.indicator {
        case .critical: "high"
        case .warning: "moderate"
        case .info: "low"
        }
      var resource = JSONObject([
        ("resourceType", .string("DetectedIssue")),
        ("id", .string(advisory.uuid)),
        ("status", .string("final")),
        (
          "code",
          .object(
            JSONObject([
              (
                "coding",
                .array([
                  .object(
                    JSONObject([
                      ("system", .string("urn:sparrow:rule")), ("code", .string(advisory.ruleID)),
                      ("display", .string(advisory.summary)),
                    ]))
                ])
              ), ("text", .string(advisory.summary)),
            ]))
        ),
        ("severity", .string(severity)),
        (
          "patient",
          .object(
            JSONObject([
              (
                "identifier",
                .object(
                  JSONObject([("system", .string("urn:sparrow:patient")), ("value", .string(advisory.patientID))]))
              )
            ]))
        ),
        ("identifiedDateTime", .string(advisory.createdAt)),
        (
          "author",
          .object(
            JSONObject([
              (
                "display",
                .string(
                  "Sparrow decision support, policy \(advisory.policyName) \(advisory.policyVersion) revision \(advisory.policyRevision)"
                )
              )
            ]))
        ),
        ("detail", .string(PlainText.paragraphs(advisory.detail))),
      ])
      if let url = advisory.source.url { resource["reference"] = .string(url) }
      if !detail.reviews.isEmpty {
        resource["mitigation"] = .array(
          detail.reviews.map { review in
            var action = JSONObject([
              (
                "coding",
                .array([
                  .object(
                    JSONObject([("system", .string("urn:sparrow:review-action")), ("code", .string(review.action))]))
                ])
              )
            ])
            let text = [review.reasonCode, review.note].compactMap { $0 }.joined(separator: ": ")
            if !text.isEmpty { action["text"] = .string(text) }
            return .object(
              JSONObject([
                ("action", .object(action)), ("date", .string(review.reviewedAt)),
                ("author", .object(JSONObject([("display", .string(review.reviewer))]))),
              ]))
          })
      }
      return .object(
        JSONObject([("fullUrl", .string("urn:uuid:\(advisory.uuid)")), ("resource", .object(resource))]))
    }
    return JSONWriter.prettyString(
      .object(
        JSONObject([("resourceType", .string("Bundle")), ("type", .string("collection")), ("entry", .array(entries))])))
  }
}

extension String {
  fileprivate func replacingT() -> String { String(map { $0 == "T" ? " " : $0 }) }
}
