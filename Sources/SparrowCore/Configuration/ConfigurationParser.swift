// MARK: - ConfigurationParser

/// Parses a YAML configuration file into `Value`: every key optional, unknown keys errors, each value typed and
/// range-checked, every problem reported with its location. The daemon's and the console's configurations both
/// read through here.
struct ConfigurationParser<Value> {
  private var reader = PolicyReader()
  private let fields: PolicyFields

  /// `text` (from `path`) parsed onto `defaults` by `apply`; `what` names the file's kind in errors.
  static func parse(
    _ text: String, path: String, what: String, keys: [String], defaults: Value,
    apply: (inout ConfigurationParser, inout Value) -> Void
  ) -> Result<Value, PolicyLoadFailure> {
    var value = defaults
    switch PolicyNode.parse(text, file: path) {
    case .failure(let error): return .failure(PolicyLoadFailure(errors: [error]))
    case .success(nil): return .success(value)
    case .success(let root?):
      var reader = PolicyReader()
      guard let fields = reader.fields(root, what: what, allowed: keys) else {
        return .failure(PolicyLoadFailure(errors: reader.errors.sorted()))
      }
      var file = ConfigurationParser(reader: reader, fields: fields)
      apply(&file, &value)
      let errors = file.reader.errors
      return errors.isEmpty ? .success(value) : .failure(PolicyLoadFailure(errors: errors.sorted()))
    }
  }

  private init(reader: PolicyReader, fields: PolicyFields) {
    self.reader = reader
    self.fields = fields
  }

  /// Text at `key`, if given.
  mutating func text(_ key: String, _ target: inout String) {
    if let node = fields[key], let value = reader.string(node, what: key) { target = value }
  }

  /// A list of text at `key`, if given.
  mutating func texts(_ key: String, _ target: inout [String]) {
    if let node = fields[key], let value = reader.strings(node, what: key) { target = value }
  }

  /// A whole number in `range` at `key`, if given.
  mutating func integer(_ key: String, _ range: ClosedRange<Int>, _ target: inout Int) {
    guard let node = fields[key], let value = reader.number(node, what: key) else { return }
    guard value.rounded() == value, value >= Double(range.lowerBound), value <= Double(range.upperBound) else {
      reader.error(node.location, "\(key): expected a whole number from \(range.lowerBound) to \(range.upperBound)")
      return
    }
    target = Int(value)
  }

  /// `true` or `false` at `key`, if given.
  mutating func flag(_ key: String, _ target: inout Bool) {
    if let node = fields[key], let value = reader.bool(node, what: key) { target = value }
  }

  /// Reports `message` at `key`'s value.
  mutating func error(at key: String, _ message: String) {
    if let node = fields[key] { reader.error(node.location, message) }
  }
}
