import Foundation

// MARK: - ConsoleSession

/// What the console keeps per session (in memory, keyed by the cookie's random id): whose it is, its CSRF token,
/// and the times its idle and absolute timeouts are reckoned from.
struct ConsoleSession: Codable, Sendable {
  var user: String
  var csrfToken: String
  var createdAt: Date
  var lastSeenAt: Date

  /// The session's cookie name: `__Host-` makes the browser require Secure, Path=/ and no Domain.
  static let cookieName = "__Host-sparrow-session"

  /// A new session for `user`, with a fresh token.
  init(user: String, now: Date) {
    self.user = user
    self.csrfToken = Self.randomToken()
    self.createdAt = now
    self.lastSeenAt = now
  }

  /// 32 random bytes from the system's generator, as hex.
  static func randomToken() -> String {
    var generator = SystemRandomNumberGenerator()
    return (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
  }

  /// Whether `token` is this session's, compared in constant time (no early exit on the first difference).
  func accepts(_ token: String) -> Bool {
    let expected = Array(csrfToken.utf8)
    let given = Array(token.utf8)
    guard expected.count == given.count else { return false }
    var difference: UInt8 = 0
    for (left, right) in zip(expected, given) { difference |= left ^ right }
    return difference == 0
  }
}
