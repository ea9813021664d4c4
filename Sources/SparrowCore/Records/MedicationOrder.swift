// MARK: - MedicationOrder

/// One medication order: what, how much, how often, and whether it is in force.
///
/// For a combination product (hydrocodone/acetaminophen) `ingredient` and `strength` describe the ingredient
/// that matters for Sparrow (the opioid); the others are in `otherIngredients`.
public struct MedicationOrder: Sendable, Equatable {
  /// The pipeline's order id, when sent.
  public var id: String?
  /// The product name as ordered (display only; never logged).
  public var name: String
  /// RxNorm concept id, when known.
  public var rxnorm: String?
  /// The active ingredient, lower-cased (`oxycodone`).
  public var ingredient: String
  /// Route of administration.
  public var route: Route
  /// Dose form, when sent.
  public var doseForm: DoseForm?
  /// Whether the product is extended-release / long-acting, when sent.
  public var extendedRelease: Bool?
  /// Amount of ingredient per unit (per tablet, per mL), when sent.
  public var strength: Strength?
  /// Amount per administration; nil when the source could not say (FHIR input), with `doseProblem` saying why.
  public var dose: Dose?
  /// Why the dose could not be read, for orders converted from other formats ("dose unknown").
  public var doseProblem: String?
  /// Scheduled frequency, or for an as-needed order its maximum frequency.
  public var frequency: Frequency?
  /// Whether the order is as needed (PRN).
  public var asNeeded: Bool
  /// For an as-needed order: the most that may be given in a day.
  public var maxDailyDose: Dose?
  /// Transdermal delivery rate in mcg/h, for patches.
  public var transdermalRateMcgPerHour: Double?
  /// First day of the order, when sent.
  public var start: CalendarDate?
  /// Last day of the order (inclusive), when sent.
  public var end: CalendarDate?
  /// Order status.
  public var status: OrderStatus
  /// A combination's other (non-opioid) ingredients, lower case: classed too (carisoprodol is a muscle relaxant).
  public var otherIngredients: [String]
  /// How the ingredient was identified.
  public var identifiedBy: IdentificationMethod
  /// What the identification matched, and where that entry came from.
  public var identificationDetail: String?
  /// For an order not resolved to an ingredient: the class its code's value set or its name points to.
  public var unresolvedClass: DrugClass?

  /// An order from its parts.
  public init(
    id: String? = nil, name: String, rxnorm: String? = nil, ingredient: String, route: Route,
    doseForm: DoseForm? = nil, extendedRelease: Bool? = nil, strength: Strength? = nil, dose: Dose?,
    doseProblem: String? = nil,
    frequency: Frequency? = nil, asNeeded: Bool = false, maxDailyDose: Dose? = nil,
    transdermalRateMcgPerHour: Double? = nil, start: CalendarDate? = nil, end: CalendarDate? = nil,
    status: OrderStatus = .active, otherIngredients: [String] = [],
    identifiedBy: IdentificationMethod = .ingredientName,
    identificationDetail: String? = nil, unresolvedClass: DrugClass? = nil
  ) {
    self.id = id
    self.name = name
    self.rxnorm = rxnorm
    self.ingredient = ingredient
    self.route = route
    self.doseForm = doseForm
    self.extendedRelease = extendedRelease
    self.strength = strength
    self.dose = dose
    self.doseProblem = doseProblem
    self.frequency = frequency
    self.asNeeded = asNeeded
    self.maxDailyDose = maxDailyDose
    self.transdermalRateMcgPerHour = transdermalRateMcgPerHour
    self.start = start
    self.end = end
    self.status = status
    self.otherIngredients = otherIngredients
    self.identifiedBy = identifiedBy
    self.identificationDetail = identificationDetail
    self.unresolvedClass = unresolvedClass
  }

  /// Whether the order is in force on `date`: status active or on hold, and `date` within start…end.
  ///
  /// On-hold orders count because they may resume at any time; counting them errs towards caution.
  public func isActive(on date: CalendarDate) -> Bool {
    guard status == .active || status == .onHold else { return false }
    if let start, date < start { return false }
    if let end, end < date { return false }
    return true
  }

  /// Whether the order was taken at some time in the `days` days up to `date`: active then, or (completed or
  /// stopped) with its end, or without an end its start, in the window. A cancelled, draft or erroneous order was
  /// never taken.
  public func wasTaken(within days: Int, before date: CalendarDate) -> Bool {
    let windowStart = date.adding(days: -days)
    switch status {
    case .cancelled, .draft, .enteredInError: return false
    case .active, .onHold, .completed, .stopped:
      if let start, date < start { return false }
      if let end { return end >= windowStart }
      if status == .active || status == .onHold { return true }
      return start.map { $0 >= windowStart } ?? false
    }
  }
}

// MARK: - Route

/// Route of administration.
public enum Route: String, Sendable, CaseIterable {
  case oral, sublingual, buccal, transdermal, intravenous, intramuscular, subcutaneous, nasal, rectal, other
}

// MARK: - DoseForm

/// Dose form of the product.
public enum DoseForm: String, Sendable, CaseIterable {
  case tablet, capsule, solution, patch, film, spray, injection, suppository, lozenge, other
}

// MARK: - OrderStatus

/// Order status, after FHIR R4 MedicationRequest.status.
public enum OrderStatus: String, Sendable, CaseIterable {
  case active
  case onHold = "on-hold"
  case completed, stopped, cancelled, draft
  case enteredInError = "entered-in-error"
}

// MARK: - Dose

/// An amount per administration (or per day, for a maximum daily dose).
public struct Dose: Sendable, Equatable {
  /// The amount, greater than zero.
  public var value: Double
  /// The unit.
  public var unit: DoseUnit

  /// A dose from its parts.
  public init(_ value: Double, _ unit: DoseUnit) {
    self.value = value
    self.unit = unit
  }
}

// MARK: - DoseUnit

/// Units a dose may be given in: a mass, a volume, or a count of units.
public enum DoseUnit: String, Sendable, CaseIterable {
  case mg, mcg, g
  case mL
  case tablet, capsule, patch, actuation

  /// Milligrams per unit, for mass units.
  public var milligrams: Double? {
    switch self {
    case .mg: 1
    case .mcg: 0.001
    case .g: 1000
    default: nil
    }
  }
}

// MARK: - Strength

/// Amount of ingredient per unit of product.
public struct Strength: Sendable, Equatable {
  /// The amount, greater than zero.
  public var value: Double
  /// The unit.
  public var unit: StrengthUnit

  /// A strength from its parts.
  public init(_ value: Double, _ unit: StrengthUnit) {
    self.value = value
    self.unit = unit
  }
}

// MARK: - StrengthUnit

/// Units of strength: per countable unit (mg per tablet) or per volume (mg/mL).
public enum StrengthUnit: String, Sendable, CaseIterable {
  case mg, mcg
  case mgPerML = "mg/mL"
  case mcgPerML = "mcg/mL"

  /// Milligrams of ingredient per unit (or per mL).
  public var milligrams: Double {
    switch self {
    case .mg, .mgPerML: 1
    case .mcg, .mcgPerML: 0.001
    }
  }

  /// Whether the strength is per millilitre.
  public var isPerVolume: Bool { self == .mgPerML || self == .mcgPerML }
}

// MARK: - Frequency

/// How often a dose is given.
public enum Frequency: Sendable, Equatable {
  /// A number of administrations per day.
  case timesPerDay(Double)
  /// One administration every so many hours.
  case everyHours(Double)

  /// Administrations per day.
  public var administrationsPerDay: Double {
    switch self {
    case .timesPerDay(let count): count
    case .everyHours(let hours): 24 / hours
    }
  }
}
