// MARK: - QuarantineEntry

/// A quarantine as the store records it: the name the file arrived under, why, and which arrival it was.
public struct QuarantineEntry: Sendable, Equatable {
  /// The name the file arrived under.
  public var name: String
  /// Why it was quarantined.
  public var reason: QuarantineReason
  /// Which arrival of the file this is (`DropDirectory.FileStamp.claim`), when its entry could be read: the same
  /// claim recorded again after a crash is the same quarantine.
  public var claim: String?
  /// Read again from `processing/` rather than newly received.
  public var isRetry: Bool

  /// An entry from its parts.
  public init(name: String, reason: QuarantineReason, claim: String?, isRetry: Bool) {
    self.name = name
    self.reason = reason
    self.claim = claim
    self.isRetry = isRetry
  }
}
