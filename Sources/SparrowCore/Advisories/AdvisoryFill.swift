// MARK: - AdvisoryFill

/// What one advisory adds to its rule's constant text: the value of each placeholder and which conditional notes
/// held. With the rule's `RuleText` it renders the advisory's summary, detail and suggestions.
public struct AdvisoryFill: Sendable, Equatable {
  /// Placeholder → rendered value (`load.totalMME` → `94`, `mmeTable` → `cdc-2022`).
  public var values: [String: String]
  /// Indexes into the rule's notes of those whose condition held, in order.
  public var notes: [Int]

  /// A fill from its parts.
  public init(values: [String: String], notes: [Int]) {
    self.values = values
    self.notes = notes
  }
}
