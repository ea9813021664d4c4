// MARK: - ToleranceRisk

/// Tolerance facts: duration, escalation, FDA opioid tolerance, multiple and mixed long/short-acting opioids.
public struct ToleranceRisk: Sendable, Equatable {
  /// The facts, in a stable order.
  public var facts: [Fact]
  /// One point per present fact among long-term, escalating, opioid-tolerant, multiple opioids, long- and
  /// short-acting together.
  public var score: Int
  /// The score's band.
  public var level: RiskLevel

  /// Days of continuous opioid therapy from which it counts as long-term: chronic pain is pain lasting more
  /// than 3 months (CDC 2022 guideline, duration categories: acute < 1 month, subacute 1–3, chronic > 3).
  public static let longTermDays = 90

  /// FDA opioid tolerance: for at least one week, at least 60 mg oral morphine/day, 25 mcg/h transdermal
  /// fentanyl, 30 mg oral oxycodone/day, 8 mg oral hydromorphone/day, 25 mg oral oxymorphone/day, or an
  /// equianalgesic dose of another opioid (taken here as ≥ 60 MME/day, the morphine figure).
  public static let toleranceDays = 7

  /// The smallest rise that counts as escalation: at least 10 MME/day and at least 10 % of the earlier figure.
  /// No guideline sets one; 10 % is the step CDC 2022 names for a taper, and the MME floor keeps rounding noise
  /// and small as-needed changes out.
  public static let escalationMinimumMME = 10.0
  /// See `escalationMinimumMME`.
  public static let escalationMinimumPercent = 10.0
  /// The FDA's drug-specific daily amounts (mg/day oral; fentanyl in mcg/h transdermal).
  public static let toleranceThresholds: [String: (route: Route, amount: Double)] = [
    "morphine": (.oral, 60), "oxycodone": (.oral, 30), "hydromorphone": (.oral, 8), "oxymorphone": (.oral, 25),
    "fentanyl": (.transdermal, 25),
  ]
  /// The equianalgesic figure for other opioids: 60 mg oral morphine = 60 MME/day.
  public static let toleranceMME = 60.0

  /// Derives the facts from a record and its load.
  static func derive(
    record: PatientRecord, load: OpioidLoad, on date: CalendarDate, table: MMEFactorTable
  ) -> ToleranceRisk {
    let opioids = load.activeOpioidOrders
    let opioidPaths = opioids.map { "medications[\($0.index)]" }
    var facts: [Fact] = []

    let since = therapyStart(record: record, opioids: opioids)
    if let since {
      let days = since.date.days(until: date)
      facts.append(Fact(.toleranceDaysOnOpioids, .number(Double(days)), evidence: [since.path]))
      facts.append(
        Fact(
          .toleranceLongTerm, .bool(days >= longTermDays), evidence: [since.path],
          note: "\(days) days since \(since.date); long-term from \(longTermDays)"))
    } else {
      facts.append(Fact(.toleranceDaysOnOpioids, .unknown, note: "no start date for any active opioid"))
      facts.append(Fact(.toleranceLongTerm, .unknown, note: "duration unknown"))
    }

    facts += escalationFacts(record: record, load: load, on: date)
    facts.append(opioidTolerance(record: record, load: load, on: date, table: table))

    let ingredients = Set(opioids.map(\.ingredient))
    facts.append(Fact(.toleranceOpioidCount, .number(Double(ingredients.count)), evidence: opioidPaths))
    facts.append(
      Fact(
        .toleranceMultipleOpioids, .bool(ingredients.count >= 2), evidence: opioidPaths,
        note: "distinct active opioid ingredients"))
    let longActing = opioids.filter(\.isLongActing)
    let shortActing = opioids.filter { !$0.isLongActing }
    facts.append(
      Fact(
        .toleranceLongAndShortActing, .bool(!longActing.isEmpty && !shortActing.isEmpty),
        evidence: longActing.isEmpty || shortActing.isEmpty ? [] : opioidPaths))

    let scored: [FactName] = [
      .toleranceLongTerm, .toleranceEscalating, .toleranceOpioidTolerant, .toleranceMultipleOpioids,
      .toleranceLongAndShortActing,
    ]
    let score = facts.filter { fact in scored.contains { $0.rawValue == fact.name } && fact.value.boolValue == true }
      .count
    return ToleranceRisk(facts: facts, score: score, level: RiskLevel(score: score))
  }

  /// The start of continuous therapy: the record's `opioidHistory.continuousSince`, else the earliest start of
  /// an active opioid order.
  private static func therapyStart(
    record: PatientRecord, opioids: [OrderLoad]
  ) -> (date: CalendarDate, path: String)? {
    if let since = record.opioidHistory.continuousSince { return (since, "opioidHistory.continuousSince") }
    return opioids.compactMap { load in
      record.medications[load.index].start.map { ($0, "medications[\(load.index)].start") }
    }.min { $0.0 < $1.0 }
  }

  private static func escalationFacts(record: PatientRecord, load: OpioidLoad, on date: CalendarDate) -> [Fact] {
    let earlier = record.opioidHistory.dailyMME.enumerated().filter { $0.element.date < date }
    guard let (index, previous) = earlier.last.map({ ($0.offset, $0.element) }) else {
      return [
        Fact(.tolerancePreviousMME, .unknown, note: "no earlier MME/day in opioidHistory.dailyMME"),
        Fact(.toleranceEscalationPercent, .unknown),
        Fact(.toleranceEscalating, .unknown, note: "no earlier MME/day to compare"),
      ]
    }
    let path = "opioidHistory.dailyMME[\(index)]"
    let change = load.totalMME - previous.mme
    let percent: FactValue = previous.mme > 0 ? .number(MMEArithmetic.rounded(change / previous.mme * 100)) : .unknown
    return [
      Fact(.tolerancePreviousMME, .number(previous.mme), evidence: [path]),
      Fact(.toleranceEscalationPercent, percent, evidence: [path]),
      Fact(
        .toleranceEscalating,
        .bool(
          change >= escalationMinimumMME
            && (previous.mme == 0 || change / previous.mme * 100 >= escalationMinimumPercent)),
        evidence: [path],
        note: "\(MMEArithmetic.text(previous.mme)) on \(previous.date) → \(MMEArithmetic.text(load.totalMME)) MME/day"),
    ]
  }

  private static func opioidTolerance(
    record: PatientRecord, load: OpioidLoad, on date: CalendarDate, table: MMEFactorTable
  ) -> Fact {
    let cutoff = date.adding(days: -toleranceDays)
    func start(_ order: OrderLoad) -> CalendarDate? {
      record.medications[order.index].start ?? record.opioidHistory.continuousSince
    }
    let sustained = load.activeOpioidOrders.filter { order in
      !order.isAsNeeded && (start(order).map { $0 <= cutoff } ?? false)
    }
    // A scheduled order that ran for a week and ended no earlier than the day before a current scheduled opioid
    // began (or than yesterday) still counts: therapy went on, as in the switch from immediate to extended
    // release. An ended order has no MME in the load; its equianalgesic figure is worked out here.
    // …and within the past week, since tolerance is about recent exposure.
    let joinedFrom = max(
      cutoff,
      ([date] + load.activeOpioidOrders.filter { !$0.isAsNeeded }.compactMap { record.medications[$0.index].start })
        .min().map { $0.adding(days: -1) } ?? date)
    let recentlyEnded = load.orders.filter { order in
      let medication = record.medications[order.index]
      guard order.drugClass == .opioid, !order.isActive, !order.isAsNeeded,
        medication.status == .completed || medication.status == .stopped || medication.status == .active,
        let end = medication.end, end >= joinedFrom, end <= date
      else { return false }
      return start(order).map { $0 <= end.adding(days: -toleranceDays) } ?? false
    }
    for order in sustained + recentlyEnded {
      if let threshold = toleranceThresholds[order.ingredient], threshold.route == order.route,
        let dose = order.dailyDose, dose.value >= threshold.amount
      {
        return Fact(
          .toleranceOpioidTolerant, .bool(true), evidence: ["medications[\(order.index)]"],
          note: "\(order.ingredient) \(MMEArithmetic.text(dose.value)) \(dose.unit.rawValue) for ≥ 7 days (FDA)")
      }
    }
    func endedMME(_ order: OrderLoad) -> Double {
      guard let dose = order.dailyDose, let entry = table.entry(for: order.ingredient, route: order.route),
        let factor = OpioidLoad.factor(of: entry.rule, for: dose, tierTotal: nil)
      else { return 0 }
      return dose.value * factor
    }
    let sustainedMME = MMEArithmetic.rounded(
      sustained.reduce(0) { $0 + ($1.mme ?? 0) } + recentlyEnded.reduce(0) { $0 + endedMME($1) })
    let paths = (sustained + recentlyEnded).map { "medications[\($0.index)]" }
    let undated = load.activeOpioidOrders.filter { !$0.isAsNeeded && start($0) == nil }
    if sustainedMME < toleranceMME, !undated.isEmpty {
      return Fact(
        .toleranceOpioidTolerant, .unknown, evidence: undated.map { "medications[\($0.index)]" },
        note: "a scheduled opioid order has no start date, so a week of therapy cannot be shown")
    }
    return Fact(
      .toleranceOpioidTolerant, .bool(sustainedMME >= toleranceMME), evidence: paths,
      note: "\(MMEArithmetic.text(sustainedMME)) scheduled MME/day for ≥ 7 days; FDA equianalgesic ≥ 60")
  }
}
