import SparrowCore
import SparrowTesting
import Testing

@Suite struct OpioidLoadTests {
  private let date = Fixtures.evaluationDate

  @Test func asNeededOrderCountsAtItsMaximumDailyDose() {
    // Morphine 15 mg q4h PRN, max 60 mg/day: 60 mg/day × 1 = 60, not 15 × 6 = 90.
    let order = RecordBuilder.oral("morphine", milligrams: 15, timesPerDay: 6, asNeeded: true, maxDailyMilligrams: 60)
    let load = OpioidLoad.compute(for: RecordBuilder.record([order]), on: date, table: .cdc2022)
    #expect(load.orders[0].dailyDose?.basis == .asNeededMaximum)
    #expect(load.asNeededMaximumMME == 60)
    #expect(load.scheduledMME == 0)
    #expect(load.drivenBy == .asNeededMaxima)
  }

  @Test func asNeededOrderWithoutMaximumCountsAtDoseTimesMaximumFrequency() {
    // Oxycodone 5 mg up to 4 times a day PRN: 20 mg/day × 1.5 = 30.
    let order = RecordBuilder.oral("oxycodone", milligrams: 5, timesPerDay: 4, asNeeded: true)
    let load = OpioidLoad.compute(for: RecordBuilder.record([order]), on: date, table: .cdc2022)
    #expect(load.totalMME == 30)
    #expect(load.asNeededMaximumMME == 30)
  }

  @Test func asNeededOrderWithNeitherMaximumNorFrequencyIsUnknownNotZero() {
    var order = RecordBuilder.oral("oxycodone", milligrams: 5, timesPerDay: 4, asNeeded: true)
    order.frequency = nil
    let load = OpioidLoad.compute(for: RecordBuilder.record([order]), on: date, table: .cdc2022)
    #expect(load.orders[0].status == .unknown)
    #expect(load.orders[0].reason == "as-needed order without maxDailyDose or frequency")
    #expect(!load.isComplete)
    #expect(load.unknownOrders.count == 1)
  }

  @Test func scheduledAndAsNeededTotalsAreShownSideBySide() {
    // Patch 25 mcg/h = 60 scheduled; oxycodone PRN max 30 mg = 45; total 105, driven by the scheduled part.
    let orders = [
      RecordBuilder.fentanylPatch(rate: 25),
      RecordBuilder.oral("oxycodone", milligrams: 5, timesPerDay: 6, asNeeded: true, maxDailyMilligrams: 30),
    ]
    let load = OpioidLoad.compute(for: RecordBuilder.record(orders), on: date, table: .cdc2022)
    #expect(load.scheduledMME == 60)
    #expect(load.asNeededMaximumMME == 45)
    #expect(load.totalMME == 105)
    #expect(load.drivenBy == .scheduled)
  }

  @Test func multipleOpioidsSumPerOrder() {
    // Morphine 60 + oxycodone 30 + hydromorphone 4 mg × 2 = 8 mg × 5 = 40 + codeine 60 mg × 0.15 = 9 → 139.
    let orders = [
      RecordBuilder.oral("morphine", milligrams: 30, timesPerDay: 2),
      RecordBuilder.oral("oxycodone", milligrams: 10, timesPerDay: 2),
      RecordBuilder.oral("hydromorphone", milligrams: 4, timesPerDay: 2),
      RecordBuilder.oral("codeine", milligrams: 15, timesPerDay: 4),
      RecordBuilder.oral("gabapentin", milligrams: 300, timesPerDay: 3),
    ]
    let load = OpioidLoad.compute(for: RecordBuilder.record(orders), on: date, table: .cdc2022)
    #expect(load.orders.map(\.mme) == [60, 30, 40, 9, nil])
    #expect(load.orders[4].status == .notAnOpioid)
    #expect(load.totalMME == 139)
  }

  @Test func unknownOpioidIsReportedAndTheTotalIsALowerBound() {
    let orders = [
      RecordBuilder.oral("levorphanol", milligrams: 2, timesPerDay: 4),
      RecordBuilder.oral("oxycodone", milligrams: 5, timesPerDay: 2),
    ]
    let load = OpioidLoad.compute(for: RecordBuilder.record(orders), on: date, table: .cdc2022)
    #expect(load.orders[0].status == .unknown)
    #expect(load.orders[0].mme == nil)
    #expect(
      load.orders[0].trace
        == "levorphanol 2 mg × 4/day = 8 mg/day: MME unknown (cdc-2022 has no factor for levorphanol)")
    #expect(load.totalMME == 15)
    #expect(!load.isComplete)
  }

  @Test func oralFactorsAreNotAppliedToOtherRoutes() {
    var order = RecordBuilder.oral("morphine", milligrams: 4, timesPerDay: 6)
    order.route = .intravenous
    let load = OpioidLoad.compute(for: RecordBuilder.record([order]), on: date, table: .cdc2022)
    #expect(load.orders[0].status == .unknown)
    #expect(load.orders[0].reason == "cdc-2022 has no factor for morphine by intravenous route")
  }

  @Test(arguments: [
    (OrderStatus.stopped, nil as CalendarDate?, nil as CalendarDate?, "status stopped"),
    (.completed, nil, nil, "status completed"),
    (.draft, nil, nil, "status draft"),
    (.active, RecordBuilder.date(2026, 12, 1), nil, "starts 2026-12-01"),
    (.active, nil, RecordBuilder.date(2026, 11, 19), "ended 2026-11-19"),
  ])
  func inactiveOrdersDoNotCount(status: OrderStatus, start: CalendarDate?, end: CalendarDate?, reason: String) {
    let order = RecordBuilder.oral("morphine", milligrams: 30, timesPerDay: 2, start: start, end: end, status: status)
    let load = OpioidLoad.compute(for: RecordBuilder.record([order]), on: date, table: .cdc2022)
    #expect(load.orders[0].status == .inactive)
    #expect(load.orders[0].reason == reason)
    #expect(load.totalMME == 0)
  }

  @Test func ordersEndingOnTheEvaluationDayAndOnHoldOrdersStillCount() {
    let orders = [
      RecordBuilder.oral("morphine", milligrams: 10, timesPerDay: 1, end: date),
      RecordBuilder.oral("morphine", milligrams: 10, timesPerDay: 1, start: date, status: .onHold),
    ]
    let load = OpioidLoad.compute(for: RecordBuilder.record(orders), on: date, table: .cdc2022)
    #expect(load.totalMME == 20)
  }

  @Test func tabletCountsAndVolumesUseTheStrength() {
    // 2 tablets × 5 mg × 4/day = 40 mg oxycodone × 1.5 = 60; 5 mL × 1 mg/mL × 4/day = 20 mg hydromorphone × 5 = 100.
    let tablets = MedicationOrder(
      name: "oxycodone 5 mg (synthetic)", ingredient: "oxycodone", route: .oral, strength: Strength(5, .mg),
      dose: Dose(2, .tablet), frequency: .timesPerDay(4))
    let solution = MedicationOrder(
      name: "hydromorphone 1 mg/mL (synthetic)", ingredient: "hydromorphone", route: .oral,
      strength: Strength(1, .mgPerML), dose: Dose(5, .mL), frequency: .everyHours(6))
    let load = OpioidLoad.compute(for: RecordBuilder.record([tablets, solution]), on: date, table: .cdc2022)
    #expect(load.orders.map(\.mme) == [60, 100])
    #expect(load.orders[0].trace == "oxycodone 2 tablet × 5 mg × 4/day = 40 mg/day × 1.5 = 60 MME/day")
  }

  @Test(arguments: [
    (Dose(1, .tablet), nil as Strength?, "dose in tablet needs a strength; none given"),
    (Dose(5, .mL), Strength(5, .mg), "strength in mg does not fit a dose in mL"),
    (Dose(1, .tablet), Strength(1, .mgPerML), "strength in mg/mL does not fit a dose in tablet"),
  ])
  func doseThatCannotBeConvertedIsUnknown(dose: Dose, strength: Strength?, reason: String) {
    let order = MedicationOrder(
      name: "morphine (synthetic)", ingredient: "morphine", route: .oral, strength: strength, dose: dose,
      frequency: .timesPerDay(2))
    let load = OpioidLoad.compute(for: RecordBuilder.record([order]), on: date, table: .cdc2022)
    #expect(load.orders[0].status == .unknown)
    #expect(load.orders[0].reason == reason)
  }

  @Test func patchWithoutRateIsUnknown() {
    var patch = RecordBuilder.fentanylPatch(rate: 25)
    patch.transdermalRateMcgPerHour = nil
    let load = OpioidLoad.compute(for: RecordBuilder.record([patch]), on: date, table: .cdc2022)
    #expect(load.orders[0].status == .unknown)
    #expect(load.orders[0].reason == "transdermal order without transdermalRate (mcg/h)")
  }

  @Test func classifiesNonOpioidOrders() {
    let orders = [
      "alprazolam", "pregabalin", "carisoprodol", "zolpidem", "naltrexone", "ketamine", "duloxetine", "acetaminophen",
    ]
    .map { RecordBuilder.oral($0, milligrams: 1, timesPerDay: 1) }
    let load = OpioidLoad.compute(for: RecordBuilder.record(orders), on: date, table: .cdc2022)
    #expect(
      load.orders.map(\.drugClass) == [
        .benzodiazepine, .gabapentinoid, .muscleRelaxant, .sedativeHypnotic, .opioidAntagonist, .nmdaAntagonist,
        .snri, .other,
      ])
  }

  @Test func roundsAwayBinaryNoise() {
    // 0.15 has no exact binary form: 10 mg × 3 × 0.15 must read 4.5, not 4.499999….
    let load = OpioidLoad.compute(
      for: RecordBuilder.record([RecordBuilder.oral("codeine", milligrams: 10, timesPerDay: 3)]), on: date,
      table: .cdc2022)
    #expect(load.totalMME == 4.5)
  }
}
