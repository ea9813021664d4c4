import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdAuth
import SparrowCore

// MARK: - ConsoleGuard

/// Every request passes here first:
/// 1. the connection must be the proxy's (the identity header is believed from it only);
/// 2. the proxy's user must hold a role;
/// 3. the session is loaded, or a new one made (a new id at sign-in, when the user changes, and after the idle or
///    absolute timeout);
/// 4. a state change (POST) must be same-origin (`Sec-Fetch-Site`, `Origin`), come from a reviewer, and carry the
///    session's CSRF token;
/// 5. every response gets the security headers, and the cookie when the session is new.
struct ConsoleGuard: RouterMiddleware {
  typealias Context = ConsoleRequestContext

  let configuration: ConsoleConfiguration
  let peers: any PeerVerifier
  let sessions: SessionStorage<ConsoleSession>
  let clock: @Sendable () -> Date

  func handle(
    _ request: Request, context: Context, next: (Request, Context) async throws -> Response
  ) async throws -> Response {
    var response: Response
    do {
      response = try await guarded(request, context: context, next: next)
    } catch let error as HTTPError {
      // A thrown status (no such route, a body over the limit) still leaves with the security headers.
      response = ConsolePage.refusal(error.status, error.body ?? error.status.reasonPhrase)
    }
    for (name, value) in Self.securityHeaders { response.headers[name] = value }
    return response
  }

  private func guarded(
    _ request: Request, context: Context, next: (Request, Context) async throws -> Response
  ) async throws -> Response {
    guard await peers.isProxy(context.channel) else {
      return ConsolePage.refusal(
        .forbidden, "This connection is not from the hospital's sign-in proxy. Open Sparrow through its address.")
    }
    // Exactly one user field, taken as it is: two fields (or a name padded with spaces) are refused, not joined
    // or trimmed into a name the proxy did not send.
    guard let userField = HTTPField.Name(configuration.userHeader),
      let user = request.headers[values: userField].first, request.headers[values: userField].count == 1,
      Self.isName(user)
    else {
      return ConsolePage.refusal(.unauthorized, "No signed-in user came with this request. Sign in again.")
    }
    let groups =
      HTTPField.Name(configuration.groupsHeader).map { request.headers[values: $0] }.map {
        $0.flatMap { $0.split(separator: ",") }.map { Self.trimmed(String($0)) }.filter(Self.isName)
      } ?? []
    let roles = configuration.roles(user: user, groups: groups)
    guard !roles.isEmpty else {
      return ConsolePage.refusal(.forbidden, "\(user) is signed in but holds no Sparrow role. Ask the pharmacy office.")
    }
    let now = clock()
    let loaded = try? await sessions.load(request: request)
    var cookie: Cookie?
    var session: ConsoleSession
    let isNew: Bool
    if let current = loaded, current.user == user,
      now.timeIntervalSince(current.lastSeenAt) < Double(configuration.idleMinutes * 60),
      now.timeIntervalSince(current.createdAt) < Double(configuration.absoluteHours * 3_600)
    {
      session = current
      isNew = false
    } else {
      // Signing in, another user, or a timeout: a new session under a new id (never the one the browser sent).
      if loaded != nil { _ = try? await sessions.delete(request: request) }
      session = ConsoleSession(user: user, now: now)
      isNew = true
    }
    // The store keeps a session no longer than its idle timeout (each request extends it) and never past its
    // absolute one, so abandoned sessions do not pile up.
    let remaining = Duration.seconds(
      max(
        1,
        min(
          Double(configuration.idleMinutes * 60),
          Double(configuration.absoluteHours * 3_600) - now.timeIntervalSince(session.createdAt))))
    session.lastSeenAt = now
    if isNew {
      cookie = try await sessions.save(session: session, expiresIn: remaining)
    } else {
      try await sessions.update(session: session, expiresIn: remaining, request: request)
    }
    var context = context
    context.identity = ConsoleIdentity(user: user, roles: roles, csrfToken: session.csrfToken)
    var request = request
    if request.method != .get && request.method != .head {
      if let refusal = try await checkStateChange(&request, context: &context, session: session, isNew: isNew) {
        var refused = refusal
        if let cookie { refused.setCookie(cookie) }
        return refused
      }
    }
    var response = try await next(request, context)
    if let cookie { response.setCookie(cookie) }
    return response
  }

  /// Nil when the POST may go on; else the refusal.
  private func checkStateChange(
    _ request: inout Request, context: inout Context, session: ConsoleSession, isNew: Bool
  ) async throws -> Response? {
    if let site = request.headers[Self.secFetchSite], site != "same-origin" {
      return ConsolePage.refusal(.forbidden, "Refused: the form was sent from another site (\(site)).")
    }
    let origin = request.headers[.origin]
    let expected = configuration.origin.isEmpty ? request.head.authority.map { "https://\($0)" } : configuration.origin
    if let origin, origin != expected {
      return ConsolePage.refusal(.forbidden, "Refused: the form was sent from another origin.")
    }
    if origin == nil && request.headers[Self.secFetchSite] == nil {
      return ConsolePage.refusal(.forbidden, "Refused: the browser did not say where the form came from.")
    }
    guard context.identity?.mayRecord == true else {
      return ConsolePage.refusal(.forbidden, "Your role may read but not record. Only reviewers record actions.")
    }
    let body = try await request.collectBody(upTo: context.maxUploadSize)
    let form = Self.fields(String(buffer: body))
    guard !isNew, let token = form["csrf"], session.accepts(token) else {
      return ConsolePage.refusal(
        .forbidden, "Refused: the form's security token is missing or out of date. Reload the page and try again.")
    }
    context.form = form
    return nil
  }

  // MARK: - Helpers

  static let secFetchSite = field("Sec-Fetch-Site")

  /// The headers on every response: no inline script, no framing, nothing cached, no referrer to other sites.
  static let securityHeaders: [(HTTPField.Name, String)] = [
    (
      .contentSecurityPolicy,
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; form-action 'self'; "
        + "frame-ancestors 'none'; base-uri 'none'"
    ),
    (.xContentTypeOptions, "nosniff"),
    (field("X-Frame-Options"), "DENY"),
    (.cacheControl, "no-store"),
    (field("Referrer-Policy"), "same-origin"),
  ]

  /// The session store's settings: a `__Host-` cookie that is Secure, HttpOnly (hummingbird's default) and
  /// SameSite=Strict, where hummingbird-auth's defaults are neither Secure nor SameSite.
  static let sessionStorageConfiguration = SessionStorageConfiguration(
    sessionCookieParameters: SessionCookieParameters(
      name: ConsoleSession.cookieName, path: "/", secure: true, sameSite: .strict),
    keyPrefix: "sparrow.")

  /// `application/x-www-form-urlencoded` fields (the last value of a repeated name wins).
  static func fields(_ body: String) -> [String: String] {
    var fields: [String: String] = [:]
    for pair in body.split(separator: "&") {
      let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
      func decoded(_ text: Substring) -> String {
        text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
      }
      guard let name = parts.first else { continue }
      fields[decoded(name)] = parts.count > 1 ? decoded(parts[1]) : ""
    }
    return fields
  }

  /// A header name the console spells as a constant.
  static func field(_ name: String) -> HTTPField.Name {
    guard let field = HTTPField.Name(name) else { preconditionFailure("\(name) is not a header name") }
    return field
  }

  static func trimmed(_ text: String) -> String { text.trimmingCharacters(in: .whitespaces) }

  /// A person's name (`PersonName`) without surrounding spaces.
  static func isName(_ text: String) -> Bool {
    PersonName.isValid(text) && text == trimmed(text)
  }

}
