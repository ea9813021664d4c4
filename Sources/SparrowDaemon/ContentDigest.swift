import Crypto

// MARK: - ContentDigest

/// SHA-256 in lower-case hex: the identity of a received file's content and of a policy set's canonical form.
public enum ContentDigest {
  /// SHA-256 of `bytes`.
  public static func sha256(_ bytes: [UInt8]) -> String {
    // Written as bytes: a String per byte, joined, showed in the intake profile.
    let digits = Array("0123456789abcdef".utf8)
    var hex: [UInt8] = []
    hex.reserveCapacity(64)
    for byte in SHA256.hash(data: bytes) {
      hex.append(digits[Int(byte >> 4)])
      hex.append(digits[Int(byte & 0x0f)])
    }
    return String(decoding: hex, as: UTF8.self)
  }
}
