// MARK: - FactValue, rendered

/// The two renderings of a fact's value, declared once: JSON (assessments, the store, canonical forms) and text
/// (tables and advisory templates).
extension FactValue {
  /// The value as text: `yes`/`no`, the number as MME figures are written (`28.8`), the text, or `unknown`.
  public var text: String {
    switch self {
    case .bool(let flag): flag ? "yes" : "no"
    case .number(let number): MMEArithmetic.text(number)
    case .text(let text): text
    case .unknown: "unknown"
    }
  }

  /// The value as JSON: a boolean, a number, a string, or null for unknown.
  public var json: JSONValue {
    switch self {
    case .bool(let flag): .bool(flag)
    case .number(let number): .number(number)
    case .text(let text): .string(text)
    case .unknown: .null
    }
  }
}

// MARK: - Fact, read back

extension Fact {
  /// The fact `Assessment.factJSON` wrote.
  public init(json: JSONValue) throws(StoredFormError) {
    let object = try json.storedObject("a fact")
    let name = try object.storedString("name")
    let value: FactValue =
      switch try object.stored("value") {
      case .bool(let flag): .bool(flag)
      case .number(let number): .number(number)
      case .string(let text): .text(text)
      case .null: .unknown
      case let other: throw StoredFormError("fact '\(name)' has \(other.kindDescription) for its value")
      }
    self.init(
      named: name, value, evidence: try object.storedStrings("evidence"), note: try object.storedOptionalString("note"))
  }
}
