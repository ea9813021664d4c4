import SparrowCore
import Testing

@Suite struct JSONParserTests {
  @Test func parsesNestedDocumentKeepingKeyOrder() throws {
    let value = try JSONParser().parse(Array(#"{"b": [1, 2.5, -3e2], "a": {"x": null, "y": true}}"#.utf8))
    guard case .object(let object) = value else {
      Issue.record("expected an object")
      return
    }
    #expect(object.keys == ["b", "a"])
    #expect(object["b"] == .array([.number(1), .number(2.5), .number(-300)]))
    #expect(object["a"] == .object(JSONObject([("x", .null), ("y", .bool(true))])))
  }

  @Test func decodesEscapesAndSurrogatePairs() throws {
    let value = try JSONParser().parse(Array(#""a\"b\\c\n\u00e9\ud83d\ude00""#.utf8))
    #expect(value == .string("a\"b\\c\né😀"))
  }

  @Test(arguments: [
    (#"{"a": 1"#, 1, 8, "", "expected ',' or '}'; got the end of the input"),
    (#"{"a": 1, "a": 2}"#, 1, 10, "", "duplicate field \"a\""),
    ("[01]", 1, 2, "[0]", "leading zeros are not allowed in numbers"),
    ("{\"a\":\n  [1,]}", 2, 6, "a[1]", "expected a value; got ']'"),
    (#"{"a": "x"} extra"#, 1, 12, "", "unexpected data after the end of the document"),
    (#""unterminated"#, 1, 1, "", "unterminated string"),
    (#"[tru]"#, 1, 2, "[0]", "expected true; got 't'"),
    (#"["\x"]"#, 1, 4, "[0]", "invalid escape sequence \\'x'"),
  ])
  func reportsSyntaxErrorsWithLineColumnAndPath(
    input: String, line: Int, column: Int, path: String, message: String
  ) {
    #expect(throws: JSONSyntaxError(line: line, column: column, path: path, message: message)) {
      try JSONParser().parse(Array(input.utf8))
    }
  }

  @Test func rejectsNestingBeyondTheLimitWithoutRecursingFurther() {
    let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
    #expect(
      throws: JSONSyntaxError(
        line: 1, column: 17, path: String(repeating: "[0]", count: 16),
        message: "nesting deeper than 16 levels")
    ) {
      try JSONParser(maxDepth: 16).parse(Array(deep.utf8))
    }
  }

  /// Strings without escapes take a fast path (ASCII is decoded without validation); both kinds come out whole.
  @Test(arguments: ["", "oxycodone 5 mg", "Ibuprofène 400 mg", "mL/min/1.73m²", "😀 at the end 😀"])
  func readsStringsWithoutEscapes(text: String) throws {
    let value = try JSONParser().parse(Array("[\"\(text)\"]".utf8))
    #expect(value == .array([.string(text)]))
  }

  /// A lone continuation byte or a truncated sequence in an escape-free string is refused, not decoded.
  @Test(arguments: [[0x80], [0xC3], [0x61, 0xE2, 0x82], [0xF0, 0x9F, 0x98]] as [[UInt8]])
  func rejectsMalformedUTF8WithoutEscapes(sequence: [UInt8]) {
    let bytes: [UInt8] = Array(#"[""#.utf8) + sequence + Array(#""]"#.utf8)
    #expect(throws: JSONSyntaxError.self) { try JSONParser().parse(bytes) }
  }

  @Test func rejectsInvalidUTF8InsideAString() {
    let bytes: [UInt8] = Array(#"{"a": ""#.utf8) + [0xFF, 0xFE] + Array(#""}"#.utf8)
    #expect(throws: JSONSyntaxError(line: 1, column: 7, path: "a", message: "string is not valid UTF-8")) {
      try JSONParser().parse(bytes)
    }
  }

  @Test func writerRoundTripsThroughTheParser() throws {
    let value = JSONValue.object(
      JSONObject([
        ("text", .string("quote \" backslash \\ tab \t control \u{01}")), ("whole", .number(60)),
        ("fraction", .number(4.5)), ("list", .array([.bool(false), .null])), ("empty", .object(JSONObject())),
      ]))
    let pretty = JSONWriter.prettyString(value)
    #expect(try JSONParser().parse(Array(pretty.utf8)) == value)
    #expect(try JSONParser().parse(Array(JSONWriter.compactString(value).utf8)) == value)
    #expect(pretty.contains("\"whole\": 60,"))
  }
}
