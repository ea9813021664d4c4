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
    let json = try StoredRecord.parse(text, what: "an advisory's fill")
    do {
      let object = try json.storedObject("an advisory's fill")
      var filled = [Template.tablePlaceholder: mmeTable]
      for (key, value) in try object.stored("v").storedObject("'v'").entries {
        filled[key] = try value.storedString("value '\(key)'")
      }
      self.init(
        fill: AdvisoryFill(values: filled, notes: object["n"] == nil ? [] : try object.storedPositions("n")),
        factIndexes: try object.storedPositions("f"),
        matchedInputs: object["m"] == nil ? [] : try object.storedStrings("m"))
    } catch {
      throw StoreError.damagedRecord("an advisory's fill: \(error.message)")
    }
  }
}
