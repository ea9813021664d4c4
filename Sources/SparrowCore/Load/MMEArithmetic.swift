// MARK: - MMEArithmetic

/// Rounding and number text for MME figures.
///
/// Factors such as 0.15 have no exact binary form, so 30 mg × 0.15 comes out as 4.499999…; every MME and
/// daily dose is rounded to 0.01 so that totals and thresholds compare as a pharmacist computes them by hand.
/// (The CDC CDS implementation rounds to 0.1; 0.01 keeps more of the figure and still removes binary noise.)
public enum MMEArithmetic {
  /// `value` rounded to two decimals.
  public static func rounded(_ value: Double) -> Double {
    (value * 100).rounded() / 100
  }

  /// A number in the shortest plain form, rounded to two decimals (`2`, `0.5`, `7.5`, `4.5`).
  public static func text(_ value: Double) -> String {
    JSONWriter.numberText(rounded(value))
  }
}
