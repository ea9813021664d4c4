public import Foundation
public import SparrowCore

// MARK: - WallClock

/// The one place the daemon and the command line read the calendar: "now" for receipts and reviews, and "today"
/// (UTC) for evaluation and the day directories. The core only ever receives a date.
public enum WallClock {
  /// Test-only: in a debug build, `SPARROW_TEST_CLOCK_OFFSET_DAYS=N` moves this clock N days (the suite runs once
  /// a year ahead to prove no expectation depends on the calendar). Release builds, the ones that ship, have no
  /// such hook and ignore the variable.
  public static let testOffsetVariable = "SPARROW_TEST_CLOCK_OFFSET_DAYS"

  #if DEBUG
  private static let offset: TimeInterval =
    ProcessInfo.processInfo.environment[testOffsetVariable].flatMap(Double.init).map { $0 * 86_400 } ?? 0
  #else
  private static let offset: TimeInterval = 0
  #endif

  /// The current time.
  public static func now() -> Date {
    Date(timeIntervalSinceNow: offset)
  }

  /// Today's date in UTC.
  public static func today() -> CalendarDate {
    day(of: now())
  }

  /// The UTC calendar day of `date`.
  public static func day(of date: Date) -> CalendarDate {
    CalendarDate(daysSinceEpoch: Int((date.timeIntervalSince1970 / 86_400).rounded(.down)))
  }
}
