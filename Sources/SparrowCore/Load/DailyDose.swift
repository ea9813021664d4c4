// MARK: - DailyDose

/// An order's daily amount of ingredient: mg/day, or for a patch the delivered rate in mcg/h.
public struct DailyDose: Sendable, Equatable {
  /// The amount.
  public var value: Double
  /// `mg/day` or `mcg/h`.
  public var unit: DailyDoseUnit
  /// Whether it is a scheduled dose or an as-needed maximum.
  public var basis: DoseBasis
  /// How it was worked out, in words (`10 mg × 2/day`).
  public var derivation: String

  /// A daily dose from its parts.
  public init(value: Double, unit: DailyDoseUnit, basis: DoseBasis, derivation: String) {
    self.value = value
    self.unit = unit
    self.basis = basis
    self.derivation = derivation
  }
}

// MARK: - DailyDoseUnit

/// Units of a daily dose.
public enum DailyDoseUnit: String, Sendable {
  case milligramsPerDay = "mg/day"
  case microgramsPerHour = "mcg/h"
}

// MARK: - DoseBasis

/// What a daily dose stands for.
public enum DoseBasis: String, Sendable {
  /// A scheduled order's dose × frequency.
  case scheduled
  /// An as-needed order counted at its maximum daily dose (CDC: most aggressive dosing).
  case asNeededMaximum = "as-needed-maximum"
}

// MARK: - Derivation

extension DailyDose {
  /// Works out the daily amount of an order, or says precisely why it cannot.
  ///
  /// Follows the CDC opioid CDS logic (`OMTKLogic.GetDailyDose`): a mass dose × doses/day; a count (tablets,
  /// actuations) × strength × doses/day; a volume × concentration × doses/day; a patch by its mcg/h rate ×
  /// patches. An as-needed order counts at `maxDailyDose`, else at its dose × its (maximum) frequency.
  public static func derive(for order: MedicationOrder) -> Result<DailyDose, DoseProblem> {
    if let problem = order.doseProblem { return .failure(DoseProblem("dose unknown: \(problem)")) }
    guard let dose = order.dose else { return .failure(DoseProblem("dose unknown: no dose given")) }
    if order.route == .transdermal || dose.unit == .patch && order.transdermalRateMcgPerHour != nil {
      return transdermal(order, dose: dose)
    }
    let basis: DoseBasis = order.asNeeded ? .asNeededMaximum : .scheduled
    if order.asNeeded, let maximum = order.maxDailyDose {
      return milligrams(in: maximum, order: order).map { perDay in
        DailyDose(
          value: perDay.value, unit: .milligramsPerDay, basis: basis,
          derivation: "maximum \(format(maximum.value)) \(maximum.unit.rawValue)/day\(perDay.derivation)")
      }
    }
    guard let frequency = order.frequency else {
      return .failure(
        DoseProblem(
          order.asNeeded
            ? "as-needed order without maxDailyDose or frequency" : "scheduled order without frequency"))
    }
    return milligrams(in: dose, order: order).map { perDose in
      let perDay = frequency.administrationsPerDay
      return DailyDose(
        value: perDose.value * perDay, unit: .milligramsPerDay, basis: basis,
        derivation: "\(format(dose.value)) \(dose.unit.rawValue)\(perDose.derivation) × \(format(perDay))/day")
    }
  }

  private static func transdermal(_ order: MedicationOrder, dose: Dose) -> Result<DailyDose, DoseProblem> {
    guard let rate = order.transdermalRateMcgPerHour else {
      return .failure(DoseProblem("transdermal order without transdermalRate (mcg/h)"))
    }
    guard dose.unit == .patch else {
      return .failure(DoseProblem("transdermal dose must count patches; got \(dose.unit.rawValue)"))
    }
    let patches = dose.value
    return .success(
      DailyDose(
        value: rate * patches, unit: .microgramsPerHour, basis: order.asNeeded ? .asNeededMaximum : .scheduled,
        derivation: "\(format(rate)) mcg/h × \(format(patches)) patch\(patches == 1 ? "" : "es")"))
  }

  /// Milligrams of ingredient in `amount`, with a derivation suffix when strength was needed.
  private static func milligrams(
    in amount: Dose, order: MedicationOrder
  ) -> Result<(value: Double, derivation: String), DoseProblem> {
    if let perUnit = amount.unit.milligrams {
      return .success((amount.value * perUnit, ""))
    }
    guard let strength = order.strength else {
      return .failure(DoseProblem("dose in \(amount.unit.rawValue) needs a strength; none given"))
    }
    let isVolume = amount.unit == .mL
    guard strength.unit.isPerVolume == isVolume else {
      return .failure(
        DoseProblem("strength in \(strength.unit.rawValue) does not fit a dose in \(amount.unit.rawValue)"))
    }
    return .success(
      (
        amount.value * strength.value * strength.unit.milligrams,
        " × \(format(strength.value)) \(strength.unit.rawValue)"
      ))
  }

  /// A number in the shortest plain form (`2`, `0.5`, `7.5`).
  static func format(_ value: Double) -> String { MMEArithmetic.text(value) }
}

// MARK: - DoseProblem

/// Why an order's daily dose cannot be worked out.
public struct DoseProblem: Error, Sendable, Equatable, CustomStringConvertible {
  /// The reason, in words.
  public let reason: String

  /// A problem with a reason.
  public init(_ reason: String) { self.reason = reason }

  public var description: String { reason }
}
