// MARK: - MMEExpectation

/// A fixture with its hand-worked MME totals, for table tests.
public struct MMEExpectation: Sendable, CustomStringConvertible {
  /// The fixture's case name.
  public let name: String
  /// Expected scheduled MME/day.
  public let scheduled: Double
  /// Expected as-needed maximum MME/day.
  public let asNeeded: Double
  /// Whether every active opioid's MME is known.
  public let complete: Bool

  /// An expectation from its parts.
  public init(name: String, scheduled: Double, asNeeded: Double, complete: Bool) {
    self.name = name
    self.scheduled = scheduled
    self.asNeeded = asNeeded
    self.complete = complete
  }

  /// The fixture's name, shown for each case of a table test.
  public var description: String { name }
}
