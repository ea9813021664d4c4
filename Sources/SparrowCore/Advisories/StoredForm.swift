// MARK: - StoredFormError

/// A stored JSON shape (a rule's text, an advisory's fill, a fact) that does not decode: the record is damaged or
/// was written by something else. Reading throws it rather than showing an empty value.
public struct StoredFormError: Error, Sendable, Equatable, CustomStringConvertible {
  /// What was wrong, with the key.
  public var message: String

  /// An error saying `message`.
  public init(_ message: String) { self.message = message }

  public var description: String { "stored record does not decode: \(message)" }
}

// MARK: - Reading stored JSON

extension JSONValue {
  /// The object, or a `StoredFormError` naming `what`.
  public func storedObject(_ what: String) throws(StoredFormError) -> JSONObject {
    guard case .object(let object) = self else { throw StoredFormError("\(what) is \(kindDescription), not an object") }
    return object
  }

  /// The array, or a `StoredFormError` naming `what`.
  public func storedArray(_ what: String) throws(StoredFormError) -> [JSONValue] {
    guard case .array(let array) = self else { throw StoredFormError("\(what) is \(kindDescription), not an array") }
    return array
  }

  /// The string, or a `StoredFormError` naming `what`.
  public func storedString(_ what: String) throws(StoredFormError) -> String {
    guard case .string(let text) = self else { throw StoredFormError("\(what) is \(kindDescription), not a string") }
    return text
  }
}

extension JSONObject {
  /// The value at `key`, or a `StoredFormError` saying it is missing.
  public func stored(_ key: String) throws(StoredFormError) -> JSONValue {
    guard let value = self[key] else { throw StoredFormError("'\(key)' is missing") }
    return value
  }

  /// The string at `key`.
  public func storedString(_ key: String) throws(StoredFormError) -> String { try stored(key).storedString("'\(key)'") }

  /// The string at `key`, or nil when the key is absent or null.
  public func storedOptionalString(_ key: String) throws(StoredFormError) -> String? {
    guard let value = self[key], value != .null else { return nil }
    return try value.storedString("'\(key)'")
  }

  /// The array of positions (whole numbers, zero or more) at `key`.
  public func storedPositions(_ key: String) throws(StoredFormError) -> [Int] {
    var positions: [Int] = []
    for item in try stored(key).storedArray("'\(key)'") {
      guard case .number(let number) = item, let position = Int(exactly: number), position >= 0 else {
        throw StoredFormError("an item of '\(key)' is \(item.kindDescription), not a position")
      }
      positions.append(position)
    }
    return positions
  }

  /// The array of strings at `key`.
  public func storedStrings(_ key: String) throws(StoredFormError) -> [String] {
    var strings: [String] = []
    for item in try stored(key).storedArray("'\(key)'") { strings.append(try item.storedString("an item of '\(key)'")) }
    return strings
  }
}
