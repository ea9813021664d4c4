// MARK: - FactValue as JSON

extension FactValue {
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
      name, value, evidence: try object.storedStrings("evidence"), note: try object.storedOptionalString("note"))
  }
}
