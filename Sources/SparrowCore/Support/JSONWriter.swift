// MARK: - JSONWriter

/// Writes a `JSONValue` as pretty-printed JSON with two-space indentation, keys in the object's own order.
///
/// Numbers that are whole and small print without a fraction (`60`, not `60.0`); others print in Swift's
/// shortest round-tripping form. The output is deterministic, so documented examples can be compared byte
/// for byte. Text is built as UTF-8 bytes and turned into a `String` once (appending to a `String` piece by
/// piece dominated the daemon's profile).
public enum JSONWriter {
  /// The document as text, ending with a newline.
  public static func prettyString(_ value: JSONValue) -> String {
    var output: [UInt8] = []
    output.reserveCapacity(4_096)
    write(value, indent: 0, into: &output)
    output.append(UInt8(ascii: "\n"))
    return String(decoding: output, as: UTF8.self)
  }

  /// The document as compact text on one line.
  public static func compactString(_ value: JSONValue) -> String {
    String(decoding: compactBytes(value), as: UTF8.self)
  }

  /// The document as compact UTF-8 on one line (for bytes stored or deflated: no round trip through `String`).
  public static func compactBytes(_ value: JSONValue) -> [UInt8] {
    var output: [UInt8] = []
    output.reserveCapacity(1_024)
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

  // MARK: - Writing bytes

  private static func write(_ value: JSONValue, indent: Int?, into output: inout [UInt8]) {
    switch value {
    case .null: output.append(contentsOf: "null".utf8)
    case .bool(let flag): output.append(contentsOf: (flag ? "true" : "false").utf8)
    case .number(let number): writeNumber(number, into: &output)
    case .string(let text): writeString(text, into: &output)
    case .array(let elements):
      writeContainer(
        open: UInt8(ascii: "["), close: UInt8(ascii: "]"), count: elements.count, indent: indent, into: &output
      ) { index, childIndent, output in
        write(elements[index], indent: childIndent, into: &output)
      }
    case .object(let object):
      writeContainer(
        open: UInt8(ascii: "{"), close: UInt8(ascii: "}"), count: object.count, indent: indent, into: &output
      ) { index, childIndent, output in
        let entry = object.entries[index]
        writeString(entry.key, into: &output)
        output.append(UInt8(ascii: ":"))
        if indent != nil { output.append(UInt8(ascii: " ")) }
        write(entry.value, indent: childIndent, into: &output)
      }
    }
  }

  private static func writeNumber(_ number: Double, into output: inout [UInt8]) {
    guard number.rounded() == number && abs(number) < 1e15 else {
      output.append(contentsOf: "\(number)".utf8)
      return
    }
    var whole = Int64(number)
    if whole < 0 {
      output.append(UInt8(ascii: "-"))
      whole = -whole
    }
    // Digits are produced least significant first, then reversed in place.
    let start = output.count
    repeat {
      output.append(UInt8(ascii: "0") + UInt8(whole % 10))
      whole /= 10
    } while whole > 0
    output[start...].reverse()
  }

  private static func writeContainer(
    open: UInt8, close: UInt8, count: Int, indent: Int?, into output: inout [UInt8],
    element: (Int, Int?, inout [UInt8]) -> Void
  ) {
    output.append(open)
    guard count > 0 else {
      output.append(close)
      return
    }
    let childIndent = indent.map { $0 + 2 }
    for index in 0..<count {
      if index > 0 { output.append(UInt8(ascii: ",")) }
      if let childIndent { newline(indent: childIndent, into: &output) }
      element(index, childIndent, &output)
    }
    if let indent { newline(indent: indent, into: &output) }
    output.append(close)
  }

  private static func newline(indent: Int, into output: inout [UInt8]) {
    output.append(UInt8(ascii: "\n"))
    output.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent))
  }

  private static func writeString(_ text: String, into output: inout [UInt8]) {
    output.append(UInt8(ascii: "\""))
    var text = text
    text.withUTF8 { bytes in
      var runStart = 0
      for (offset, byte) in bytes.enumerated() {
        let escape: String? =
          switch byte {
          case UInt8(ascii: "\""): "\\\""
          case UInt8(ascii: "\\"): "\\\\"
          case UInt8(ascii: "\n"): "\\n"
          case UInt8(ascii: "\r"): "\\r"
          case UInt8(ascii: "\t"): "\\t"
          case 0..<0x20: "\\u00" + (byte < 0x10 ? "0" : "") + String(byte, radix: 16)
          default: nil
          }
        guard let escape else { continue }
        output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<offset]))
        output.append(contentsOf: escape.utf8)
        runStart = offset + 1
      }
      output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...]))
    }
    output.append(UInt8(ascii: "\""))
  }
}
