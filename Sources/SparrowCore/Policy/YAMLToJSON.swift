// MARK: - YAMLToJSON

/// Turns an inline YAML record in a policy test into the JSON shape the record decoder reads.
///
/// Plain scalars that are strict numbers become numbers, `true`/`false` booleans, `null` null; everything else
/// (and every quoted scalar) is a string.
enum YAMLToJSON {
  static func convert(_ node: PolicyNode, reader: inout PolicyReader, depth: Int = 1) -> JSONValue? {
    guard depth <= 16 else {
      reader.error(node.location, "record: nested deeper than 16 levels")
      return nil
    }
    switch node {
    case .scalar(let text, let quoted, _):
      if quoted { return .string(text) }
      if text == "true" || text == "false" { return .bool(text == "true") }
      if text == "null" || text == "~" { return .null }
      if let number = PolicyReader.strictNumber(text) { return .number(number) }
      return .string(text)
    case .sequence(let elements, _):
      var values: [JSONValue] = []
      for element in elements {
        guard let value = convert(element, reader: &reader, depth: depth + 1) else { return nil }
        values.append(value)
      }
      return .array(values)
    case .mapping(let pairs, _):
      var object = JSONObject()
      for pair in pairs {
        guard let value = convert(pair.value, reader: &reader, depth: depth + 1) else { return nil }
        object[pair.key] = value
      }
      return .object(object)
    }
  }
}
