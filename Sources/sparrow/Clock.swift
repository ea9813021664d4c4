import Foundation
import SparrowCore

// MARK: - Clock

/// The one place the executable reads the system clock; the core only ever receives a date.
enum Clock {
  /// Today's date in UTC.
  static func todayUTC() -> CalendarDate {
    let secondsPerDay = 86_400.0
    let days = Int((Date().timeIntervalSince1970 / secondsPerDay).rounded(.down))
    return CalendarDate(daysSinceEpoch: days)
  }
}
