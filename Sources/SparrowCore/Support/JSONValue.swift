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
public struct JSONObject: Sendable, Equatable {
  /// The keys in document (or insertion) order.
  public private(set) var keys: [String] = []
  private var storage: [String: JSONValue] = [:]

  /// An empty object.
  public init() {}

  /// An object built from ordered pairs; a later pair with the same key replaces the earlier value.
  public init(_ pairs: [(String, JSONValue)]) {
    for (key, value) in pairs { self[key] = value }
  }

  /// The value for `key`, or `nil`. Setting `nil` removes the key.
  public subscript(key: String) -> JSONValue? {
    get { storage[key] }
    set {
      if let newValue {
        if storage.updateValue(newValue, forKey: key) == nil { keys.append(key) }
      } else if storage.removeValue(forKey: key) != nil {
        keys.removeAll { $0 == key }
      }
    }
  }

  /// Whether the object holds `key`.
  public func contains(_ key: String) -> Bool { storage[key] != nil }

  /// The number of keys.
  public var count: Int { keys.count }
}
