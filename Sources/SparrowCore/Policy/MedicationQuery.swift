// MARK: - MedicationQuery

/// A policy's question about the record's medication orders: which orders match (by code list, class, route,
/// formulation and time), and what must be true of them (any match, a summed daily dose, a dose frequency or a
/// count of distinct ingredients).
///
/// Written `medication: {in: LIST, class: [CLASS…], route: [ROUTE…], longActing: BOOL, within: DAYS,
/// startedWithin: DAYS, dailyDose: {OP: MG}, dosesPerDay: {OP: N}, count: {OP: N}}`; `medicationIn: LIST` is
/// `medication: {in: LIST}`.
public struct MedicationQuery: Sendable, Equatable {
  /// An ingredient code list the order's ingredient (or one of its other ingredients) is in.
  public var list: String?
  /// Drug classes one of which the order's ingredient (or one of its other ingredients) belongs to; empty for
  /// any class.
  public var drugClasses: [DrugClass] = []
  /// The routes that match; empty for any route.
  public var routes: [Route] = []
  /// Whether the order must be (`true`) or must not be (`false`) an extended-release or long-acting opioid.
  public var longActing: Bool?
  /// Orders taken in the past so many days count too (active on the date, or started or ended in the window);
  /// `nil` for orders active on the evaluation date only.
  public var withinDays: Int?
  /// The order must have started in the past so many days (its start date known).
  public var startedWithinDays: Int?
  /// The matching orders' daily doses summed (mg/day), compared with a number. With a dose that cannot be
  /// worked out, the known part is a lower bound: enough for `atLeast` and `above`, never for the others.
  public var dailyDose: Bound?
  /// Some matching order's administrations per day, compared with a number.
  public var dosesPerDay: Bound?
  /// The number of distinct matching ingredients, compared with a number.
  public var count: Bound?

  /// A comparison with a number.
  public struct Bound: Sendable, Equatable {
    /// The operator.
    public var comparison: Comparison
    /// The number.
    public var value: Double

    /// A bound from its parts.
    public init(_ comparison: Comparison, _ value: Double) {
      self.comparison = comparison
      self.value = value
    }
  }

  /// A query from its parts.
  public init(
    list: String? = nil, drugClasses: [DrugClass] = [], routes: [Route] = [], longActing: Bool? = nil,
    withinDays: Int? = nil, startedWithinDays: Int? = nil, dailyDose: Bound? = nil, dosesPerDay: Bound? = nil,
    count: Bound? = nil
  ) {
    self.list = list
    self.drugClasses = drugClasses
    self.routes = routes
    self.longActing = longActing
    self.withinDays = withinDays
    self.startedWithinDays = startedWithinDays
    self.dailyDose = dailyDose
    self.dosesPerDay = dosesPerDay
    self.count = count
  }
}

// MARK: - Evaluation

extension MedicationQuery {
  /// Whether the query holds for `assessment`, with the paths of the orders it matched.
  func evaluate(_ assessment: Assessment, ingredients: Set<String>?) -> (holds: Bool, paths: [String]) {
    let date = assessment.evaluatedOn
    var matched = assessment.load.orders.filter { load in
      let order = assessment.record.medications[load.index]
      // The lead ingredient or any other one matches (tested without building a combined array per order).
      if let ingredients, !ingredients.contains(load.ingredient),
        !order.otherIngredients.contains(where: ingredients.contains)
      {
        return false
      }
      if !drugClasses.isEmpty, !drugClasses.contains(load.drugClass),
        !load.otherClasses.contains(where: drugClasses.contains)
      {
        return false
      }
      if !routes.isEmpty, !routes.contains(load.route) { return false }
      if let longActing, load.isLongActing != longActing { return false }
      if let startedWithinDays {
        guard let start = order.start, start <= date, start >= date.adding(days: -startedWithinDays) else {
          return false
        }
      }
      guard let withinDays else { return load.isActive }
      return load.isActive || order.wasTaken(within: withinDays, before: date)
    }
    if let dosesPerDay {
      matched = matched.filter { load in
        assessment.record.medications[load.index].frequency.map {
          dosesPerDay.comparison.holds(.number($0.administrationsPerDay), .number(dosesPerDay.value))
        } ?? false
      }
    }
    let paths = matched.map { "medications[\($0.index)]" }
    if let count {
      let names = Set(
        matched.flatMap { load in
          let others = assessment.record.medications[load.index].otherIngredients
          let classed = [(load.ingredient, load.drugClass)] + zip(others, others.map(DrugClassifier.standard.drugClass))
          return classed.filter { name, drugClass in
            (ingredients?.contains(name) ?? true) && (drugClasses.isEmpty || drugClasses.contains(drugClass))
          }.map(\.0)
        })
      return (count.comparison.holds(.number(Double(names.count)), .number(count.value)), paths)
    }
    if let dailyDose {
      var total = 0.0
      var complete = true
      for load in matched {
        // The dose is the lead ingredient's: it counts only when the lead ingredient is what matched.
        let leadMatches =
          (ingredients?.contains(load.ingredient) ?? true)
          && (drugClasses.isEmpty || drugClasses.contains(load.drugClass))
        if let dose = load.dailyDose, dose.unit == .milligramsPerDay, leadMatches {
          total += dose.value
        } else {
          complete = false
        }
      }
      let lowerBoundSuffices = dailyDose.comparison == .atLeast || dailyDose.comparison == .above
      guard !matched.isEmpty, complete || lowerBoundSuffices else { return (false, paths) }
      return (dailyDose.comparison.holds(.number(total), .number(dailyDose.value)), paths)
    }
    return (!matched.isEmpty, paths)
  }
}
