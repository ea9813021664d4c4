// MARK: - MMEThreshold

/// The MME/day thresholds the Swift code itself uses (the bands of `load.band` and the side-effect score's MME
/// points). Rules keep their own thresholds in policy; these are the CDC's, beside the factor tables.
public enum MMEThreshold {
  /// The low band's upper edge (`<20`), for reporting only.
  public static let low: Double = 20
  /// CDC 2022 Rec 4 (and 2016 Rec 5): at 50 MME/day or more, pause and reassess benefits and risks.
  public static let reassess: Double = 50
  /// CDC 2016 Rec 5 and the CDC's CDS logic: at 90 MME/day or more, avoid or carefully justify.
  public static let avoidOrJustify: Double = 90
}
