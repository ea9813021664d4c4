import Testing

@testable import SparrowCore

@Suite struct JSONValueTests {
  /// Objects search small key lists linearly and index large ones: both must behave the same.
  @Test(arguments: [3, JSONObject.indexThreshold, JSONObject.indexThreshold + 1, 3 * JSONObject.indexThreshold])
  func objectKeepsOrderReplacesAndRemovesAtAnySize(count: Int) {
    var object = JSONObject((0..<count).map { ("k\($0)", JSONValue.number(Double($0))) })
    #expect(object.count == count)
    #expect(object.keys == (0..<count).map { "k\($0)" })
    #expect(object["k\(count - 1)"] == .number(Double(count - 1)))
    #expect(object["missing"] == nil)

    object["k0"] = .string("replaced")
    #expect(object.keys.first == "k0")
    #expect(object["k0"] == .string("replaced"))

    object["k1"] = nil
    #expect(!object.contains("k1"))
    #expect(object.count == count - 1)
    // Positions after a removal still resolve (the index, when there is one, was rebuilt).
    #expect(object["k\(count - 1)"] == .number(Double(count - 1)))

    object["new"] = .bool(true)
    #expect(object.keys.last == "new")
    #expect(object["new"] == .bool(true))
  }

  @Test func objectEqualityIsOrderSensitive() {
    let ab = JSONObject([("a", .null), ("b", .null)])
    let ba = JSONObject([("b", .null), ("a", .null)])
    #expect(ab != ba)
    #expect(ab == JSONObject([("a", .null), ("b", .null)]))
    #expect(JSONObject([("a", .null), ("a", .number(1))]) == JSONObject([("a", .number(1))]))
  }

  @Test(arguments: [
    (JSONValue.number(0), "0"), (.number(-42), "-42"), (.number(1_000_000), "1000000"), (.number(2.5), "2.5"),
    (.number(-0.125), "-0.125"), (.number(1e20), "1e+20"), (.string("a\"b\\c\nd\u{1F}é"), #""a\"b\\c\nd\u001fé""#),
    (.array([]), "[]"), (.object(JSONObject()), "{}"),
  ])
  func compactWriterOutput(value: JSONValue, text: String) {
    #expect(JSONWriter.compactString(value) == text)
  }

  @Test func prettyWriterIndentsByTwoSpaces() {
    let value = JSONValue.object(JSONObject([("a", .array([.number(1), .null])), ("b", .object(JSONObject()))]))
    #expect(JSONWriter.prettyString(value) == "{\n  \"a\": [\n    1,\n    null\n  ],\n  \"b\": {}\n}\n")
  }
}
