// MARK: - JSONParser

/// A strict RFC 8259 JSON parser with hard limits, so that hostile input is an error and never a crash.
///
/// It exists because Sparrow needs what Foundation's decoder does not give: the JSON path and line/column of
/// every syntax error, a nesting-depth limit enforced before recursion gets deep, rejection of duplicate keys
/// (two values for one field is ambiguous clinical data), and no dependency of the pure core on Foundation.
public struct JSONParser: Sendable {
  /// The deepest nesting of arrays and objects accepted.
  public var maxDepth: Int

  /// A parser that accepts nesting up to `maxDepth` levels.
  public init(maxDepth: Int = 32) {
    self.maxDepth = maxDepth
  }

  /// Parses one complete JSON document.
  /// - Throws: `JSONSyntaxError` naming the line, column and JSON path where the input stops making sense.
  public func parse(_ bytes: some Collection<UInt8>) throws(JSONSyntaxError) -> JSONValue {
    var cursor = Cursor(bytes: Array(bytes), maxDepth: maxDepth)
    cursor.skipWhitespace()
    let value = try cursor.parseValue(path: .root, depth: 1)
    cursor.skipWhitespace()
    if cursor.index < cursor.bytes.count {
      throw cursor.error("unexpected data after the end of the document", path: .root)
    }
    return value
  }
}

// MARK: - JSONSyntaxError

/// Why a byte sequence is not an acceptable JSON document, and where.
public struct JSONSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
  /// 1-based line of the offending byte.
  public let line: Int
  /// 1-based column (in bytes) of the offending byte.
  public let column: Int
  /// The JSON path of the value being read (`medications[2].dose`), empty at the top level.
  public let path: String
  /// What is wrong, in words.
  public let message: String

  /// An error at a position.
  public init(line: Int, column: Int, path: String, message: String) {
    self.line = line
    self.column = column
    self.path = path
    self.message = message
  }

  public var description: String {
    let location = "line \(line), column \(column)"
    return path.isEmpty ? "\(location): \(message)" : "\(path) (\(location)): \(message)"
  }
}

// MARK: - JSONPathNode

/// The path of the value being parsed, built as a chain and turned into text only for an error (formatting it
/// for every value was a large share of parsing).
private indirect enum JSONPathNode {
  case root
  case key(JSONPathNode, String)
  case index(JSONPathNode, Int)

  /// `medications[2].dose`; empty at the top level.
  var text: String {
    switch self {
    case .root: ""
    case .key(let parent, let key):
      parent.text.isEmpty ? key : parent.text + "." + key
    case .index(let parent, let position): parent.text + "[\(position)]"
    }
  }
}

// MARK: - Cursor

private struct Cursor {
  let bytes: [UInt8]
  let maxDepth: Int
  var index = 0

  init(bytes: [UInt8], maxDepth: Int) {
    self.bytes = bytes
    self.maxDepth = maxDepth
  }

  func error(_ message: String, path: JSONPathNode) -> JSONSyntaxError {
    var line = 1
    var column = 1
    for byte in bytes[..<min(index, bytes.count)] {
      if byte == UInt8(ascii: "\n") {
        line += 1
        column = 1
      } else {
        column += 1
      }
    }
    return JSONSyntaxError(line: line, column: column, path: path.text, message: message)
  }

  var current: UInt8? { index < bytes.count ? bytes[index] : nil }

  mutating func skipWhitespace() {
    while let byte = current, byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 {
      index += 1
    }
  }

  func describeCurrent() -> String {
    guard let byte = current else { return "the end of the input" }
    if byte >= 0x20 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
    return "byte 0x\(String(byte, radix: 16, uppercase: true))"
  }

  mutating func parseValue(path: JSONPathNode, depth: Int) throws(JSONSyntaxError) -> JSONValue {
    guard let byte = current else {
      throw error("unexpected end of input: expected a value", path: path)
    }
    switch byte {
    case UInt8(ascii: "{"): return try parseObject(path: path, depth: depth)
    case UInt8(ascii: "["): return try parseArray(path: path, depth: depth)
    case UInt8(ascii: "\""): return .string(try parseString(path: path))
    case UInt8(ascii: "t"): return try parseLiteral("true", .bool(true), path: path)
    case UInt8(ascii: "f"): return try parseLiteral("false", .bool(false), path: path)
    case UInt8(ascii: "n"): return try parseLiteral("null", .null, path: path)
    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber(path: path)
    default: throw error("expected a value; got \(describeCurrent())", path: path)
    }
  }

  mutating func parseLiteral(
    _ word: StaticString, _ value: JSONValue, path: JSONPathNode
  ) throws(JSONSyntaxError) -> JSONValue {
    let expected = word.withUTF8Buffer { Array($0) }
    guard index + expected.count <= bytes.count, Array(bytes[index..<index + expected.count]) == expected
    else {
      throw error("expected \(word); got \(describeCurrent())", path: path)
    }
    index += expected.count
    return value
  }

  mutating func enter(depth: Int, path: JSONPathNode) throws(JSONSyntaxError) {
    if depth > maxDepth {
      throw error("nesting deeper than \(maxDepth) levels", path: path)
    }
    index += 1
    skipWhitespace()
  }

  mutating func parseObject(path: JSONPathNode, depth: Int) throws(JSONSyntaxError) -> JSONValue {
    try enter(depth: depth, path: path)
    var object = JSONObject()
    if current == UInt8(ascii: "}") {
      index += 1
      return .object(object)
    }
    while true {
      guard current == UInt8(ascii: "\"") else {
        throw error("expected a field name in double quotes; got \(describeCurrent())", path: path)
      }
      let keyStart = index
      let key = try parseString(path: path)
      let childPath = JSONPathNode.key(path, key)
      if object.contains(key) {
        index = keyStart
        throw error("duplicate field \"\(key)\"", path: path)
      }
      skipWhitespace()
      guard current == UInt8(ascii: ":") else {
        throw error("expected ':' after a field name; got \(describeCurrent())", path: childPath)
      }
      index += 1
      skipWhitespace()
      object[key] = try parseValue(path: childPath, depth: depth + 1)
      skipWhitespace()
      switch current {
      case UInt8(ascii: ","):
        index += 1
        skipWhitespace()
      case UInt8(ascii: "}"):
        index += 1
        return .object(object)
      default:
        throw error("expected ',' or '}'; got \(describeCurrent())", path: path)
      }
    }
  }

  mutating func parseArray(path: JSONPathNode, depth: Int) throws(JSONSyntaxError) -> JSONValue {
    try enter(depth: depth, path: path)
    var elements: [JSONValue] = []
    if current == UInt8(ascii: "]") {
      index += 1
      return .array(elements)
    }
    while true {
      elements.append(try parseValue(path: .index(path, elements.count), depth: depth + 1))
      skipWhitespace()
      switch current {
      case UInt8(ascii: ","):
        index += 1
        skipWhitespace()
      case UInt8(ascii: "]"):
        index += 1
        return .array(elements)
      default:
        throw error("expected ',' or ']'; got \(describeCurrent())", path: path)
      }
    }
  }

  mutating func parseString(path: JSONPathNode) throws(JSONSyntaxError) -> String {
    let start = index
    index += 1  // opening quote
    // Most strings have no escapes: find the closing quote and validate the bytes in place.
    var end = index
    var highBits: UInt8 = 0
    while end < bytes.count, bytes[end] != UInt8(ascii: "\""), bytes[end] != UInt8(ascii: "\\"), bytes[end] >= 0x20 {
      highBits |= bytes[end]
      end += 1
    }
    if end < bytes.count, bytes[end] == UInt8(ascii: "\"") {
      // ASCII needs no validation, and decoding a buffer is the standard library's fast path (validating a slice
      // went through generic code that showed in the intake profile).
      let text = bytes.withUnsafeBufferPointer { buffer in
        let run = UnsafeBufferPointer(rebasing: buffer[index..<end])
        return highBits < 0x80 ? String(decoding: run, as: UTF8.self) : String(validating: run, as: UTF8.self)
      }
      if let text {
        index = end + 1
        return text
      }
    }
    var buffer: [UInt8] = []
    while true {
      guard let byte = current else {
        index = start
        throw error("unterminated string", path: path)
      }
      switch byte {
      case UInt8(ascii: "\""):
        index += 1
        guard let text = String(validating: buffer, as: UTF8.self) else {
          index = start
          throw error("string is not valid UTF-8", path: path)
        }
        return text
      case UInt8(ascii: "\\"):
        index += 1
        try parseEscape(into: &buffer, path: path)
      case 0x00..<0x20:
        throw error("control character in a string must be escaped", path: path)
      default:
        buffer.append(byte)
        index += 1
      }
    }
  }

  mutating func parseEscape(into buffer: inout [UInt8], path: JSONPathNode) throws(JSONSyntaxError) {
    guard let byte = current else { throw error("unterminated escape sequence", path: path) }
    index += 1
    let simple: UInt8? =
      switch byte {
      case UInt8(ascii: "\""): 0x22
      case UInt8(ascii: "\\"): 0x5C
      case UInt8(ascii: "/"): 0x2F
      case UInt8(ascii: "b"): 0x08
      case UInt8(ascii: "f"): 0x0C
      case UInt8(ascii: "n"): 0x0A
      case UInt8(ascii: "r"): 0x0D
      case UInt8(ascii: "t"): 0x09
      default: nil
      }
    if let simple {
      buffer.append(simple)
      return
    }
    guard byte == UInt8(ascii: "u") else {
      index -= 1
      throw error("invalid escape sequence \\\(describeCurrent())", path: path)
    }
    var scalarValue = try parseHex4(path: path)
    if (0xD800..<0xDC00).contains(scalarValue) {
      guard current == UInt8(ascii: "\\"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "u")
      else { throw error("unpaired UTF-16 surrogate in \\u escape", path: path) }
      index += 2
      let low = try parseHex4(path: path)
      guard (0xDC00..<0xE000).contains(low) else {
        throw error("unpaired UTF-16 surrogate in \\u escape", path: path)
      }
      scalarValue = 0x10000 + ((scalarValue - 0xD800) << 10) + (low - 0xDC00)
    }
    guard let scalar = Unicode.Scalar(scalarValue) else {
      throw error("unpaired UTF-16 surrogate in \\u escape", path: path)
    }
    buffer.append(contentsOf: Array(String(Character(scalar)).utf8))
  }

  mutating func parseHex4(path: JSONPathNode) throws(JSONSyntaxError) -> UInt32 {
    var value: UInt32 = 0
    for _ in 0..<4 {
      guard let byte = current, let digit = hexDigit(byte) else {
        throw error("expected four hexadecimal digits after \\u", path: path)
      }
      value = value << 4 | digit
      index += 1
    }
    return value
  }

  func hexDigit(_ byte: UInt8) -> UInt32? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
    case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
    case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
    default: nil
    }
  }

  mutating func parseNumber(path: JSONPathNode) throws(JSONSyntaxError) -> JSONValue {
    let start = index
    func isDigit(_ byte: UInt8?) -> Bool {
      guard let byte else { return false }
      return byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }
    if current == UInt8(ascii: "-") { index += 1 }
    if current == UInt8(ascii: "0") {
      index += 1
      if isDigit(current) {
        index = start
        throw error("leading zeros are not allowed in numbers", path: path)
      }
    } else if isDigit(current) {
      while isDigit(current) { index += 1 }
    } else {
      throw error("expected a digit; got \(describeCurrent())", path: path)
    }
    if current == UInt8(ascii: ".") {
      index += 1
      guard isDigit(current) else {
        throw error("expected a digit after the decimal point; got \(describeCurrent())", path: path)
      }
      while isDigit(current) { index += 1 }
    }
    if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
      index += 1
      if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { index += 1 }
      guard isDigit(current) else {
        throw error("expected a digit in the exponent; got \(describeCurrent())", path: path)
      }
      while isDigit(current) { index += 1 }
    }
    let text = String(decoding: bytes[start..<index], as: UTF8.self)
    guard let value = Double(text), value.isFinite else {
      index = start
      throw error("number \(text) is out of range", path: path)
    }
    return .number(value)
  }
}
