// MARK: - CalendarDate

/// A day in the proleptic Gregorian calendar, in UTC, with day arithmetic done by integer formulas.
///
/// Clinical dates in a medication file (order start and end, observation dates, birth dates) have day
/// precision; evaluating at day precision keeps the core free of time zones and of the system clock.
public struct CalendarDate: Sendable, Hashable, Comparable, CustomStringConvertible {
  public let year: Int
  public let month: Int
  public let day: Int

  /// A date, or `nil` if the day does not exist (`2026-02-30`).
  public init?(year: Int, month: Int, day: Int) {
    guard (1...9999).contains(year), (1...12).contains(month),
      (1...CalendarDate.daysIn(month: month, year: year)).contains(day)
    else { return nil }
    self.year = year
    self.month = month
    self.day = day
  }

  /// Parses `YYYY-MM-DD`, or the date part of an RFC 3339 timestamp (`YYYY-MM-DDThh:mm:ss[.fff](Z|±hh:mm)`).
  ///
  /// A timestamp with an offset is taken at its own calendar day; pipelines are asked to send UTC.
  public init?(parsing text: String) {
    let utf8 = Array(text.utf8)
    guard utf8.count == 10 || (utf8.count > 10 && CalendarDate.isTimestampTail(utf8[10...])) else {
      return nil
    }
    guard utf8.count >= 10, utf8[4] == UInt8(ascii: "-"), utf8[7] == UInt8(ascii: "-"),
      let year = CalendarDate.digits(utf8[0..<4]), let month = CalendarDate.digits(utf8[5..<7]),
      let day = CalendarDate.digits(utf8[8..<10])
    else { return nil }
    self.init(year: year, month: month, day: day)
  }

  /// Days since 1970-01-01 (negative before).
  public var daysSinceEpoch: Int {
    // Howard Hinnant's days_from_civil.
    let shiftedYear = month <= 2 ? year - 1 : year
    let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
    let yearOfEra = shiftedYear - era * 400
    let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
    let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
    return era * 146_097 + dayOfEra - 719_468
  }

  /// The date `daysSinceEpoch` days after 1970-01-01.
  public init(daysSinceEpoch: Int) {
    let shifted = daysSinceEpoch + 719_468
    let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
    let dayOfEra = shifted - era * 146_097
    let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
    let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
    let monthPrime = (5 * dayOfYear + 2) / 153
    let day = dayOfYear - (153 * monthPrime + 2) / 5 + 1
    let month = monthPrime < 10 ? monthPrime + 3 : monthPrime - 9
    self.year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
    self.month = month
    self.day = day
  }

  /// The number of days from `self` to `other` (positive when `other` is later).
  public func days(until other: CalendarDate) -> Int {
    other.daysSinceEpoch - daysSinceEpoch
  }

  /// The date `count` days later (earlier when negative).
  public func adding(days count: Int) -> CalendarDate {
    CalendarDate(daysSinceEpoch: daysSinceEpoch + count)
  }

  /// Completed years of age on `date` for someone born on `self`.
  public func age(on date: CalendarDate) -> Int {
    var years = date.year - year
    if (date.month, date.day) < (month, day) { years -= 1 }
    return years
  }

  public static func < (lhs: CalendarDate, rhs: CalendarDate) -> Bool {
    (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
  }

  /// `YYYY-MM-DD`.
  public var description: String {
    func pad(_ value: Int, _ width: Int) -> String {
      let text = String(value)
      return String(repeating: "0", count: max(0, width - text.count)) + text
    }
    return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
  }

  // MARK: - Parsing helpers

  private static func daysIn(month: Int, year: Int) -> Int {
    switch month {
    case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
    case 4, 6, 9, 11: 30
    default: 31
    }
  }

  private static func digits(_ bytes: ArraySlice<UInt8>) -> Int? {
    var value = 0
    for byte in bytes {
      guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
      value = value * 10 + Int(byte - UInt8(ascii: "0"))
    }
    return value
  }

  /// Accepts `Thh:mm:ss`, an optional fraction, and `Z` or `±hh:mm`.
  private static func isTimestampTail(_ tail: ArraySlice<UInt8>) -> Bool {
    let bytes = Array(tail)
    guard bytes.count >= 10, bytes[0] == UInt8(ascii: "T") || bytes[0] == UInt8(ascii: "t"),
      let hour = digits(bytes[1..<3]), bytes[3] == UInt8(ascii: ":"), let minute = digits(bytes[4..<6]),
      bytes[6] == UInt8(ascii: ":"), let second = digits(bytes[7..<9]),
      hour < 24, minute < 60, second <= 60
    else { return false }
    var rest = bytes[9...]
    if rest.first == UInt8(ascii: ".") {
      rest = rest.dropFirst()
      let fraction = rest.prefix { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
      guard !fraction.isEmpty else { return false }
      rest = rest.dropFirst(fraction.count)
    }
    if rest.count == 1 { return rest.first == UInt8(ascii: "Z") || rest.first == UInt8(ascii: "z") }
    let offset = Array(rest)
    guard offset.count == 6, offset[0] == UInt8(ascii: "+") || offset[0] == UInt8(ascii: "-"),
      let offsetHour = digits(offset[1..<3]), offset[3] == UInt8(ascii: ":"),
      let offsetMinute = digits(offset[4..<6])
    else { return false }
    return offsetHour < 24 && offsetMinute < 60
  }
}
