import SparrowCore
import SparrowTesting
import Testing

/// Every record fixture with its expected totals under CDC 2022, worked out by hand in the comments.
@Suite struct FixtureAssessmentTests {
  static let expectations: [MMEExpectation] = [
    // oxycodone 20 mg × 3/day = 60 mg × 1.5 = 90
    MMEExpectation(name: "benzo-plus-oxycodone-90mme", scheduled: 90, asNeeded: 0, complete: true),
    // buprenorphine excluded: reported, not summed
    MMEExpectation(name: "buprenorphine-sublingual-excluded", scheduled: 0, asNeeded: 0, complete: true),
    // hydromorphone 2 mg × 4/day = 8 mg × 5 = 40
    MMEExpectation(name: "cirrhosis-child-pugh-b-hydromorphone", scheduled: 40, asNeeded: 0, complete: true),
    // oxycodone 10 mg × 4 = 40 mg × 1.5 = 60
    MMEExpectation(name: "crps-long-term-escalating", scheduled: 60, asNeeded: 0, complete: true),
    // buccal fentanyl and IV morphine: no CDC 2022 factor → unknown, not 0
    MMEExpectation(name: "fentanyl-buccal-and-iv-morphine-unknown", scheduled: 0, asNeeded: 0, complete: false),
    // patch 25 × 2.4 = 60 scheduled; oxycodone PRN max 30 mg × 1.5 = 45
    MMEExpectation(name: "fentanyl-patch-25mcg-plus-oxycodone-prn-105mme", scheduled: 60, asNeeded: 45, complete: true),
    // 50 mcg/h × 2.4 = 120
    MMEExpectation(name: "fentanyl-patch-50mcg-120mme", scheduled: 120, asNeeded: 0, complete: true),
    // tramadol 50 mg q6h = 200 mg × 0.2 = 40
    MMEExpectation(name: "fibromyalgia-on-tramadol", scheduled: 40, asNeeded: 0, complete: true),
    // morphine ER 30 mg × 2 = 60 × 1 = 60
    MMEExpectation(name: "gabapentin-sleep-apnea-older-adult-ckd", scheduled: 60, asNeeded: 0, complete: true),
    // 5 mg × 4 = 20 × 1 = 20 (CDC 2022 worked example)
    MMEExpectation(name: "hydrocodone-5mg-apap-qid-20mme", scheduled: 20, asNeeded: 0, complete: true),
    // 4 mL × 1 mg/mL × 4/day = 16 mg × 5 = 80
    MMEExpectation(name: "hydromorphone-oral-solution-4ml-q6h-80mme", scheduled: 80, asNeeded: 0, complete: true),
    // stopped, ended and future orders do not count; codeine 30 mg × 4 = 120 mg × 0.15 = 18
    MMEExpectation(name: "inactive-orders-only-codeine-counts-18mme", scheduled: 18, asNeeded: 0, complete: true),
    // 10 mg × 2 = 20 mg × 4.7 = 94
    MMEExpectation(name: "methadone-10mg-bid-94mme", scheduled: 94, asNeeded: 0, complete: true),
    // PRN max 60 mg/day × 1 = 60
    MMEExpectation(name: "morphine-prn-max-daily-dose-60mme", scheduled: 0, asNeeded: 60, complete: true),
    MMEExpectation(name: "no-medications", scheduled: 0, asNeeded: 0, complete: true),
    // morphine ER 60 mg/day = 60; oxycodone PRN max 20 mg × 1.5 = 30
    MMEExpectation(name: "opioid-tolerant-morphine-er-plus-prn-oxycodone", scheduled: 60, asNeeded: 30, complete: true),
    // 10 mg × 2 = 20 × 1.5 = 30 (CDC 2022 worked example)
    MMEExpectation(name: "oxycodone-er-10mg-bid-30mme", scheduled: 30, asNeeded: 0, complete: true),
    // 5 mg q6h PRN, no max: 5 × 4 = 20 mg × 1.5 = 30
    MMEExpectation(name: "oxycodone-prn-by-max-frequency-30mme", scheduled: 0, asNeeded: 30, complete: true),
    // 10 mg × 2 = 20 × 3 = 60
    MMEExpectation(name: "oxymorphone-10mg-bid-60mme", scheduled: 60, asNeeded: 0, complete: true),
    // oxycodone 1 × 20 mg × 3/day = 60 mg × 1.5 = 90 (the v1 twin of a FHIR fixture)
    MMEExpectation(name: "equivalence-oxycodone-alprazolam-osa-egfr", scheduled: 90, asNeeded: 0, complete: true),
    // 100 mg × 2 = 200 × 0.4 = 80
    MMEExpectation(name: "tapentadol-er-100mg-bid-80mme", scheduled: 80, asNeeded: 0, complete: true),
    // 50 mg × 4 = 200 × 0.2 = 40
    MMEExpectation(name: "tramadol-50mg-qid-40mme", scheduled: 40, asNeeded: 0, complete: true),
    // hydrocodone 10 mg × 3 = 30 × 1 = 30; the unknown fields change nothing
    MMEExpectation(name: "unknown-extra-fields-ignored", scheduled: 30, asNeeded: 0, complete: true),
    // levorphanol unknown; oxycodone 5 mg × 2 = 10 × 1.5 = 15 → total is a lower bound
    MMEExpectation(name: "unknown-opioid-levorphanol-plus-oxycodone", scheduled: 15, asNeeded: 0, complete: false),
  ]

  @Test(arguments: expectations)
  func fixtureHasItsHandWorkedMME(expectation: MMEExpectation) throws {
    let assessment = Assessment(record: try Fixtures.record(expectation.name), on: Fixtures.evaluationDate)
    #expect(assessment.load.tableName == "cdc-2022")
    #expect(assessment.load.scheduledMME == expectation.scheduled)
    #expect(assessment.load.asNeededMaximumMME == expectation.asNeeded)
    #expect(assessment.load.totalMME == expectation.scheduled + expectation.asNeeded)
    #expect(assessment.load.isComplete == expectation.complete)
  }

  @Test func everyFixtureHasAnExpectation() throws {
    #expect(try Fixtures.recordNames() == Self.expectations.map(\.name).sorted())
  }

  @Test func theSameFixtureUnderCDC2016UsesThatTable() throws {
    // methadone 20 mg/day: CDC 2016 tier 1–20 → × 4 = 80 (vs 94 under 2022)
    let assessment = Assessment(
      record: try Fixtures.record("methadone-10mg-bid-94mme"), on: Fixtures.evaluationDate, table: .cdc2016)
    #expect(assessment.load.tableName == "cdc-2016")
    #expect(assessment.load.totalMME == 80)
  }
}
