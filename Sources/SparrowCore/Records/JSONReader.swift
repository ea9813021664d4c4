// MARK: - JSONReader

/// Reads typed values out of a `JSONValue` tree, naming the JSON path in every error, and remembering which
/// fields of each object it read so that the rest can be reported as ignored.
struct JSONReader {
  let limits: RecordLimits
  private(set) var ignoredFields: [String] = []
  /// Notes for the record's conversion notes, found while reading (in document order).
  var notes: [String] = []

  init(limits: RecordLimits) {
    self.limits = limits
  }

  // MARK: - Objects

  /// Reads `value` as an object and hands its fields to `body`; unread fields are recorded as ignored.
  mutating func object<T>(
    _ value: JSONValue, at path: String, _ body: (inout ObjectFields, inout JSONReader) throws(RecordError) -> T
  ) throws(RecordError) -> T {
    guard case .object(let object) = value else {
      throw RecordError(path: path, message: "expected an object; got \(value.kindDescription)")
    }
    var fields = ObjectFields(object: object, path: path)
    let result = try body(&fields, &self)
    for entry in object.entries where !fields.read.contains(entry.key) {
      ignoredFields.append(fields.path(entry.key))
    }
    return result
  }

  /// Reads `value` as an array of at most `limit` elements and maps each with `element`.
  mutating func array<T>(
    _ value: JSONValue, at path: String, limit: Int,
    _ element: (JSONValue, String, inout JSONReader) throws(RecordError) -> T
  ) throws(RecordError) -> [T] {
    guard case .array(let elements) = value else {
      throw RecordError(path: path, message: "expected an array; got \(value.kindDescription)")
    }
    guard elements.count <= limit else {
      throw RecordError(path: path, message: "too many entries: \(elements.count); the limit is \(limit)")
    }
    var result: [T] = []
    result.reserveCapacity(elements.count)
    for (index, element_) in elements.enumerated() {
      result.append(try element(element_, "\(path)[\(index)]", &self))
    }
    return result
  }

  // MARK: - Scalars

  func string(_ value: JSONValue, at path: String) throws(RecordError) -> String {
    guard case .string(let text) = value else {
      throw RecordError(path: path, message: "expected a string; got \(value.kindDescription)")
    }
    guard !text.allSatisfy(\.isWhitespace) else {
      throw RecordError(path: path, message: "expected a non-empty string")
    }
    guard text.count <= limits.maxStringLength else {
      throw RecordError(path: path, message: "string longer than \(limits.maxStringLength) characters")
    }
    // NUL is never clinical text, and SQLite and C APIs stop at it: two ids that differ after a NUL would merge.
    if let index = text.unicodeScalars.firstIndex(where: { $0.value == 0 }) {
      let offset = text.unicodeScalars.distance(from: text.unicodeScalars.startIndex, to: index)
      throw RecordError(path: path, message: "contains a NUL character (U+0000) at position \(offset + 1)")
    }
    return text
  }

  /// An id or a name: a string without control characters (U+0000–U+001F, U+007F–U+009F), which have no place
  /// in an identifier and would make different ones look alike or truncate them.
  func identifier(_ value: JSONValue, at path: String) throws(RecordError) -> String {
    let text = try string(value, at: path)
    try Self.checkIdentifier(text, at: path)
    return text
  }

  /// Throws when `text` holds a control character.
  static func checkIdentifier(_ text: String, at path: String) throws(RecordError) {
    if let scalar = text.unicodeScalars.first(where: { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }) {
      let code = String(scalar.value, radix: 16, uppercase: true)
      throw RecordError(
        path: path,
        message:
          "contains a control character (U+\(String(repeating: "0", count: max(0, 4 - code.count)) + code)); ids and names may not"
      )
    }
  }

  func number(_ value: JSONValue, at path: String) throws(RecordError) -> Double {
    guard case .number(let number) = value else {
      throw RecordError(path: path, message: "expected a number; got \(value.kindDescription)")
    }
    return number
  }

  func positiveNumber(_ value: JSONValue, at path: String, max: Double? = nil) throws(RecordError) -> Double {
    let number = try number(value, at: path)
    guard number > 0 else {
      throw RecordError(
        path: path, message: "expected a number greater than 0; got \(JSONWriter.numberText(number))")
    }
    if let max, number > max {
      throw RecordError(
        path: path,
        message: "expected a number no greater than \(JSONWriter.numberText(max)); got \(JSONWriter.numberText(number))"
      )
    }
    return number
  }

  func integer(_ value: JSONValue, at path: String, range: ClosedRange<Int>) throws(RecordError) -> Int {
    let number = try number(value, at: path)
    guard number.rounded() == number, number >= Double(range.lowerBound), number <= Double(range.upperBound)
    else {
      throw RecordError(
        path: path,
        message:
          "expected a whole number from \(range.lowerBound) to \(range.upperBound); got \(JSONWriter.numberText(number))"
      )
    }
    return Int(number)
  }

  func bool(_ value: JSONValue, at path: String) throws(RecordError) -> Bool {
    guard case .bool(let flag) = value else {
      throw RecordError(path: path, message: "expected true or false; got \(value.kindDescription)")
    }
    return flag
  }

  func date(_ value: JSONValue, at path: String) throws(RecordError) -> CalendarDate {
    let text = try string(value, at: path)
    guard let date = CalendarDate(parsing: text) else {
      throw RecordError(path: path, message: "expected a date YYYY-MM-DD; got \"\(text)\"")
    }
    return date
  }

  func oneOf<E: RawRepresentable & CaseIterable>(
    _ value: JSONValue, at path: String, _ type: E.Type
  ) throws(RecordError) -> E where E.RawValue == String {
    // The list of allowed values is spelled out only for an error (building it for every value read showed in
    // the intake profile).
    var allowed: String { E.allCases.map(\.rawValue).joined(separator: ", ") }
    guard case .string(let text) = value else {
      throw RecordError(path: path, message: "expected one of \(allowed); got \(value.kindDescription)")
    }
    guard let result = E(rawValue: text) else {
      throw RecordError(path: path, message: "expected one of \(allowed); got \"\(text)\"")
    }
    return result
  }
}

// MARK: - ObjectFields

/// The fields of one JSON object being read, with their paths.
struct ObjectFields {
  let object: JSONObject
  let basePath: String
  /// Keys read so far: a short list (the fields a decoder knows), so an array beats hashing.
  private(set) var read: [String] = []

  init(object: JSONObject, path: String) {
    self.object = object
    self.basePath = path
  }

  func path(_ key: String) -> String { basePath.isEmpty ? key : "\(basePath).\(key)" }

  /// The value of `key` if present and not null, marking it read.
  mutating func optional(_ key: String) -> JSONValue? {
    if !read.contains(key) { read.append(key) }
    guard let value = object[key] else { return nil }
    if case .null = value { return nil }
    return value
  }

  /// The value of `key`, or an error naming the missing field.
  mutating func required(_ key: String) throws(RecordError) -> JSONValue {
    guard let value = optional(key) else {
      throw RecordError(path: path(key), message: "required field is missing")
    }
    return value
  }

  /// Whether `key` is present with a non-null value (does not mark it read).
  func has(_ key: String) -> Bool {
    guard let value = object[key] else { return false }
    if case .null = value { return false }
    return true
  }
}
