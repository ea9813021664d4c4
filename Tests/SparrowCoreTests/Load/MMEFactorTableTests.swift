import SparrowCore
import SparrowTesting
import Testing

/// Every factor of both built-in tables, with the expected MME worked out by hand from the CDC tables
/// (`../shared/reference/clinical.md` §1): MME/day = mg/day × factor, fentanyl patch = mcg/h × 2.4.
@Suite struct MMEFactorTableTests {
  private func mme(_ order: MedicationOrder, table: MMEFactorTable) -> OrderLoad? {
    OpioidLoad.compute(for: RecordBuilder.record([order]), on: Fixtures.evaluationDate, table: table).orders.first
  }

  @Test(arguments: [
    ("codeine", 30.0, 4.0, 18.0),  // 30 mg × 4/day = 120 mg/day × 0.15 = 18
    ("hydrocodone", 5.0, 4.0, 20.0),  // CDC 2022 worked example: 5 mg QID = 20 mg/day × 1 = 20
    ("hydromorphone", 4.0, 4.0, 80.0),  // 16 mg/day × 5 (CDC 2022; was 4 in 2016) = 80
    ("methadone", 10.0, 2.0, 94.0),  // 20 mg/day × 4.7 (flat in CDC 2022) = 94
    ("morphine", 30.0, 2.0, 60.0),  // 60 mg/day × 1 = 60
    ("oxycodone", 10.0, 2.0, 30.0),  // CDC 2022 worked example: oxycodone ER 10 mg BID = 20 mg/day × 1.5 = 30
    ("oxymorphone", 10.0, 2.0, 60.0),  // 20 mg/day × 3 = 60
    ("tapentadol", 100.0, 2.0, 80.0),  // 200 mg/day × 0.4 = 80
    ("tramadol", 50.0, 4.0, 40.0),  // 200 mg/day × 0.2 (CDC 2022; 0.1 in the analytic file) = 40
  ])
  func cdc2022OralFactor(ingredient: String, milligrams: Double, timesPerDay: Double, expected: Double) throws {
    let load = try #require(
      mme(RecordBuilder.oral(ingredient, milligrams: milligrams, timesPerDay: timesPerDay), table: .cdc2022))
    #expect(load.status == .counted)
    #expect(load.mme == expected)
  }

  @Test(arguments: [
    (25.0, 1.0, 60.0),  // 25 mcg/h × 2.4 = 60
    (75.0, 1.0, 180.0),  // 75 × 2.4 = 180 (the CDC CDS IG prints 179.99999820)
    (50.0, 2.0, 240.0),  // two 50 mcg/h patches: 100 mcg/h × 2.4 = 240
    (12.0, 1.0, 28.8),  // 12 × 2.4 = 28.8
  ])
  func transdermalFentanylByMicrogramsPerHour(rate: Double, patches: Double, expected: Double) throws {
    for table in MMEFactorTable.builtIn {
      let load = try #require(mme(RecordBuilder.fentanylPatch(rate: rate, patches: patches), table: table))
      #expect(load.dailyDose?.unit == .microgramsPerHour)
      #expect(load.mme == expected, "\(table.name)")
    }
  }

  @Test(arguments: [
    ("codeine", 30.0, 4.0, 18.0),  // 120 mg/day × 0.15
    ("hydrocodone", 10.0, 3.0, 30.0),  // 30 × 1
    ("hydromorphone", 4.0, 4.0, 64.0),  // 16 mg/day × 4 (2016)
    ("morphine", 30.0, 2.0, 60.0),  // 60 × 1
    ("oxycodone", 10.0, 2.0, 30.0),  // 20 × 1.5
    ("oxymorphone", 10.0, 2.0, 60.0),  // 20 × 3
  ])
  func cdc2016OralFactor(ingredient: String, milligrams: Double, timesPerDay: Double, expected: Double) throws {
    let load = try #require(
      mme(RecordBuilder.oral(ingredient, milligrams: milligrams, timesPerDay: timesPerDay), table: .cdc2016))
    #expect(load.mme == expected)
  }

  @Test(arguments: [
    (10.0, 40.0),  // tier 1–20 mg/day: × 4
    (20.0, 80.0),  // upper bound of tier 1 is inclusive: 20 × 4
    (20.5, 164.0),  // the source's gap (20 < d < 21) closes upwards: 20.5 × 8
    (30.0, 240.0),  // 21–40: × 8
    (40.0, 320.0),  // 40 × 8
    (50.0, 500.0),  // 41–60: × 10
    (60.0, 600.0),  // 60 × 10
    (61.0, 732.0),  // ≥ 61: × 12
    (80.0, 960.0),  // 80 × 12
  ])
  func cdc2016MethadoneTiers(milligramsPerDay: Double, expected: Double) throws {
    let load = try #require(
      mme(RecordBuilder.oral("methadone", milligrams: milligramsPerDay, timesPerDay: 1), table: .cdc2016))
    #expect(load.mme == expected)
  }

  @Test(arguments: ["tramadol", "tapentadol"])
  func cdc2016HasNoFactorForNewerOpioids(ingredient: String) throws {
    let load = try #require(mme(RecordBuilder.oral(ingredient, milligrams: 50, timesPerDay: 2), table: .cdc2016))
    #expect(load.status == .unknown)
    #expect(load.mme == nil)
    #expect(load.reason == "cdc-2016 has no factor for \(ingredient)")
  }

  @Test func buprenorphineIsReportedButNotSummedInEitherTable() throws {
    for table in MMEFactorTable.builtIn {
      let result = OpioidLoad.compute(
        for: RecordBuilder.record([
          RecordBuilder.oral("buprenorphine", milligrams: 8, timesPerDay: 1),
          RecordBuilder.oral("morphine", milligrams: 10, timesPerDay: 3),
        ]), on: Fixtures.evaluationDate, table: table)
      #expect(result.orders[0].status == .excluded)
      #expect(result.excludedOrders.map(\.index) == [0])
      #expect(result.totalMME == 30, "\(table.name): only morphine 30 mg/day × 1 counts")
      #expect(result.isComplete)
    }
  }

  @Test func theDefaultTableIsCDC2022AndBothAreSelectableByName() {
    #expect(MMEFactorTable.defaultName == "cdc-2022")
    #expect(MMEFactorTable.builtIn(named: "cdc-2022") == .cdc2022)
    #expect(MMEFactorTable.builtIn(named: "cdc-2016") == .cdc2016)
    #expect(MMEFactorTable.builtIn(named: "cdc-2018") == nil)
  }
}
