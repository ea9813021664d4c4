// MARK: - StoreCounts

/// What the store holds, for `sparrow status` and the watchdog's status line.
public struct StoreCounts: Sendable, Equatable {
  /// Files received: decided, quarantined, or duplicates of content already decided.
  public var received: Int
  /// Decisions recorded.
  public var decided: Int
  /// Files quarantined.
  public var quarantined: Int
  /// Advisories in the open queue.
  public var openAdvisories: Int

  /// Nothing yet.
  public static let zero = StoreCounts(received: 0, decided: 0, quarantined: 0, openAdvisories: 0)

  /// Counts from their parts.
  public init(received: Int, decided: Int, quarantined: Int, openAdvisories: Int) {
    self.received = received
    self.decided = decided
    self.quarantined = quarantined
    self.openAdvisories = openAdvisories
  }
}
