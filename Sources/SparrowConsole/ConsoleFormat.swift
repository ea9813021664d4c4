import Foundation

// MARK: - ConsoleFormat

/// How the console writes numbers and times.
enum ConsoleFormat {
  /// Whole numbers without a decimal point; others to at most two places, without trailing zeros (1.5, 0.25).
  static func number(_ value: Double) -> String {
    if value.rounded() == value && abs(value) < 1e15 { return String(Int64(value)) }
    var text = String(format: "%.2f", value)
    while text.hasSuffix("0") { text.removeLast() }
    return text
  }

  /// `2026-11-18T11:06:40.000Z` → `2026-11-18 11:06 UTC`.
  static func time(_ iso: String) -> String {
    guard iso.count >= 16 else { return iso }
    return iso.prefix(10) + " " + iso.dropFirst(11).prefix(5) + " UTC"
  }

  /// How long ago `iso` was, from `now`: `35 min`, `4 h`, `3 d`.
  static func age(_ iso: String, now: Date) -> String {
    guard let date = try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(iso) else { return "" }
    let minutes = max(0, Int(now.timeIntervalSince(date) / 60))
    if minutes < 120 { return "\(minutes) min" }
    if minutes < 48 * 60 { return "\(minutes / 60) h" }
    return "\(minutes / 1_440) d"
  }

  /// A share as a whole percentage, or a dash.
  static func percent(_ share: Double?) -> String {
    share.map { String(format: "%.0f%%", $0 * 100) } ?? "–"
  }
}
