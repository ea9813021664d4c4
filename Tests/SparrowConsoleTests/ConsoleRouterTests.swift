import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import SparrowCore
import SparrowDaemon
import SparrowTesting
import Testing

@testable import SparrowConsole

/// The console's router in the test process (HummingbirdTesting's router framework, no network), over an in-memory
/// store with synthetic decisions: sign-in, sessions, CSRF, same-origin, roles, escaping and the pages.
@Suite struct ConsoleRouterTests {
  let fixture: ConsoleFixture

  init() throws {
    fixture = try ConsoleFixture()
  }

  /// Signs `user` in by opening advisory `id`: the session cookie and the page's CSRF token.
  func signIn(_ client: some TestClientProtocol, _ user: String, advisory id: Int64) async throws -> (String, String) {
    try await client.execute(
      uri: "/advisories/\(id)", method: .get, headers: .proxy(user, extra: [("Sec-Fetch-Site", "none")])
    ) { response in
      #expect(response.status == .ok)
      return (try #require(response.sessionCookie), try #require(response.csrfToken))
    }
  }

  func reviews(_ id: Int64) throws -> [StoredReview] {
    try #require(try fixture.store.advisoryDetail(id: id)).reviews
  }

  // MARK: - Sign-in and the proxy

  @Test func aHeaderOnAConnectionThatIsNotTheProxysIsRefused() async throws {
    // The production verifier: an in-process channel has no Unix-socket credentials, so it is not the proxy.
    let app = try fixture.application(peers: CredentialPeerVerifier(proxyUID: getuid()))
    try await app.test(.router) { client in
      try await client.execute(uri: "/", method: .get, headers: .proxy("pharmacist-a")) { response in
        #expect(response.status == .forbidden)
        #expect(response.text.contains("not from the hospital&#39;s sign-in proxy"))
        #expect(response.sessionCookie == nil, "no session for a refused connection")
        #expect(!response.text.contains("pharmacist-a"))
      }
    }
  }

  @Test func noUserHeaderIsUnauthorizedAndAUserWithoutARoleIsForbidden() async throws {
    try await fixture.application().test(.router) { client in
      try await client.execute(uri: "/", method: .get) { response in
        #expect(response.status == .unauthorized)
      }
      try await client.execute(
        uri: "/", method: .get, headers: .proxy("visitor", extra: [("X-Remote-User", "pharmacist-a")])
      ) { response in
        #expect(response.status == .unauthorized, "two user fields are refused, not joined or chosen between")
      }
      try await client.execute(uri: "/", method: .get, headers: .proxy("visitor")) { response in
        #expect(response.status == .forbidden)
        #expect(response.text.contains("holds no Sparrow role"))
      }
    }
  }

  @Test(arguments: [
    "", "x\u{7}y", "x\u{0}", String(repeating: "a", count: 201), " alice", "ali\u{200B}ce", "\u{202E}ecila",
  ])
  func aNameWithAControlCharacterOrTooLongIsNoName(name: String) {
    #expect(!ConsoleGuard.isName(name))
  }

  @Test func aGroupFromTheGroupsHeaderGivesItsRole() async throws {
    var fixture = fixture
    fixture.configuration.groupsHeader = "X-Remote-Groups"
    try await fixture.application().test(.router) { client in
      try await client.execute(
        uri: "/", method: .get, headers: .proxy("someone", extra: [("X-Remote-Groups", "staff, pharmacy")])
      ) { response in
        #expect(response.status == .ok)
        #expect(response.text.contains("someone · reviewer"))
      }
    }
  }

  // MARK: - The session cookie

  @Test func theSessionCookieHasEveryAttribute() async throws {
    try await fixture.application().test(.router) { client in
      try await client.execute(uri: "/", method: .get, headers: .proxy("pharmacist-a")) { response in
        let cookie = try #require(response.headers[values: .setCookie].first)
        let attributes = Set(cookie.split(separator: ";").dropFirst().map { $0.trimmingCharacters(in: .whitespaces) })
        #expect(cookie.hasPrefix("__Host-sparrow-session="))
        #expect(attributes.contains("Secure"))
        #expect(attributes.contains("HttpOnly"))
        #expect(attributes.contains("SameSite=Strict"))
        #expect(attributes.contains("Path=/"))
        #expect(!attributes.contains { $0.lowercased().hasPrefix("domain") }, "__Host- forbids a Domain")
        let value = String(cookie.dropFirst("__Host-sparrow-session=".count).prefix { $0 != ";" })
        #expect(value.count >= 43, "at least 256 random bits")
      }
    }
  }

  @Test func theSessionIsKeptThenRotatedForAnotherUserAndAfterTheIdleTimeout() async throws {
    try await fixture.application().test(.router) { client in
      let first = try await client.execute(uri: "/", method: .get, headers: .proxy("pharmacist-a")) {
        try #require($0.sessionCookie)
      }
      try await client.execute(uri: "/", method: .get, headers: .proxy("pharmacist-a", cookie: first)) { response in
        #expect(response.sessionCookie == nil, "the same session goes on")
      }
      let other = try await client.execute(uri: "/", method: .get, headers: .proxy("admin-a", cookie: first)) {
        try #require($0.sessionCookie)
      }
      #expect(other != first, "another user signed in through the proxy gets a new session")
      fixture.clock.advance(minutes: 16)
      try await client.execute(uri: "/", method: .get, headers: .proxy("admin-a", cookie: other)) { response in
        let renewed = try #require(response.sessionCookie, "past the 15-minute idle timeout")
        #expect(renewed != other)
      }
    }
  }

  @Test func aSessionEndsAtTheAbsoluteTimeoutHoweverBusy() async throws {
    try await fixture.application().test(.router) { client in
      var cookie = try await client.execute(uri: "/", method: .get, headers: .proxy("pharmacist-a")) {
        try #require($0.sessionCookie)
      }
      let original = cookie
      for _ in 0..<60 {  // a request every 14 minutes for 14 hours
        fixture.clock.advance(minutes: 14)
        if let renewed = try await client.execute(
          uri: "/", method: .get, headers: .proxy("pharmacist-a", cookie: cookie), testCallback: \.sessionCookie)
        {
          cookie = renewed
          break
        }
      }
      #expect(cookie != original, "a new session after 12 hours")
    }
  }

  // MARK: - State changes: CSRF, same origin, roles

  @Test func aMissingOrWrongCSRFTokenIsForbidden() async throws {
    let id = try fixture.advisoryID(unit: "ICU")
    try await fixture.application().test(.router) { client in
      let (cookie, token) = try await signIn(client, "pharmacist-a", advisory: id)
      let headers = HTTPFields.proxy("pharmacist-a", cookie: cookie, extra: [("Sec-Fetch-Site", "same-origin")])
      // The token with its first character changed (a token that starts with "0" gets a "1").
      let altered = (token.first == "0" ? "1" : "0") + token.dropFirst()
      for body in [
        form([("action", "accept")]), form([("csrf", altered), ("action", "accept")]),
        form([("csrf", ""), ("action", "accept")]), form([("csrf", token + "0"), ("action", "accept")]),
      ] {
        try await client.execute(uri: "/advisories/\(id)/review", method: .post, headers: headers, body: body) {
          #expect($0.status == .forbidden)
        }
      }
      // The token of another session is refused too.
      let (otherCookie, _) = try await signIn(client, "pharmacist-a", advisory: id)
      try await client.execute(
        uri: "/advisories/\(id)/review", method: .post,
        headers: .proxy("pharmacist-a", cookie: otherCookie, extra: [("Sec-Fetch-Site", "same-origin")]),
        body: form([("csrf", token), ("action", "accept")])
      ) { #expect($0.status == .forbidden) }
      #expect(try reviews(id).isEmpty)
    }
  }

  @Test(arguments: [
    [("Sec-Fetch-Site", "cross-site")], [("Sec-Fetch-Site", "same-site")],
    [("Origin", "https://evil.test")], [("Sec-Fetch-Site", "same-origin"), ("Origin", "https://evil.test")], [],
  ])
  func aPostFromAnotherSiteOrOfUnknownOriginIsForbidden(headers: [(String, String)]) async throws {
    let id = try fixture.advisoryID(unit: "ICU")
    try await fixture.application().test(.router) { client in
      let (cookie, token) = try await signIn(client, "pharmacist-a", advisory: id)
      try await client.execute(
        uri: "/advisories/\(id)/review", method: .post, headers: .proxy("pharmacist-a", cookie: cookie, extra: headers),
        body: form([("csrf", token), ("action", "accept")])
      ) { #expect($0.status == .forbidden) }
      #expect(try reviews(id).isEmpty)
    }
  }

  @Test func aReviewerRecordsThroughTheConsoleAndIsRedirected() async throws {
    let id = try fixture.advisoryID(unit: "ICU")
    try await fixture.application().test(.router) { client in
      let (cookie, token) = try await signIn(client, "pharmacist-a", advisory: id)
      let headers = HTTPFields.proxy(
        "pharmacist-a", cookie: cookie, extra: [("Sec-Fetch-Site", "same-origin"), ("Origin", ConsoleFixture.origin)])
      try await client.execute(
        uri: "/advisories/\(id)/review", method: .post, headers: headers,
        body: form([("csrf", token), ("action", "accept"), ("reason", "")])
      ) { response in
        #expect(response.status == .seeOther)
        #expect(response.headers[.location] == "/advisories/\(id)?recorded=review")
      }
      let review = try #require(try reviews(id).first)
      #expect(review.reviewer == "pharmacist-a")
      #expect(review.channel == .console)
      #expect(review.assertedBy == "sparrow-console")
      try await client.execute(
        uri: "/advisories/\(id)/intervention", method: .post, headers: headers,
        body: form([("csrf", token), ("kind", "proposed"), ("response", "pending"), ("minutes", "5")])
      ) { #expect($0.status == .seeOther) }
      #expect(try fixture.store.followUp(advisoryID: id).interventions.map(\.response) == [.pending])
      try await client.execute(
        uri: "/advisories/\(id)?recorded=review", method: .get, headers: .proxy("pharmacist-a", cookie: cookie)
      ) { response in
        #expect(response.text.contains(#"<p class="notice" role="status" id="notice">Triage recorded.</p>"#))
        #expect(response.text.contains(#"<strong id="status">accepted</strong>"#))
        #expect(response.text.contains("Opened by pharmacist-a"))
      }
      // A page another site made the browser load records no opening ("first opened by" is never forged).
      try await client.execute(
        uri: "/advisories/\(id)", method: .get,
        headers: .proxy("auditor-a", extra: [("Sec-Fetch-Site", "cross-site")])
      ) { #expect($0.status == .ok) }
      #expect(try fixture.store.followUp(advisoryID: id).openings.map(\.reviewer) == ["pharmacist-a"])
    }
  }

  @Test func aDaemonRefusalIsShownAndNothingIsRecorded() async throws {
    let id = try fixture.advisoryID(unit: "ICU")
    try await fixture.application().test(.router) { client in
      let (cookie, token) = try await signIn(client, "pharmacist-a", advisory: id)
      try await client.execute(
        uri: "/advisories/\(id)/review", method: .post,
        headers: .proxy("pharmacist-a", cookie: cookie, extra: [("Sec-Fetch-Site", "same-origin")]),
        body: form([("csrf", token), ("action", "override")])
      ) { response in
        #expect(response.status == .unprocessableContent)
        #expect(response.text.contains("override needs --reason"))
      }
      #expect(try reviews(id).isEmpty)
    }
  }

  @Test(arguments: ["auditor-a", "admin-a"])
  func aReadOnlyRoleCannotRecord(user: String) async throws {
    let id = try fixture.advisoryID(unit: "ICU")
    try await fixture.application().test(.router) { client in
      let cookie = try await client.execute(uri: "/advisories/\(id)", method: .get, headers: .proxy(user)) {
        response in
        #expect(response.status == .ok)
        #expect(!response.text.contains(#"id="triage""#), "no forms for a read-only role")
        #expect(response.csrfToken == nil)
        return try #require(response.sessionCookie)
      }
      // Even with a reviewer's token, which it cannot have, the role is refused first.
      let (_, token) = try await signIn(client, "pharmacist-a", advisory: id)
      for path in ["review", "intervention", "assign"] {
        try await client.execute(
          uri: "/advisories/\(id)/\(path)", method: .post,
          headers: .proxy(user, cookie: cookie, extra: [("Sec-Fetch-Site", "same-origin")]),
          body: form([("csrf", token), ("action", "accept"), ("kind", "informed"), ("response", "accepted")])
        ) { response in
          #expect(response.status == .forbidden)
          #expect(response.text.contains("may read but not record"))
        }
      }
      #expect(try reviews(id).isEmpty)
      #expect(try fixture.store.followUp(advisoryID: id).interventions.isEmpty)
    }
  }

  // MARK: - Escaping and headers

  @Test func aNoteWithAScriptRendersAsText() async throws {
    let id = try fixture.advisoryID(unit: "ICU")
    try await fixture.application().test(.router) { client in
      let (cookie, token) = try await signIn(client, "pharmacist-a", advisory: id)
      let note = #"<script>alert("x")</script><img src=x onerror=alert(1)>"#
      try await client.execute(
        uri: "/advisories/\(id)/review", method: .post,
        headers: .proxy("pharmacist-a", cookie: cookie, extra: [("Sec-Fetch-Site", "same-origin")]),
        body: form([("csrf", token), ("action", "override"), ("reason", "other"), ("note", note)])
      ) { #expect($0.status == .seeOther) }
      try await client.execute(
        uri: "/advisories/\(id)", method: .get, headers: .proxy("pharmacist-a", cookie: cookie)
      ) { response in
        #expect(!response.text.contains("<script>alert"))
        #expect(!response.text.contains("<img src=x"))
        #expect(
          response.text.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;"))
      }
    }
  }

  @Test(arguments: ["/", "/advisories/1", "/handover", "/scorecard"])
  func everyPageHasTheSecurityHeadersAndNoInlineScript(path: String) async throws {
    try await fixture.application().test(.router) { client in
      try await client.execute(uri: path, method: .get, headers: .proxy("pharmacist-a")) { response in
        #expect(response.status == .ok)
        let policy = try #require(response.headers[.contentSecurityPolicy])
        #expect(policy.contains("default-src 'none'"))
        #expect(policy.contains("script-src 'self'"))
        #expect(policy.contains("frame-ancestors 'none'"))
        #expect(!policy.contains("unsafe-inline"))
        #expect(response.headers[.xContentTypeOptions] == "nosniff")
        #expect(response.headers[.cacheControl] == "no-store")
        let scripts = response.text.components(separatedBy: "<script").dropFirst()
        #expect(scripts.allSatisfy { $0.hasPrefix(#" src="/static/"#) }, "every script is a file from the console")
        #expect(
          response.text.range(of: #"\son[a-z]+="#, options: .regularExpression) == nil, "no event-handler attributes")
      }
    }
  }

  @Test func noTemplateUsesAnUnescapedTag() {
    for (name, template) in ConsoleTemplates.all {
      #expect(!template.contains("{{{"), "\(name) uses a triple mustache")
      #expect(!template.contains("{{&"), "\(name) uses an unescaped tag")
    }
  }

  // MARK: - The pages

  @Test func theWorklistFiltersByUnitAndCountsBuckets() async throws {
    try await fixture.application().test(.router) { client in
      try await client.execute(uri: "/?unit=ICU", method: .get, headers: .proxy("pharmacist-a")) { response in
        #expect(response.text.contains("ICU · Medicine"))
        #expect(!response.text.contains("4 West · Orthopaedics"))
        #expect(response.text.contains(#"data-bucket="critical">Critical <strong>"#))
      }
      try await client.execute(uri: "/", method: .get, headers: .proxy("pharmacist-a")) { response in
        #expect(response.text.contains("ICU · Medicine"))
        #expect(response.text.contains("4 West · Orthopaedics"))
        let critical = try #require(response.text.range(of: #"data-bucket="critical">Critical <strong>"#))
        #expect(response.text[critical.upperBound...].hasPrefix("1</strong>"))
      }
    }
  }

  @Test func theAdvisoryPageLeadsWithTheEvidence() async throws {
    let id = try fixture.advisoryID(unit: "ICU")
    try await fixture.application().test(.router) { client in
      try await client.execute(uri: "/advisories/\(id)", method: .get, headers: .proxy("auditor-a")) { response in
        let text = response.text
        let positions = [#"id="orders""#, #"id="facts""#, #"id="rule""#, #"id="text""#, #"id="history""#].map {
          text.range(of: $0)?.lowerBound
        }
        #expect(positions.allSatisfy { $0 != nil })
        #expect(positions.compactMap { $0 } == positions.compactMap { $0 }.sorted(), "evidence first, history last")
        #expect(text.contains("Oxycodone 20 mg tablet"))
        #expect(text.contains(#"<th class="num" id="total-mme">90</th>"#))
        #expect(text.contains("<code>medications[0]</code>"), "each fact names the input it came from")
        #expect(text.contains("revision <code>test-revision</code>"))
      }
      try await client.execute(uri: "/advisories/999999", method: .get, headers: .proxy("auditor-a")) {
        #expect($0.status == .notFound)
      }
    }
  }

  @Test func theScorecardChangesWhenAnAdvisoryIsAccepted() async throws {
    let id = try fixture.advisoryID(unit: "4 West")
    let rule = try #require(try fixture.store.advisoryDetail(id: id)).advisory.ruleID
    @Sendable func acceptedCell(_ text: String) -> String? {
      guard let row = text.range(of: #"data-rule="\#(rule)""#),
        let cell = text[row.upperBound...].range(of: #"data-field="accepted">"#)
      else { return nil }
      return String(text[cell.upperBound...].prefix { $0 != "<" })
    }
    try await fixture.application().test(.router) { client in
      let before = try await client.execute(uri: "/scorecard", method: .get, headers: .proxy("admin-a")) {
        acceptedCell($0.text)
      }
      #expect(before == "0")
      let (cookie, token) = try await signIn(client, "pharmacist-a", advisory: id)
      try await client.execute(
        uri: "/advisories/\(id)/review", method: .post,
        headers: .proxy("pharmacist-a", cookie: cookie, extra: [("Sec-Fetch-Site", "same-origin")]),
        body: form([("csrf", token), ("action", "accept")])
      ) { #expect($0.status == .seeOther) }
      try await client.execute(uri: "/scorecard", method: .get, headers: .proxy("admin-a")) {
        #expect(acceptedCell($0.text) == "1")
      }
    }
  }

  @Test func theHandoverIsAcknowledgedByTheReceivingPharmacist() async throws {
    try await fixture.application().test(.router) { client in
      let (cookie, token) = try await client.execute(
        uri: "/handover?unit=ICU", method: .get, headers: .proxy("pharmacist-a")
      ) { response in
        #expect(response.text.contains("No handover of ICU has been acknowledged yet."))
        #expect(response.text.contains(#"id="bucket-call-to-action""#))
        return (try #require(response.sessionCookie), try #require(response.csrfToken))
      }
      let shown = try await client.execute(
        uri: "/handover?unit=ICU", method: .get, headers: .proxy("pharmacist-a", cookie: cookie)
      ) { response in
        let field = try #require(response.text.range(of: #"name="items" value=""#))
        return String(response.text[field.upperBound...].prefix { $0 != "\"" })
      }
      #expect(!shown.isEmpty)
      let headers = HTTPFields.proxy("pharmacist-a", cookie: cookie, extra: [("Sec-Fetch-Site", "same-origin")])
      // Acknowledging fewer items than the unit has open (one fired after the page was drawn) records nothing.
      try await client.execute(
        uri: "/handover/acknowledge", method: .post, headers: headers,
        body: form([("csrf", token), ("unit", "ICU"), ("items", "")])
      ) { response in
        #expect(response.status == .unprocessableContent)
        #expect(response.text.contains("has changed since it was shown"))
      }
      try await client.execute(
        uri: "/handover/acknowledge", method: .post, headers: headers,
        body: form([("csrf", token), ("unit", "ICU"), ("items", shown)])
      ) { response in
        #expect(response.status == .seeOther)
        #expect(response.headers[.location] == "/handover?unit=ICU&recorded=handover")
      }
      try await client.execute(
        uri: "/handover?unit=ICU", method: .get, headers: .proxy("pharmacist-a", cookie: cookie)
      ) { response in
        #expect(response.text.contains("Last handover of ICU acknowledged by pharmacist-a"))
      }
    }
  }
}
