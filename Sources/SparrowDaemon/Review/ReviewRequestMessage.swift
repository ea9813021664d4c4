public import SparrowCore

// MARK: - ReviewRequestMessage

/// A pharmacist's command, as sent over the control socket (one JSON object per line) or run directly.
public enum ReviewRequestMessage: Sendable, Equatable {
  /// `advisories list`.
  case list(AdvisoryFilter, format: String)
  /// `advisories show ID`.
  case show(id: Int64, format: String)
  /// `advisories export`.
  case export(AdvisoryFilter, format: String)
  /// `review ID ACTION`.
  case review(id: Int64, action: ReviewAction, reason: String?, note: String?)
  /// `status`: answered by the running daemon only.
  case status(format: String)

  /// The message as JSON.
  public var jsonValue: JSONValue {
    switch self {
    case .list(let filter, let format):
      .object(
        JSONObject([("command", .string("list")), ("format", .string(format)), ("filter", Self.filterJSON(filter))]))
    case .show(let id, let format):
      .object(JSONObject([("command", .string("show")), ("id", .number(Double(id))), ("format", .string(format))]))
    case .export(let filter, let format):
      .object(
        JSONObject([("command", .string("export")), ("format", .string(format)), ("filter", Self.filterJSON(filter))]))
    case .status(let format):
      .object(JSONObject([("command", .string("status")), ("format", .string(format))]))
    case .review(let id, let action, let reason, let note):
      .object(
        JSONObject([
          ("command", .string("review")), ("id", .number(Double(id))), ("action", .string(action.rawValue)),
          ("reason", reason.map(JSONValue.string) ?? .null), ("note", note.map(JSONValue.string) ?? .null),
        ]))
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
    case "list", "export":
      guard let format = string("format"), let filter = Self.filter(object["filter"]) else { return nil }
      self = command == "list" ? .list(filter, format: format) : .export(filter, format: format)
    case "show":
      guard let id = id(), let format = string("format") else { return nil }
      self = .show(id: id, format: format)
    case "status":
      self = .status(format: string("format") ?? "text")
    case "review":
      guard let id = id(), let action = string("action").flatMap(ReviewAction.init(rawValue:)) else { return nil }
      self = .review(id: id, action: action, reason: string("reason"), note: string("note"))
    default:
      return nil
    }
  }

  private static func filterJSON(_ filter: AdvisoryFilter) -> JSONValue {
    func optional(_ text: String?) -> JSONValue { text.map(JSONValue.string) ?? .null }
    return .object(
      JSONObject([
        ("status", optional(filter.status)), ("indicator", optional(filter.indicator)),
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
    filter.status = string("status")
    filter.indicator = string("indicator")
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
  /// Exit status (0 ok; 65 invalid review; 66 no such advisory; 77 not allowed; 70 internal error).
  public var status: Int32
  /// Standard output text.
  public var output: String
  /// Standard error text.
  public var error: String

  /// A response from its parts.
  public init(status: Int32, output: String = "", error: String = "") {
    self.status = status
    self.output = output
    self.error = error
  }

  /// The response as JSON.
  public var jsonValue: JSONValue {
    .object(
      JSONObject([("status", .number(Double(status))), ("output", .string(output)), ("error", .string(error))]))
  }

  /// Reads a response.
  public init?(json: JSONValue) {
    guard case .object(let object) = json, case .number(let status) = object["status"],
      case .string(let output) = object["output"], case .string(let error) = object["error"]
    else { return nil }
    self.init(status: Int32(status), output: output, error: error)
  }
}

// MARK: - Caller

/// Who asked: the operating-system user, from the socket's peer credentials or the process's own uid.
public struct Caller: Sendable, Equatable {
  /// User name.
  public var name: String
  /// User id.
  public var uid: Int

  /// A caller from its parts.
  public init(name: String, uid: Int) {
    self.name = name
    self.uid = uid
  }
}
