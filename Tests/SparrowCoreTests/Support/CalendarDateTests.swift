import SparrowCore
import SparrowTesting
import Testing

@Suite struct CalendarDateTests {
  @Test(arguments: [
    ("2026-11-20", "2026-11-20"), ("2024-02-29", "2024-02-29"), ("2026-11-20T23:59:59Z", "2026-11-20"),
    ("2026-11-20T08:00:00.123+01:00", "2026-11-20"),
  ])
  func parsesDatesAndTimestamps(text: String, expected: String) {
    #expect(CalendarDate(parsing: text)?.description == expected)
  }

  @Test(arguments: ["2026-02-29", "2026-13-01", "2026-1-01", "20261120", "2026-11-20T25:00:00Z", "2026-11-20 08:00"])
  func rejectsMalformedOrImpossibleDates(text: String) {
    #expect(CalendarDate(parsing: text) == nil)
  }

  @Test func convertsToAndFromDaysSinceEpoch() {
    #expect(RecordBuilder.date(1970, 1, 1).daysSinceEpoch == 0)
    #expect(RecordBuilder.date(2000, 3, 1).daysSinceEpoch == 11_017)
    for days in stride(from: -800_000, through: 800_000, by: 997) {
      #expect(CalendarDate(daysSinceEpoch: days).daysSinceEpoch == days)
    }
  }

  @Test func countsDaysAndCompletedYears() {
    let birth = RecordBuilder.date(1958, 3, 14)
    #expect(birth.age(on: RecordBuilder.date(2026, 3, 13)) == 67)
    #expect(birth.age(on: RecordBuilder.date(2026, 3, 14)) == 68)
    #expect(RecordBuilder.date(2026, 5, 1).days(until: RecordBuilder.date(2026, 11, 20)) == 203)
    #expect(RecordBuilder.date(2026, 11, 20).adding(days: -7) == RecordBuilder.date(2026, 11, 13))
  }
}
