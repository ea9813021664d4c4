// MARK: - RecordLimits

/// Hard limits on one medication file. Input beyond them is a data error, never a crash or a stall.
public struct RecordLimits: Sendable, Equatable {
  /// Largest accepted file, in bytes.
  public var maxBytes: Int
  /// Deepest accepted nesting of arrays and objects (the v1 format needs 4).
  public var maxDepth: Int
  /// Most medication orders in one file.
  public var maxMedications: Int
  /// Most conditions in one file.
  public var maxConditions: Int
  /// Most observations in one file.
  public var maxObservations: Int
  /// Longest accepted string, in characters.
  public var maxStringLength: Int

  /// Limits from their parts.
  public init(
    maxBytes: Int = 1_048_576, maxDepth: Int = 16, maxMedications: Int = 500, maxConditions: Int = 1000,
    maxObservations: Int = 2000, maxStringLength: Int = 4096
  ) {
    self.maxBytes = maxBytes
    self.maxDepth = maxDepth
    self.maxMedications = maxMedications
    self.maxConditions = maxConditions
    self.maxObservations = maxObservations
    self.maxStringLength = maxStringLength
  }

  /// The defaults: 1 MiB, depth 16, 500 orders, 1 000 conditions, 2 000 observations, 4 096-character strings.
  public static let standard = RecordLimits()
}
