import Foundation
import SparrowCore

// MARK: - CodableBridge

/// Carries `Codable` values (the worklist's types) inside the control protocol's `JSONValue` messages.
enum CodableBridge {
  /// `value` as a JSON value (sorted keys).
  static func json(_ value: some Encodable) -> JSONValue {
    guard let data = try? JSONEncoder.sorted.encode(value), let json = try? JSONParser().parse(Array(data)) else {
      return .null
    }
    return json
  }

  /// The value `json` holds, or nil.
  static func decode<T: Decodable>(_ type: T.Type, _ json: JSONValue) -> T? {
    try? JSONDecoder().decode(type, from: Data(JSONWriter.compactString(json).utf8))
  }
}
