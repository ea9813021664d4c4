import SparrowCore
import SparrowTesting
import Testing

@Suite struct MedicationQueryTests {
  private let date = Fixtures.evaluationDate  // 2026-11-20
  private let lists = """
    codeLists:
      tramadol: {ingredients: [tramadol]}
      samidorphan: {ingredients: [samidorphan]}
      naltrexone: {ingredients: [naltrexone]}

    """

  private func fires(_ when: String, _ record: PatientRecord) throws -> Bool {
    let set = try PolicyBuilder.load(lists + "rules:\n" + PolicyBuilder.rule("r", when: when))
    return !set.evaluate(set.assess(record, on: date)).isEmpty
  }

  private func day(_ text: String) -> CalendarDate { CalendarDate(parsing: text) ?? date }

  // MARK: Time window

  @Test(
    arguments: [
      // (status, start, end, within 28 days?)
      (OrderStatus.completed, "2026-10-01", "2026-10-23", true),  // ended on the window's first day
      (.completed, "2026-10-01", "2026-10-22", false),  // ended the day before
      (.stopped, "2026-10-25", nil, true),  // stopped, no end: its start is in the window
      (.completed, "2026-10-22", nil, false),  // a single dose 29 days ago
      (.cancelled, "2026-11-19", nil, false),  // never taken
      (.draft, "2026-11-19", nil, false),
      (.active, "2026-11-21", nil, false),  // not started yet
      (.active, "2026-01-01", nil, true),
    ] as [(OrderStatus, String, String?, Bool)])
  func withinCountsOrdersTakenInTheWindow(status: OrderStatus, start: String, end: String?, within: Bool) throws {
    let order = RecordBuilder.oral(
      "oxycodone", milligrams: 5, timesPerDay: 2, start: day(start), end: end.map(day), status: status)
    #expect(try fires("medication: {class: [opioid], within: 28}", RecordBuilder.record([order])) == within)
  }

  @Test func withoutWithinOnlyActiveOrdersCount() throws {
    let ended = RecordBuilder.oral(
      "oxycodone", milligrams: 5, timesPerDay: 2, start: day("2026-11-01"), end: day("2026-11-19"),
      status: .completed)
    #expect(try !fires("medication: {class: [opioid]}", RecordBuilder.record([ended])))
    #expect(try fires("medication: {class: [opioid], within: 1}", RecordBuilder.record([ended])))
  }

  @Test(arguments: [("2026-11-13", true), ("2026-11-12", false), ("2026-11-20", true)])
  func startedWithinNeedsAKnownRecentStart(start: String, fires expected: Bool) throws {
    let order = RecordBuilder.oral("oxycodone", milligrams: 5, timesPerDay: 2, start: day(start))
    #expect(try fires("medication: {class: [opioid], startedWithin: 7}", RecordBuilder.record([order])) == expected)
    let undated = RecordBuilder.oral("oxycodone", milligrams: 5, timesPerDay: 2)
    #expect(try !fires("medication: {class: [opioid], startedWithin: 7}", RecordBuilder.record([undated])))
  }

  // MARK: Doses and counts

  @Test(arguments: [
    (100.0, 4.0, "above: 300", true), (100, 3, "above: 300", false), (100, 3, "atLeast: 300", true),
    (50, 4, "atMost: 200", true), (50, 5, "atMost: 200", false),
  ])
  func dailyDoseSumsTheMatchingOrders(milligrams: Double, perDay: Double, bound: String, fires expected: Bool) throws {
    // Two orders of half the dose each: the query sums them.
    let record = RecordBuilder.record([
      RecordBuilder.oral("tramadol", milligrams: milligrams / 2, timesPerDay: perDay),
      RecordBuilder.oral("tramadol", milligrams: milligrams / 2, timesPerDay: perDay),
      RecordBuilder.oral("oxycodone", milligrams: 100, timesPerDay: 4),
    ])
    #expect(try fires("medication: {in: tramadol, dailyDose: {\(bound)}}", record) == expected)
  }

  @Test func anUnknownDoseIsALowerBoundForAtLeastAndAboveOnly() throws {
    var unknown = RecordBuilder.oral("tramadol", milligrams: 50, timesPerDay: 4)
    unknown.dose = nil
    let known = RecordBuilder.oral("tramadol", milligrams: 100, timesPerDay: 4)
    // 400 mg/day known plus one unknown: above 300 holds whatever the unknown dose is.
    #expect(try fires("medication: {in: tramadol, dailyDose: {above: 300}}", RecordBuilder.record([known, unknown])))
    // Neither "at most 500" nor "below 500" can be known.
    #expect(try !fires("medication: {in: tramadol, dailyDose: {atMost: 500}}", RecordBuilder.record([known, unknown])))
    #expect(try !fires("medication: {in: tramadol, dailyDose: {below: 500}}", RecordBuilder.record([known, unknown])))
    // The unknown alone proves nothing.
    #expect(try !fires("medication: {in: tramadol, dailyDose: {above: 0}}", RecordBuilder.record([unknown])))
    // No matching order at all: nothing to compare.
    #expect(try !fires("medication: {in: tramadol, dailyDose: {below: 100}}", RecordBuilder.record([])))
  }

  @Test func dosesPerDayComparesEachMatchingOrder() throws {
    let every6h = RecordBuilder.record([RecordBuilder.oral("tramadol", milligrams: 50, timesPerDay: 4)])
    let every12h = RecordBuilder.record([RecordBuilder.oral("tramadol", milligrams: 100, timesPerDay: 2)])
    #expect(try fires("medication: {in: tramadol, dosesPerDay: {above: 2}}", every6h))
    #expect(try !fires("medication: {in: tramadol, dosesPerDay: {above: 2}}", every12h))
  }

  @Test func countIsDistinctIngredientsAcrossClasses() throws {
    let when = "medication: {class: [opioid, ssri, gabapentinoid], count: {atLeast: 3}}"
    let two = [
      RecordBuilder.oral("oxycodone", milligrams: 5, timesPerDay: 2),
      RecordBuilder.oral("oxycodone", milligrams: 10, timesPerDay: 1),  // same ingredient twice
      RecordBuilder.oral("sertraline", milligrams: 50, timesPerDay: 1),
    ]
    #expect(try !fires(when, RecordBuilder.record(two)))
    #expect(
      try fires(when, RecordBuilder.record(two + [RecordBuilder.oral("gabapentin", milligrams: 300, timesPerDay: 3)])))
  }

  // MARK: Matching

  @Test func listsAndClassesMatchTheOtherIngredientsOfACombination() throws {
    var combination = RecordBuilder.oral("olanzapine", milligrams: 10, timesPerDay: 1)
    combination.otherIngredients = ["samidorphan"]
    let record = RecordBuilder.record([combination])
    #expect(try fires("medicationIn: samidorphan", record))
    #expect(try fires("medication: {class: [opioid-antagonist]}", record))
    #expect(try !fires("medication: {class: [opioid]}", record))
  }

  @Test func aClassMatchedThroughAnotherIngredientLeavesTheDoseUnknown() throws {
    // Olanzapine leads the combination; its 10 mg/day is not fluoxetine's dose.
    var combination = RecordBuilder.oral("olanzapine", milligrams: 10, timesPerDay: 1)
    combination.otherIngredients = ["fluoxetine"]
    let record = RecordBuilder.record([combination])
    #expect(try fires("medication: {class: [ssri]}", record))
    #expect(try !fires("medication: {class: [ssri], dailyDose: {above: 5}}", record))
    #expect(try !fires("medication: {class: [ssri], dailyDose: {below: 100}}", record))
    #expect(try fires("medication: {class: [antipsychotic], dailyDose: {above: 5}}", record))
  }

  @Test func theOrderOfClassesAndRoutesDoesNotChangeTheRevision() throws {
    let one = try PolicyBuilder.load(
      lists + "rules:\n"
        + PolicyBuilder.rule("r", when: "medication: {class: [maoi, stimulant], route: [oral, nasal]}"))
    let other = try PolicyBuilder.load(
      lists + "rules:\n"
        + PolicyBuilder.rule("r", when: "medication: {class: [stimulant, maoi], route: [nasal, oral]}"))
    #expect(one.canonicalForm == other.canonicalForm)
  }

  @Test func routesRestrictTheMatch() throws {
    var depot = RecordBuilder.oral("naltrexone", milligrams: 380, timesPerDay: 1, start: day("2026-11-01"))
    depot.route = .intramuscular
    depot.status = .completed
    let record = RecordBuilder.record([depot])
    #expect(try fires("medication: {in: naltrexone, route: [intramuscular, subcutaneous], within: 28}", record))
    #expect(try !fires("medication: {in: naltrexone, route: [oral], within: 28}", record))
  }

  @Test func matchedOrdersAreTheAdvisorysInputs() throws {
    let set = try PolicyBuilder.load(
      lists + "rules:\n" + PolicyBuilder.rule("r", when: "medication: {in: tramadol, dailyDose: {above: 100}}"))
    let record = RecordBuilder.record([
      RecordBuilder.oral("oxycodone", milligrams: 5, timesPerDay: 2),
      RecordBuilder.oral("tramadol", milligrams: 50, timesPerDay: 4),
    ])
    #expect(set.evaluate(set.assess(record, on: date)).map(\.matchedInputs) == [["medications[1]"]])
  }

  // MARK: Loading

  @Test(arguments: [
    ("medication: {}", "give in (a code list) or class"),
    ("medication: {in: nosuch}", "code list 'nosuch' is not defined"),
    ("medication: {class: [opiod]}", "opiod"),
    ("medication: {in: tramadol, within: -1}", "expected whole days from 0 to 3660"),
    ("medication: {in: tramadol, within: 2.5}", "expected whole days from 0 to 3660"),
    ("medication: {in: tramadol, dailyDose: {equals: 3}}", "expected one of atLeast, above, atMost, below"),
    ("medication: {in: tramadol, dailyDose: {above: 1}, count: {above: 1}}", "at most one of dailyDose, count"),
    ("medication: {in: tramadol, colour: red}", "colour"),
  ])
  func malformedQueriesAreClearErrors(when: String, message: String) {
    let errors = PolicyBuilder.errors(lists + "rules:\n" + PolicyBuilder.rule("r", when: when))
    #expect(errors.contains { $0.contains(message) }, "\(errors)")
  }

  @Test func queriesAreInTheRevision() throws {
    let one = try PolicyBuilder.load(
      lists + "rules:\n" + PolicyBuilder.rule("r", when: "medication: {in: tramadol, within: 28}"))
    let other = try PolicyBuilder.load(
      lists + "rules:\n" + PolicyBuilder.rule("r", when: "medication: {in: tramadol, within: 27}"))
    #expect(one.canonicalForm != other.canonicalForm)
  }
}
