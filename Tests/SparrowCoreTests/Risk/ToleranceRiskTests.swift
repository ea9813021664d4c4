import SparrowCore
import SparrowTesting
import Testing

@Suite struct ToleranceRiskTests {
  private let date = Fixtures.evaluationDate

  @Test func longTermEscalatingTherapy() throws {
    let assessment = Assessment(record: try Fixtures.record("crps-long-term-escalating"), on: date)
    // 2026-05-01 → 2026-11-20 = 203 days ≥ 90
    #expect(assessment.fact("tolerance.daysOnOpioids")?.value == .number(203))
    #expect(assessment.fact("tolerance.longTerm")?.value == .bool(true))
    // latest earlier figure 45 (2026-09-01) → 60 now: +33.33 %
    #expect(assessment.fact("tolerance.previousMME")?.value == .number(45))
    #expect(assessment.fact("tolerance.escalationPercent")?.value == .number(33.33))
    #expect(assessment.fact("tolerance.escalating")?.value == .bool(true))
    // oxycodone 40 mg/day for ≥ 7 days ≥ FDA 30 mg/day → tolerant
    #expect(assessment.fact("tolerance.opioidTolerant")?.value == .bool(true))
    #expect(assessment.toleranceRisk.score == 3)
    #expect(assessment.toleranceRisk.level == .high)
  }

  @Test func morphineERWithPRNOxycodoneIsTolerantMultipleAndMixedActing() throws {
    let assessment = Assessment(record: try Fixtures.record("opioid-tolerant-morphine-er-plus-prn-oxycodone"), on: date)
    #expect(assessment.fact("tolerance.opioidTolerant")?.value == .bool(true))
    #expect(assessment.fact("tolerance.opioidTolerant")?.note == "morphine 60 mg/day for ≥ 7 days (FDA)")
    #expect(assessment.fact("tolerance.multipleOpioids")?.value == .bool(true))
    #expect(assessment.fact("tolerance.longAndShortActing")?.value == .bool(true))
  }

  @Test(arguments: [
    ("morphine", 30.0, 2.0, true),  // 60 mg/day ≥ 60
    ("morphine", 25.0, 2.0, false),  // 50 mg/day < 60, 50 MME < 60
    ("oxycodone", 15.0, 2.0, true),  // 30 mg/day ≥ 30 (45 MME: the FDA list is drug-specific)
    ("oxycodone", 10.0, 2.0, false),  // 20 mg/day < 30; 30 MME < 60
    ("hydromorphone", 4.0, 2.0, true),  // 8 mg/day ≥ 8
    ("oxymorphone", 12.5, 2.0, true),  // 25 mg/day ≥ 25
    ("hydrocodone", 30.0, 2.0, true),  // no drug-specific figure: 60 MME/day ≥ 60 equianalgesic
    ("hydrocodone", 25.0, 2.0, false),  // 50 MME/day < 60
  ])
  func fdaOpioidTolerance(ingredient: String, milligrams: Double, timesPerDay: Double, tolerant: Bool) {
    let order = RecordBuilder.oral(
      ingredient, milligrams: milligrams, timesPerDay: timesPerDay, start: date.adding(days: -7))
    let assessment = Assessment(record: RecordBuilder.record([order]), on: date)
    #expect(assessment.fact("tolerance.opioidTolerant")?.value == .bool(tolerant))
  }

  @Test func fentanylPatchOf25IsTolerantAfterAWeekOnly() {
    let sixDays = Assessment(
      record: RecordBuilder.record([RecordBuilder.fentanylPatch(rate: 25, start: date.adding(days: -6))]), on: date)
    let sevenDays = Assessment(
      record: RecordBuilder.record([RecordBuilder.fentanylPatch(rate: 25, start: date.adding(days: -7))]), on: date)
    #expect(sixDays.fact("tolerance.opioidTolerant")?.value == .bool(false))
    #expect(sevenDays.fact("tolerance.opioidTolerant")?.value == .bool(true))
  }

  @Test func durationIsUnknownWithoutAnyStartDate() {
    let assessment = Assessment(
      record: RecordBuilder.record([RecordBuilder.oral("morphine", milligrams: 30, timesPerDay: 2)]), on: date)
    #expect(assessment.fact("tolerance.daysOnOpioids")?.value == .unknown)
    // Not reported is unknown, never "no".
    #expect(assessment.fact("tolerance.longTerm")?.value == .unknown)
    #expect(assessment.fact("tolerance.opioidTolerant")?.value == .unknown)
    #expect(assessment.fact("tolerance.opioidTolerant")?.evidence == ["medications[0]"])
  }

  @Test(arguments: [
    // (earlier MME/day, today's oral morphine mg/day, escalating?)
    (45.0, 60.0, true),  // +15, +33 %
    (50, 60, true),  // +10, +20 %: both floors met exactly
    (95, 104, false),  // +9 MME/day, though +9.5 %
    (120, 130, false),  // +10 MME/day but +8.3 %
    (0, 10, true),  // from nothing
    (0, 9, false),
    (60, 60, false),
  ])
  func escalationNeedsTenMMEAndTenPercent(previous: Double, today: Double, escalating: Bool) {
    let record = RecordBuilder.record(
      [RecordBuilder.oral("morphine", milligrams: today, timesPerDay: 1, start: RecordBuilder.date(2026, 1, 1))],
      opioidHistory: OpioidHistory(dailyMME: [DatedMME(date: RecordBuilder.date(2026, 10, 1), mme: previous)]))
    #expect(Assessment(record: record, on: date).fact("tolerance.escalating")?.value == .bool(escalating))
  }

  @Test func aWeekOfImmediateReleaseEndedYesterdayStillMakesThePatientTolerant() {
    let switched = [
      RecordBuilder.oral(
        "oxycodone", milligrams: 10, timesPerDay: 6, start: RecordBuilder.date(2026, 10, 1),
        end: RecordBuilder.date(2026, 11, 19), status: .completed),
      RecordBuilder.oral(
        "oxycodone", milligrams: 30, timesPerDay: 2, start: RecordBuilder.date(2026, 11, 19), extendedRelease: true),
    ]
    let fact = Assessment(record: RecordBuilder.record(switched), on: date).fact("tolerance.opioidTolerant")
    #expect(fact?.value == .bool(true))
    #expect(fact?.evidence == ["medications[0]"])
    // Three days after the switch the orders still join up.
    let later = date.adding(days: 3)
    #expect(
      Assessment(record: RecordBuilder.record(switched), on: later).fact("tolerance.opioidTolerant")?.value
        == .bool(true))
    // A day with neither order (ended the 17th, the next began the 19th) breaks the week.
    var gap = switched
    gap[0].end = RecordBuilder.date(2026, 11, 17)
    #expect(
      Assessment(record: RecordBuilder.record(gap), on: date).fact("tolerance.opioidTolerant")?.value == .bool(false))
    // Ended with no opioid since: it counts only while its last day is yesterday.
    let stopped = [switched[0]]
    #expect(
      Assessment(record: RecordBuilder.record(stopped), on: date).fact("tolerance.opioidTolerant")?.value
        == .bool(true))
    #expect(
      Assessment(record: RecordBuilder.record(stopped), on: date.adding(days: 1)).fact("tolerance.opioidTolerant")?
        .value == .bool(false))
    // Ran only five days before it ended: not a week.
    var short = switched
    short[0].start = RecordBuilder.date(2026, 11, 14)
    #expect(
      Assessment(record: RecordBuilder.record(short), on: date).fact("tolerance.opioidTolerant")?.value == .bool(false))
  }

  @Test func anEndedOrderCountsByItsEquianalgesicDoseToo() {
    // Hydrocodone 10 mg every 4 h for six weeks (60 MME/day, not on the FDA's drug list), then ER hydrocodone.
    let switched = [
      RecordBuilder.oral(
        "hydrocodone", milligrams: 10, timesPerDay: 6, start: RecordBuilder.date(2026, 10, 1),
        end: RecordBuilder.date(2026, 11, 19), status: .completed),
      RecordBuilder.oral(
        "hydrocodone", milligrams: 30, timesPerDay: 2, start: RecordBuilder.date(2026, 11, 19), extendedRelease: true),
    ]
    #expect(
      Assessment(record: RecordBuilder.record(switched), on: date).fact("tolerance.opioidTolerant")?.value
        == .bool(true))
    // 50 MME/day before the switch is below the FDA's 60.
    var lower = switched
    lower[0].dose = Dose(50.0 / 6, .mg)
    #expect(
      Assessment(record: RecordBuilder.record(lower), on: date).fact("tolerance.opioidTolerant")?.value
        == .bool(false))
  }
}
