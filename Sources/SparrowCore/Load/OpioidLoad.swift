// MARK: - OpioidLoad

/// The patient's opioid load at the evaluation date: per order and in total, with the table that produced it.
public struct OpioidLoad: Sendable, Equatable {
  /// The factor table's name (`cdc-2022`).
  public var tableName: String
  /// Every order of the record, in record order.
  public var orders: [OrderLoad]
  /// MME/day of scheduled orders only.
  public var scheduledMME: Double
  /// MME/day of as-needed orders at their maximum daily dose.
  public var asNeededMaximumMME: Double
  /// scheduled + as-needed maxima.
  public var totalMME: Double

  /// A load from its parts.
  public init(tableName: String, orders: [OrderLoad]) {
    self.tableName = tableName
    self.orders = orders
    let counted = orders.filter { $0.status == .counted }
    scheduledMME = MMEArithmetic.rounded(counted.filter { !$0.isAsNeeded }.reduce(0) { $0 + ($1.mme ?? 0) })
    asNeededMaximumMME = MMEArithmetic.rounded(counted.filter(\.isAsNeeded).reduce(0) { $0 + ($1.mme ?? 0) })
    totalMME = MMEArithmetic.rounded(scheduledMME + asNeededMaximumMME)
  }

  /// Active opioid orders whose MME is unknown, and orders whose medication could not be identified at all.
  public var unknownOrders: [OrderLoad] {
    orders.filter { $0.status == .unknown && ($0.drugClass == .opioid || $0.identifiedBy == .unresolvedReference) }
  }

  /// Active orders whose medication Sparrow could not place in any class (unclassified, or a reference that did
  /// not resolve): any of them may be of a class a fact asks about.
  public var unidentifiedOrders: [OrderLoad] {
    orders.filter { $0.isActive && ($0.status == .unclassified || $0.identifiedBy == .unresolvedReference) }
  }
  /// Active opioid orders excluded from the sum (buprenorphine).
  public var excludedOrders: [OrderLoad] { orders.filter { $0.status == .excluded } }
  /// Active opioid orders of any status.
  public var activeOpioidOrders: [OrderLoad] { orders.filter { $0.isActive && $0.drugClass == .opioid } }
  /// Whether every active opioid's MME is in the total (none unknown). When false, the total is a lower bound.
  public var isComplete: Bool { unknownOrders.isEmpty }

  /// Which part drives the total: the larger of the scheduled and the as-needed part; `none` when both are 0.
  public var drivenBy: LoadDriver {
    if totalMME == 0 { return .none }
    return asNeededMaximumMME > scheduledMME ? .asNeededMaxima : .scheduled
  }
}

// MARK: - LoadDriver

/// Which part of the total dominates.
public enum LoadDriver: String, Sendable {
  case scheduled
  case asNeededMaxima = "as-needed-maxima"
  case none
}

// MARK: - Calculation

extension OpioidLoad {
  /// Computes the load of `record` at `date` with `table`.
  public static func compute(
    for record: PatientRecord, on date: CalendarDate, table: MMEFactorTable,
    classifier: DrugClassifier = .standard
  ) -> OpioidLoad {
    // A dose-tiered factor (CDC 2016 methadone) is chosen on the day's total of that ingredient over every active
    // order, not per order: 20 + 20 + 15 mg is 55 mg/day, one tier for all three.
    var tierTotals: [String: Double] = [:]
    for order in record.medications where order.isActive(on: date) {
      guard let entry = table.entry(for: order.ingredient, route: order.route), case .tiered = entry.rule,
        case .success(let dose) = DailyDose.derive(for: order), dose.unit == .milligramsPerDay
      else { continue }
      tierTotals[order.ingredient, default: 0] += dose.value
    }
    let orders = record.medications.enumerated().map { index, order in
      orderLoad(order, index: index, on: date, table: table, classifier: classifier, tierTotals: tierTotals)
    }
    return OpioidLoad(tableName: table.name, orders: orders)
  }

  private static func orderLoad(
    _ order: MedicationOrder, index: Int, on date: CalendarDate, table: MMEFactorTable,
    classifier: DrugClassifier, tierTotals: [String: Double]
  ) -> OrderLoad {
    // An unresolved name keeps the class its name suggests (an opioid-like name is an opioid of unknown MME).
    let drugClass =
      order.identifiedBy == .unresolvedName
      ? order.unresolvedClass ?? .opioid : classifier.drugClass(of: order.ingredient)
    let isActive = order.isActive(on: date)
    let derived = DailyDose.derive(for: order)
    var load = OrderLoad(
      index: index, ingredient: order.ingredient, route: order.route, drugClass: drugClass, isActive: isActive,
      isLongActing: drugClass == .opioid && classifier.isLongActing(order), isAsNeeded: order.asNeeded,
      dailyDose: try? derived.get(), factor: nil, mme: nil, status: .notAnOpioid, reason: nil)
    load.otherClasses = order.otherIngredients.map(classifier.drugClass(of:)).filter { $0 != .other }
    load.identifiedBy = order.identifiedBy
    guard isActive else {
      load.status = .inactive
      load.reason = inactiveReason(order, on: date)
      return load
    }
    if order.identifiedBy.leavesIdentityUnknown {
      // Never 0 and never "not an opioid": what it is, and so its MME, is unknown.
      load.status = .unknown
      load.reason = "medication not identified: \(order.identificationDetail ?? order.identifiedBy.rawValue)"
      return load
    }
    if order.identifiedBy == .unclassified {
      load.status = .unclassified
      load.reason = order.identificationDetail
      return load
    }
    guard drugClass == .opioid else { return load }
    guard let entry = table.entry(for: order.ingredient, route: order.route) else {
      load.status = .unknown
      load.reason =
        table.mentions(order.ingredient)
        ? "\(table.name) has no factor for \(order.ingredient) by \(order.route.rawValue) route"
        : "\(table.name) has no factor for \(order.ingredient)"
      return load
    }
    if case .excluded(let reason) = entry.rule {
      load.status = .excluded
      load.reason = reason
      return load
    }
    let dailyDose: DailyDose
    switch derived {
    case .success(let value): dailyDose = value
    case .failure(let problem):
      load.status = .unknown
      load.reason = problem.reason
      return load
    }
    let tierTotal = tierTotals[order.ingredient].map(MMEArithmetic.rounded)
    guard let factor = factor(of: entry.rule, for: dailyDose, tierTotal: tierTotal) else {
      load.status = .unknown
      load.reason =
        "\(table.name) factor for \(order.ingredient) does not apply to a dose in \(dailyDose.unit.rawValue)"
      return load
    }
    load.factor = factor
    load.mme = MMEArithmetic.rounded(dailyDose.value * factor)
    load.status = .counted
    if case .tiered = entry.rule, let tierTotal, tierTotal != MMEArithmetic.rounded(dailyDose.value) {
      load.reason =
        "tier chosen on the day's total \(order.ingredient) of \(MMEArithmetic.text(tierTotal)) mg/day over all active orders"
    }
    return load
  }

  /// The factor `rule` gives a daily dose (a tiered rule by `tierTotal`, else by the dose itself).
  static func factor(of rule: MMEFactorRule, for dose: DailyDose, tierTotal: Double?) -> Double? {
    switch (rule, dose.unit) {
    case (.perMilligram(let factor), .milligramsPerDay): return factor
    case (.perMicrogramPerHour(let factor), .microgramsPerHour): return factor
    case (.tiered(let tiers), .milligramsPerDay):
      let milligrams = tierTotal ?? MMEArithmetic.rounded(dose.value)
      return tiers.first { tier in tier.upToMilligrams.map { milligrams <= $0 } ?? true }?.factor
    default: return nil
    }
  }

  private static func inactiveReason(_ order: MedicationOrder, on date: CalendarDate) -> String {
    if order.status != .active && order.status != .onHold { return "status \(order.status.rawValue)" }
    if let start = order.start, date < start { return "starts \(start)" }
    if let end = order.end, end < date { return "ended \(end)" }
    return "not in force"
  }
}
