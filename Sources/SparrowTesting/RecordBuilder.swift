public import SparrowCore

// MARK: - RecordBuilder

/// Builds synthetic records in code for table tests.
public enum RecordBuilder {
  /// A synthetic patient record holding `medications`.
  public static func record(
    _ medications: [MedicationOrder], age: Int = 50, conditions: [Condition] = [],
    observations: [Observation] = [], history: ClinicalHistory = .init(), opioidHistory: OpioidHistory = .init()
  ) -> PatientRecord {
    PatientRecord(
      patient: Patient(id: "SYN-TEST", age: age),
      source: RecordSource(pipeline: "unit-test", generatedAt: "2026-11-20T00:00:00Z"),
      medications: medications, conditions: conditions, observations: observations, history: history,
      opioidHistory: opioidHistory)
  }

  /// A scheduled oral order of `milligrams` per dose, `timesPerDay` times a day.
  public static func oral(
    _ ingredient: String, milligrams: Double, timesPerDay: Double, asNeeded: Bool = false,
    maxDailyMilligrams: Double? = nil, start: CalendarDate? = nil, end: CalendarDate? = nil,
    status: OrderStatus = .active, extendedRelease: Bool? = nil
  ) -> MedicationOrder {
    MedicationOrder(
      name: "\(ingredient) (synthetic)", ingredient: ingredient, route: .oral, extendedRelease: extendedRelease,
      dose: Dose(milligrams, .mg), frequency: .timesPerDay(timesPerDay), asNeeded: asNeeded,
      maxDailyDose: maxDailyMilligrams.map { Dose($0, .mg) }, start: start, end: end, status: status)
  }

  /// A fentanyl patch of `rate` mcg/h, `patches` worn at once.
  public static func fentanylPatch(rate: Double, patches: Double = 1, start: CalendarDate? = nil) -> MedicationOrder {
    MedicationOrder(
      name: "fentanyl patch (synthetic)", ingredient: "fentanyl", route: .transdermal, doseForm: .patch,
      dose: Dose(patches, .patch), frequency: .everyHours(72), transdermalRateMcgPerHour: rate, start: start)
  }

  /// A date from its parts (test-only convenience; traps on an impossible date).
  public static func date(_ year: Int, _ month: Int, _ day: Int) -> CalendarDate {
    guard let date = CalendarDate(year: year, month: month, day: day) else {
      preconditionFailure("impossible date \(year)-\(month)-\(day)")
    }
    return date
  }
}
