public import SparrowCore

// MARK: - ReviewRequestMessage

/// A pharmacist's command, as sent over the control socket (one JSON object per line) or run directly.
public enum ReviewRequestMessage: Sendable, Equatable {
  /// `advisories list`.
  case list(AdvisoryFilter, format: ListFormat)
  /// `advisories show ID`.
  case show(id: Int64, format: TextOrJSON)
  /// `advisories export`.
  case export(AdvisoryFilter, format: ExportFormat)
  /// `review ID ACTION`.
  case review(id: Int64, action: ReviewAction, reason: String?, note: String?)
  /// `status`: answered by the running daemon only.
  case status(format: TextOrJSON)
  /// The console's worklist (JSON `Worklist`).
  case worklist(WorklistFilter)
  /// The console's advisory page (JSON: the `show` detail, its follow-up and the patient's MME history); with
  /// `opened`, records the caller's first opening (the console says so only for a same-origin or typed navigation).
  case dossier(id: Int64, opened: Bool)
  /// Assigns an advisory and sets its follow-up day (nil clears either).
  case assign(id: Int64, assignee: String?, followUpOn: String?)
  /// Records an intervention and the prescriber's response.
  case intervention(id: Int64, kind: InterventionKind, response: PrescriberResponse, minutes: Int?, note: String?)
  /// A unit's shift handover (JSON `Handover`).
  case handover(unit: String)
  /// The receiving pharmacist acknowledges a unit's handover: exactly the items it was shown.
  case acknowledgeHandover(unit: String, items: [Int64])
  /// `rules stats`: the rule scorecard.
  case ruleStats(format: TextOrJSON)

  /// The message as JSON.
  public var jsonValue: JSONValue {
    switch self {
    case .list(let filter, let format):
      .object(
        JSONObject([
          ("command", .string("list")), ("format", .string(format.rawValue)), ("filter", Self.filterJSON(filter)),
        ]))
    case .show(let id, let format):
      .object(
        JSONObject([("command", .string("show")), ("id", .number(Double(id))), ("format", .string(format.rawValue))]))
    case .export(let filter, let format):
      .object(
        JSONObject([
          ("command", .string("export")), ("format", .string(format.rawValue)), ("filter", Self.filterJSON(filter)),
        ]))
    case .status(let format):
      .object(JSONObject([("command", .string("status")), ("format", .string(format.rawValue))]))
    case .review(let id, let action, let reason, let note):
      .object(
        JSONObject([
          ("command", .string("review")), ("id", .number(Double(id))), ("action", .string(action.rawValue)),
          ("reason", reason.map(JSONValue.string) ?? .null), ("note", note.map(JSONValue.string) ?? .null),
        ]))
    case .worklist(let filter):
      .object(JSONObject([("command", .string("worklist")), ("filter", CodableBridge.json(filter))]))
    case .dossier(let id, let opened):
      .object(JSONObject([("command", .string("dossier")), ("id", .number(Double(id))), ("opened", .bool(opened))]))
    case .assign(let id, let assignee, let followUpOn):
      .object(
        JSONObject([
          ("command", .string("assign")), ("id", .number(Double(id))),
          ("assignee", assignee.map(JSONValue.string) ?? .null),
          ("followUpOn", followUpOn.map(JSONValue.string) ?? .null),
        ]))
    case .intervention(let id, let kind, let response, let minutes, let note):
      .object(
        JSONObject([
          ("command", .string("intervention")), ("id", .number(Double(id))), ("kind", .string(kind.rawValue)),
          ("response", .string(response.rawValue)), ("minutes", minutes.map { .number(Double($0)) } ?? .null),
          ("note", note.map(JSONValue.string) ?? .null),
        ]))
    case .handover(let unit):
      .object(JSONObject([("command", .string("handover")), ("unit", .string(unit))]))
    case .acknowledgeHandover(let unit, let items):
      .object(
        JSONObject([
          ("command", .string("acknowledge-handover")), ("unit", .string(unit)),
          ("items", .array(items.map { .number(Double($0)) })),
        ]))
    case .ruleStats(let format):
      .object(JSONObject([("command", .string("rule-stats")), ("format", .string(format.rawValue))]))
    }
  }

  /// Reads a message, or nil if it is not one.
  public init?(json: JSONValue) {
    guard case .object(let object) = json, case .string(let command) = object["command"] else { return nil }
    func string(_ key: String) -> String? {
      if case .string(let text) = object[key] { return text }
      return nil
    }
    func id() -> Int64? {
      guard case .number(let number) = object["id"], number.rounded() == number, number > 0, number < 1e15 else {
        return nil
      }
      return Int64(number)
    }
    switch command {
    case "list":
      guard let format = string("format").flatMap(ListFormat.init(rawValue:)),
        let filter = Self.filter(object["filter"])
      else { return nil }
      self = .list(filter, format: format)
    case "export":
      guard let format = string("format").flatMap(ExportFormat.init(rawValue:)),
        let filter = Self.filter(object["filter"])
      else { return nil }
      self = .export(filter, format: format)
    case "show":
      guard let id = id(), let format = string("format").flatMap(TextOrJSON.init(rawValue:)) else { return nil }
      self = .show(id: id, format: format)
    case "status":
      guard let format = string("format").map(TextOrJSON.init(rawValue:)) ?? .text else { return nil }
      self = .status(format: format)
    case "review":
      guard let id = id(), let action = string("action").flatMap(ReviewAction.init(rawValue:)) else { return nil }
      self = .review(id: id, action: action, reason: string("reason"), note: string("note"))
    case "worklist":
      guard let filter = object["filter"].flatMap({ CodableBridge.decode(WorklistFilter.self, $0) }) else { return nil }
      self = .worklist(filter)
    case "dossier":
      guard let id = id() else { return nil }
      var opened = false
      if case .bool(let flag) = object["opened"] { opened = flag }
      self = .dossier(id: id, opened: opened)
    case "assign":
      guard let id = id() else { return nil }
      self = .assign(id: id, assignee: string("assignee"), followUpOn: string("followUpOn"))
    case "intervention":
      guard let id = id(), let kind = string("kind").flatMap(InterventionKind.init(rawValue:)),
        let response = string("response").flatMap(PrescriberResponse.init(rawValue:))
      else { return nil }
      var minutes: Int?
      if case .number(let number) = object["minutes"] {
        guard number.rounded() == number, (0...1_440).contains(number) else { return nil }
        minutes = Int(number)
      }
      self = .intervention(id: id, kind: kind, response: response, minutes: minutes, note: string("note"))
    case "handover":
      guard let unit = string("unit") else { return nil }
      self = .handover(unit: unit)
    case "acknowledge-handover":
      guard let unit = string("unit"), case .array(let values) = object["items"], values.count <= 5_000 else {
        return nil
      }
      var items: [Int64] = []
      for value in values {
        guard case .number(let number) = value, number.rounded() == number, number > 0, number < 1e15 else {
          return nil
        }
        items.append(Int64(number))
      }
      self = .acknowledgeHandover(unit: unit, items: items)
    case "rule-stats":
      guard let format = string("format").flatMap(TextOrJSON.init(rawValue:)) else { return nil }
      self = .ruleStats(format: format)
    default:
      return nil
    }
  }

  private static func filterJSON(_ filter: AdvisoryFilter) -> JSONValue {
    func optional(_ text: String?) -> JSONValue { text.map(JSONValue.string) ?? .null }
    return .object(
      JSONObject([
        ("status", optional(filter.status?.rawValue)), ("indicator", optional(filter.indicator?.rawValue)),
        ("rule", optional(filter.ruleID)),
        ("patient", optional(filter.patientID)), ("since", optional(filter.since)), ("until", optional(filter.until)),
        ("limit", .number(Double(filter.limit))),
      ]))
  }

  private static func filter(_ json: JSONValue?) -> AdvisoryFilter? {
    guard case .object(let object) = json else { return nil }
    func string(_ key: String) -> String? {
      if case .string(let text) = object[key] { return text }
      return nil
    }
    var filter = AdvisoryFilter()
    // An unknown status or indicator makes the message malformed, not a filter that matches nothing.
    if let status = string("status") {
      guard let known = AdvisoryStatus(rawValue: status) else { return nil }
      filter.status = known
    } else {
      filter.status = nil
    }
    if let indicator = string("indicator") {
      guard let known = Indicator(rawValue: indicator) else { return nil }
      filter.indicator = known
    }
    filter.ruleID = string("rule")
    filter.patientID = string("patient")
    filter.since = string("since")
    filter.until = string("until")
    if case .number(let limit) = object["limit"], limit >= 1, limit <= 100_000 { filter.limit = Int(limit) }
    return filter
  }
}

// MARK: - ReviewResponse

/// The answer to a message: what to print and the exit status.
public struct ReviewResponse: Sendable, Equatable {
  /// Exit status.
  public var status: ExitStatus
  /// Standard output text.
  public var output: String
  /// Standard error text.
  public var error: String

  /// A response from its parts.
  public init(status: ExitStatus, output: String = "", error: String = "") {
    self.status = status
    self.output = output
    self.error = error
  }

  /// The response as JSON.
  public var jsonValue: JSONValue {
    .object(
      JSONObject([("status", .number(Double(status.rawValue))), ("output", .string(output)), ("error", .string(error))])
    )
  }

  /// Reads a response.
  public init?(json: JSONValue) {
    guard case .object(let object) = json, case .number(let status) = object["status"],
      case .string(let output) = object["output"], case .string(let error) = object["error"]
    else { return nil }
    // A status this version does not know is still a failure, never success.
    self.init(
      status: ExitStatus(rawValue: Int32(exactly: status) ?? ExitStatus.software.rawValue) ?? .software, output: output,
      error: error)
  }
}

// MARK: - Caller

/// Who asked: the operating-system user, from the socket's peer credentials or the process's own uid; or, for
/// the console, the signed-in reviewer it asserted, with the console's own user as `assertedBy`.
public struct Caller: Sendable, Equatable {
  /// User name (the reviewer the audit records).
  public var name: String
  /// User id of the peer.
  public var uid: Int
  /// How the request arrived.
  public var channel: ReviewChannel
  /// The peer that asserted `name`, for the console.
  public var assertedBy: String?

  /// A caller from its parts.
  public init(name: String, uid: Int, channel: ReviewChannel = .cli, assertedBy: String? = nil) {
    self.name = name
    self.uid = uid
    self.channel = channel
    self.assertedBy = assertedBy
  }
}
