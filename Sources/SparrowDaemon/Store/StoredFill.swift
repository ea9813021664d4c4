import SparrowCore

// MARK: - StoredFill

/// What one advisory row keeps beside its rule text, in `advisory.fill`:
///
/// `{"v": {placeholder: value}, "n": [note indexes], "f": [fact indexes], "m": [record paths]}`
///
/// - `v`: the values its templates were filled with, except the factor table's name (the decision's
///   `mme_table`, put back on reading);
/// - `n`: which of the rule's notes held (left out when none);
/// - `f`: the facts it read, as positions in its decision record's fact list, which holds each fact once;
/// - `m`: the record paths it matched (left out when none).
///
/// Short keys, because there are millions of these rows.
struct StoredFill: Sendable, Equatable {
  var fill: AdvisoryFill
  var factIndexes: [Int]
  var matchedInputs: [String]

  init(fill: AdvisoryFill, factIndexes: [Int], matchedInputs: [String]) {
    self.fill = fill
    self.factIndexes = factIndexes
    self.matchedInputs = matchedInputs
  }

  var columnJSON: String {
    var object = JSONObject([
      (
        "v",
        .object(
          JSONObject(
            fill.values.filter { $0.key != Template.tablePlaceholder }.sorted { $0.key < $1.key }.map {
              ($0.key, JSONValue.string($0.value))
            }))
      )
    ])
    if !fill.notes.isEmpty { object["n"] = .array(fill.notes.map { .number(Double($0)) }) }
    object["f"] = .array(factIndexes.map { .number(Double($0)) })
    if !matchedInputs.isEmpty { object["m"] = .array(matchedInputs.map(JSONValue.string)) }
    return JSONWriter.compactString(.object(object))
  }

  /// The fill `columnJSON` wrote, with `mmeTable` (the decision's table) put back among the values.
  init(text: String, mmeTable: String) throws {
    guard case .object(let object) = try StoredRecord.parse(text, what: "an advisory's fill"),
      case .object(let values) = object["v"], case .array(let facts) = object["f"]
    else { throw StoreError.damagedRecord("an advisory's fill without its values and facts") }
    var filled = [Template.tablePlaceholder: mmeTable]
    for (key, value) in values.entries {
      guard case .string(let text) = value else { throw StoreError.damagedRecord("fill value '\(key)' is not text") }
      filled[key] = text
    }
    func indexes(_ items: [JSONValue], _ what: String) throws -> [Int] {
      try items.map { item in
        guard case .number(let number) = item, let index = Int(exactly: number), index >= 0 else {
          throw StoreError.damagedRecord("fill \(what) holds \(item.kindDescription), not a position")
        }
        return index
      }
    }
    let notes: [Int]
    switch object["n"] {
    case nil: notes = []
    case .array(let items)?: notes = try indexes(items, "notes")
    case let other?: throw StoreError.damagedRecord("fill notes are \(other.kindDescription)")
    }
    var matched: [String] = []
    switch object["m"] {
    case nil: break
    case .array(let items)?:
      for item in items {
        guard case .string(let path) = item else { throw StoreError.damagedRecord("fill holds a non-text path") }
        matched.append(path)
      }
    case let other?: throw StoreError.damagedRecord("fill paths are \(other.kindDescription)")
    }
    self.init(
      fill: AdvisoryFill(values: filled, notes: notes), factIndexes: try indexes(facts, "facts"),
      matchedInputs: matched)
  }
}
