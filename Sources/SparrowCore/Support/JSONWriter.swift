// MARK: - JSONWriter

/// Writes a `JSONValue` as pretty-printed JSON with two-space indentation, keys in the object's own order.
///
/// Numbers that are whole and small print without a fraction (`60`, not `60.0`); others print in Swift's
/// shortest round-tripping form. The output is deterministic, so documented examples can be compared byte
/// for byte.
public enum JSONWriter {
  /// The document as text, ending with a newline.
  public static func prettyString(_ value: JSONValue) -> String {
    var output = ""
    write(value, indent: 0, into: &output)
    output += "\n"
    return output
  }

  /// The document as compact text on one line.
  public static func compactString(_ value: JSONValue) -> String {
    var output = ""
    write(value, indent: nil, into: &output)
    return output
  }

  /// A number as JSON text.
  public static func numberText(_ number: Double) -> String {
    if number.rounded() == number && abs(number) < 1e15 {
      return String(Int64(number))
    }
    return "\(number)"
  }

  private static func write(_ value: JSONValue, indent: Int?, into output: inout String) {
    switch value {
    case .null: output += "null"
    case .bool(let flag): output += flag ? "true" : "false"
    case .number(let number): output += numberText(number)
    case .string(let text): writeString(text, into: &output)
    case .array(let elements):
      writeContainer(
        open: "[", close: "]", count: elements.count, indent: indent, into: &output
      ) { index, childIndent, output in
        write(elements[index], indent: childIndent, into: &output)
      }
    case .object(let object):
      writeContainer(
        open: "{", close: "}", count: object.count, indent: indent, into: &output
      ) { index, childIndent, output in
        let key = object.keys[index]
        writeString(key, into: &output)
        output += indent == nil ? ":" : ": "
        write(object[key] ?? .null, indent: childIndent, into: &output)
      }
    }
  }

  private static func writeContainer(
    open: String, close: String, count: Int, indent: Int?, into output: inout String,
    element: (Int, Int?, inout String) -> Void
  ) {
    guard count > 0 else {
      output += open + close
      return
    }
    output += open
    let childIndent = indent.map { $0 + 2 }
    for index in 0..<count {
      if index > 0 { output += "," }
      if let childIndent { output += "\n" + String(repeating: " ", count: childIndent) }
      element(index, childIndent, &output)
    }
    if let indent { output += "\n" + String(repeating: " ", count: indent) }
    output += close
  }

  private static func writeString(_ text: String, into output: inout String) {
    output += "\""
    // Most strings need no escaping: append them whole (scalar-by-scalar appends dominated the profile).
    if !text.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
      output += text
      output += "\""
      return
    }
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": output += "\\\""
      case "\\": output += "\\\\"
      case "\n": output += "\\n"
      case "\r": output += "\\r"
      case "\t": output += "\\t"
      case "\u{00}"..."\u{1F}":
        let hex = String(scalar.value, radix: 16)
        output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
      default: output.unicodeScalars.append(scalar)
      }
    }
    output += "\""
  }
}
