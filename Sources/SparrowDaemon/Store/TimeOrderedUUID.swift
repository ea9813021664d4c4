public import Foundation

// MARK: - TimeOrderedUUID

/// Version 7 UUIDs (RFC 9562 §5.7): a 48-bit Unix time in milliseconds, then random bits.
///
/// Advisory UUIDs are indexed; random (version 4) ones land all over the index and each insert touches a cold page.
/// Time-ordered ones append near the end of the index. The random part comes from the system generator (the
/// `getrandom` call) rather than Foundation's `UUID()`, which opens `/dev/urandom` for every value.
public enum TimeOrderedUUID {
  /// `count` new UUIDs for `date`, in lower-case text form, distinct from each other: one draw from the system
  /// generator, then the values count up from it (above the byte that carries the variant bits, so no two of
  /// them can collide). One draw per batch keeps `getrandom` off the per-advisory path.
  public static func make(count: Int, at date: Date = Date()) -> [String] {
    makeBytes(count: count, at: date).map(text)
  }

  /// The same as `make(count:at:)`, as the 16 bytes the store keeps.
  public static func makeBytes(count: Int, at date: Date = Date()) -> [[UInt8]] {
    var generator = SystemRandomNumberGenerator()
    let random: (UInt64, UInt64) = (generator.next(), generator.next())
    let milliseconds = UInt64(max(0, date.timeIntervalSince1970 * 1000))
    return (0..<count).map { bytes(milliseconds: milliseconds, random: (random.0, random.1 &+ UInt64($0) << 8)) }
  }

  /// The UUID for a timestamp and 128 random bits (74 of which are used): the deterministic core, for tests.
  static func make(milliseconds: UInt64, random: (UInt64, UInt64)) -> String {
    text(bytes(milliseconds: milliseconds, random: random))
  }

  static func bytes(milliseconds: UInt64, random: (UInt64, UInt64)) -> [UInt8] {
    var bytes = [UInt8](repeating: 0, count: 16)
    for index in 0..<6 { bytes[index] = UInt8(truncatingIfNeeded: milliseconds >> (40 - 8 * UInt64(index))) }
    for index in 6..<16 {
      let source = index < 8 ? random.0 : random.1
      bytes[index] = UInt8(truncatingIfNeeded: source >> (8 * UInt64(index % 8)))
    }
    bytes[6] = 0x70 | (bytes[6] & 0x0F)  // version 7
    bytes[8] = 0x80 | (bytes[8] & 0x3F)  // variant 10
    return bytes
  }

  /// The lower-case text form of 16 bytes (`xxxxxxxx-xxxx-…`).
  static func text(_ bytes: [UInt8]) -> String {
    let digits = Array("0123456789abcdef".utf8)
    var characters: [UInt8] = []
    characters.reserveCapacity(36)
    for (index, byte) in bytes.enumerated() {
      if index == 4 || index == 6 || index == 8 || index == 10 { characters.append(UInt8(ascii: "-")) }
      characters.append(digits[Int(byte >> 4)])
      characters.append(digits[Int(byte & 0x0F)])
    }
    return String(decoding: characters, as: UTF8.self)
  }

  /// The 16 bytes of a UUID's text form, or nil if it is not one.
  static func bytes(_ text: String) -> [UInt8]? {
    guard let uuid = UUID(uuidString: text) else { return nil }
    return withUnsafeBytes(of: uuid.uuid) { Array($0) }
  }
}
