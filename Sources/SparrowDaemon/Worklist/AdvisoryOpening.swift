// MARK: - AdvisoryOpening

/// A reviewer's first opening of an advisory: with the firing and the reviews, "fired at T, first opened at T+x,
/// reviewed by Y".
public struct AdvisoryOpening: Sendable, Codable, Equatable {
  public var reviewer: String
  public var channel: ReviewChannel
  /// ISO 8601 UTC.
  public var openedAt: String
}
