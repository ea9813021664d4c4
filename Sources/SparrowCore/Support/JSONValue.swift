// MARK: - JSONValue

/// A parsed JSON document: the neutral tree that Sparrow's record decoders walk and its renderers write.
///
/// Objects keep their keys in document order so that output built from a `JSONValue` is stable.
public enum JSONValue: Sendable, Equatable {
  case null
  case bool(Bool)
  case number(Double)
  case string(String)
  case array([JSONValue])
  case object(JSONObject)

  /// A short name of the value's kind, used in error messages ("expected a number; got a string").
  public var kindDescription: String {
    switch self {
    case .null: "null"
    case .bool: "a boolean"
    case .number: "a number"
    case .string: "a string"
    case .array: "an array"
    case .object: "an object"
    }
  }
}

// MARK: - JSONObject

/// A JSON object that remembers the order of its keys.
///
/// Entries are kept in order in one array. Small objects (nearly all of them) are searched linearly, which is
/// cheaper than hashing; an object that grows past `indexThreshold` keys also keeps a key → position index so
/// that a hostile document with many keys stays linear to parse. The threshold is above the largest object
/// Sparrow writes itself (an assessment's order, 18 keys), whose index was built for every order it stored.
public struct JSONObject: Sendable, Equatable {
  /// The entries in document (or insertion) order.
  public private(set) var entries: [(key: String, value: JSONValue)] = []
  private var index: [String: Int]?
  static let indexThreshold = 32

  /// An empty object.
  public init() {}

  /// An object built from ordered pairs; a later pair with the same key replaces the earlier value.
  public init(_ pairs: [(String, JSONValue)]) {
    entries.reserveCapacity(pairs.count)
    for (key, value) in pairs { self[key] = value }
  }

  /// The keys in document (or insertion) order.
  public var keys: [String] { entries.map(\.key) }

  /// The value for `key`, or `nil`. Setting `nil` removes the key.
  public subscript(key: String) -> JSONValue? {
    get { position(of: key).map { entries[$0].value } }
    set {
      switch (position(of: key), newValue) {
      case (let found?, let newValue?):
        entries[found].value = newValue
      case (nil, let newValue?):
        entries.append((key, newValue))
        if index != nil {
          index?[key] = entries.count - 1
        } else if entries.count > Self.indexThreshold {
          rebuildIndex()
        }
      case (let found?, nil):
        entries.remove(at: found)
        if index != nil { rebuildIndex() }
      case (nil, nil):
        break
      }
    }
  }

  /// Whether the object holds `key`.
  public func contains(_ key: String) -> Bool { position(of: key) != nil }

  /// The number of keys.
  public var count: Int { entries.count }

  public static func == (left: JSONObject, right: JSONObject) -> Bool {
    left.entries.count == right.entries.count
      && zip(left.entries, right.entries).allSatisfy { $0.key == $1.key && $0.value == $1.value }
  }

  private func position(of key: String) -> Int? {
    if let index { return index[key] }
    return entries.firstIndex { $0.key == key }
  }

  private mutating func rebuildIndex() {
    var rebuilt: [String: Int] = [:]
    rebuilt.reserveCapacity(entries.count)
    for (position, entry) in entries.enumerated() { rebuilt[entry.key] = position }
    index = rebuilt
  }
}
