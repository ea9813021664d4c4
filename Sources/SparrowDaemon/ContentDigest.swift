import Crypto

// MARK: - ContentDigest

/// SHA-256 in lower-case hex: the identity of a received file's content and of a policy set's canonical form.
public enum ContentDigest {
  /// SHA-256 of `bytes`.
  public static func sha256(_ bytes: [UInt8]) -> String {
    SHA256.hash(data: bytes).map { byte in
      let hex = String(byte, radix: 16)
      return byte < 16 ? "0" + hex : hex
    }.joined()
  }
}
