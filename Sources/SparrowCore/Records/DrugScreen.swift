// MARK: - DrugScreen

/// A urine drug screen result: a LOINC-coded test in the CDC IG's urine drug screening value sets, with a
/// qualitative result (CDC 2022 Recommendation 10).
public struct DrugScreen: Sendable, Equatable {
  /// The test's LOINC code.
  public var loinc: String
  /// Positive or negative.
  public var result: DrugScreenResult
  /// When the specimen was taken, when sent.
  public var date: CalendarDate?

  /// The CDC IG value set of every urine drug screening test.
  public static let anyScreen = "all-urine-drug-screening-tests"
  /// The value sets of screens whose positive result CDC 2022 Recommendation 10 singles out.
  public static let cocaineScreens = "cocaine-urine-drug-screening-tests"
  public static let phencyclidineScreens = "phencyclidine-urine-drug-screening-tests"

  /// A result from its parts.
  public init(loinc: String, result: DrugScreenResult, date: CalendarDate? = nil) {
    self.loinc = loinc
    self.result = result
    self.date = date
  }
}

// MARK: - DrugScreenResult

/// A qualitative screen result.
public enum DrugScreenResult: String, Sendable, CaseIterable {
  case positive, negative
}
