public import Foundation
public import Hummingbird
import HummingbirdAuth
public import Logging
public import SparrowCore
import SparrowDaemon

// MARK: - ConsoleApplication

/// The pharmacists' console: server-rendered pages that work without JavaScript, behind the hospital's sign-in
/// proxy. It reads and records only through `backend` (the daemon), naming the signed-in user.
public struct ConsoleApplication: Sendable {
  let configuration: ConsoleConfiguration
  let backend: any ConsoleBackend
  let pages: ConsolePage
  let clock: @Sendable () -> Date

  /// A console for `configuration` that talks to `backend`.
  public init(
    configuration: ConsoleConfiguration, backend: any ConsoleBackend,
    clock: @escaping @Sendable () -> Date = { Date() }
  ) throws {
    self.configuration = configuration
    self.backend = backend
    self.pages = try ConsolePage()
    self.clock = clock
  }

  /// The router: `ConsoleGuard` in front of every route; sessions in `sessions`.
  public func router(peers: any PeerVerifier, sessions: any PersistDriver) -> Router<ConsoleRequestContext> {
    let router = Router(context: ConsoleRequestContext.self)
    router.add(
      middleware: ConsoleGuard(
        configuration: configuration, peers: peers,
        sessions: SessionStorage(sessions, configuration: ConsoleGuard.sessionStorageConfiguration), clock: clock))
    router.get("/") { request, context in try await worklist(request, context) }
    router.get("/advisories/:id") { request, context in try await advisory(request, context) }
    router.post("/advisories/:id/review") { request, context in try await review(request, context) }
    router.post("/advisories/:id/intervention") { request, context in try await intervention(request, context) }
    router.post("/advisories/:id/assign") { request, context in try await assign(request, context) }
    router.get("/handover") { request, context in try await handover(request, context) }
    router.post("/handover/acknowledge") { request, context in try await acknowledge(request, context) }
    router.get("/scorecard") { request, context in try await scorecard(request, context) }
    router.get("/static/console.css") { _, _ in ConsoleAssets.response(ConsoleAssets.css, type: "text/css") }
    router.get("/static/console.js") { _, _ in
      ConsoleAssets.response(ConsoleAssets.script, type: "text/javascript")
    }
    return router
  }

  /// The application on `configuration.listen`, with the session store as a service of its own.
  public func application(
    peers: any PeerVerifier, logger: Logger, onRunning: @escaping @Sendable () async -> Void
  )
    -> some ApplicationProtocol
  {
    let sessions = MemoryPersistDriver()
    return Application(
      router: router(peers: peers, sessions: sessions),
      configuration: ApplicationConfiguration(address: .unixDomainSocket(path: configuration.listen)),
      services: [sessions], onServerRunning: { _ in await onRunning() }, logger: logger)
  }

  // MARK: - Pages

  func worklist(_ request: Request, _ context: ConsoleRequestContext) async throws -> Response {
    let identity = try Self.identity(context)
    let query = request.uri.queryParameters
    func value(_ name: String) -> String? {
      query.get(name).flatMap { $0.isEmpty ? nil : $0 }
    }
    var filter = WorklistFilter()
    filter.unit = value("unit")
    filter.service = value("service")
    filter.ruleID = value("rule")
    filter.indicator = value("indicator").flatMap(Indicator.init(rawValue:))
    filter.status = value("status").flatMap(AdvisoryStatus.init(rawValue:))
    filter.assignee = value("assignee")
    filter.includeWaiting = value("waiting") == "1"
    filter.onlyDue = value("due") == "1"
    let answer = try await ask(.worklist(filter), as: Worklist.self, identity: identity)
    guard case .success(let list) = answer else { return answer.failureResponse(pages, identity: identity) }
    return pages.render(
      "worklist", title: "Worklist", identity: identity,
      values: ConsoleViews.worklist(list, filter: filter, user: identity.user, now: clock()))
  }

  func advisory(_ request: Request, _ context: ConsoleRequestContext) async throws -> Response {
    let identity = try Self.identity(context)
    guard let id = context.parameters.get("id", as: Int64.self), id > 0 else {
      return ConsolePage.refusal(.notFound, "There is no such advisory.")
    }
    // An opening is recorded for the pharmacist's own navigation only (a link in the console, or a typed address),
    // never for a request another site made the browser send.
    let opened = ["same-origin", "none"].contains(request.headers[ConsoleGuard.secFetchSite] ?? "")
    let answer = try await ask(.dossier(id: id, opened: opened), as: DossierView.self, identity: identity)
    guard case .success(let dossier) = answer else { return answer.failureResponse(pages, identity: identity) }
    return pages.render(
      "advisory", title: "Advisory \(id)", identity: identity,
      values: ConsoleViews.advisory(dossier, user: identity.user),
      notice: request.uri.queryParameters.get("recorded").flatMap { Self.notices[$0] })
  }

  func handover(_ request: Request, _ context: ConsoleRequestContext) async throws -> Response {
    let identity = try Self.identity(context)
    var probe = WorklistFilter()
    probe.limit = 1
    let units = try await ask(.worklist(probe), as: Worklist.self, identity: identity)
    guard case .success(let list) = units else { return units.failureResponse(pages, identity: identity) }
    let selected =
      request.uri.queryParameters.get("unit").flatMap { list.units.contains($0) ? $0 : nil }
      ?? list.units.first
    var view: Handover?
    if let selected {
      let answer = try await ask(.handover(unit: selected), as: Handover.self, identity: identity)
      guard case .success(let handover) = answer else { return answer.failureResponse(pages, identity: identity) }
      view = handover
    }
    return pages.render(
      "handover", title: "Shift handover", identity: identity,
      values: ConsoleViews.handover(view, units: list.units, selected: selected, now: clock()),
      notice: request.uri.queryParameters.get("recorded").flatMap { Self.notices[$0] })
  }

  func scorecard(_ request: Request, _ context: ConsoleRequestContext) async throws -> Response {
    let identity = try Self.identity(context)
    let answer = try await ask(.ruleStats(format: .json), as: [RuleScorecard].self, identity: identity)
    guard case .success(let cards) = answer else { return answer.failureResponse(pages, identity: identity) }
    return pages.render(
      "scorecard", title: "Rule scorecard", identity: identity, values: ConsoleViews.scorecard(cards))
  }

  // MARK: - Recording (POST, then redirect to a GET)

  func review(_ request: Request, _ context: ConsoleRequestContext) async throws -> Response {
    let (identity, id) = try Self.target(context)
    guard let action = context.form["action"].flatMap(ReviewAction.init(rawValue:)) else {
      return failure("Choose accept, override or dismiss.", back: "/advisories/\(id)", identity: identity)
    }
    return try await record(
      .review(id: id, action: action, reason: context.nonEmpty("reason"), note: context.nonEmpty("note")),
      identity: identity, then: "/advisories/\(id)?recorded=review")
  }

  func intervention(_ request: Request, _ context: ConsoleRequestContext) async throws -> Response {
    let (identity, id) = try Self.target(context)
    guard let kind = context.form["kind"].flatMap(InterventionKind.init(rawValue:)),
      let response = context.form["response"].flatMap(PrescriberResponse.init(rawValue:))
    else { return failure("Choose the intervention and the response.", back: "/advisories/\(id)", identity: identity) }
    var minutes: Int?
    if let text = context.nonEmpty("minutes") {
      guard let number = Int(text), (0...1_440).contains(number) else {
        return failure(
          "Minutes spent must be a whole number from 0 to 1440.", back: "/advisories/\(id)", identity: identity)
      }
      minutes = number
    }
    return try await record(
      .intervention(id: id, kind: kind, response: response, minutes: minutes, note: context.nonEmpty("note")),
      identity: identity, then: "/advisories/\(id)?recorded=intervention")
  }

  func assign(_ request: Request, _ context: ConsoleRequestContext) async throws -> Response {
    let (identity, id) = try Self.target(context)
    return try await record(
      .assign(id: id, assignee: context.nonEmpty("assignee"), followUpOn: context.nonEmpty("followUpOn")),
      identity: identity, then: "/advisories/\(id)?recorded=assignment")
  }

  func acknowledge(_ request: Request, _ context: ConsoleRequestContext) async throws -> Response {
    let identity = try Self.identity(context)
    guard let unit = context.nonEmpty("unit") else {
      return failure("Choose the unit whose handover you received.", back: "/handover", identity: identity)
    }
    let shown = (context.form["items"] ?? "").split(separator: ",").compactMap { Int64($0) }
    return try await record(
      .acknowledgeHandover(unit: unit, items: shown), identity: identity,
      then: "/handover?" + ConsoleViews.query(unitOnly: unit) + "&recorded=handover")
  }

  /// Sends a state change; a success redirects (303) to `location`, a refusal shows the daemon's reason.
  func record(
    _ message: ReviewRequestMessage, identity: ConsoleIdentity, then location: String
  ) async throws
    -> Response
  {
    do {
      let response = try await backend.send(message, actingFor: identity.user)
      guard response.status == .success else {
        // The daemon's refusals of the request itself (a missing reason, a changed handover) are the user's to read;
        // its internal failures are logged there, not shown.
        let shown =
          [.dataError, .noInput, .noPermission, .usage].contains(response.status)
          ? response.error : Self.internalFailure
        return failure(shown, back: String(location.prefix { $0 != "?" }), identity: identity)
      }
      return Response.redirect(to: location, type: .normal)
    } catch {
      return pages.render(
        "failure", title: "Daemon unreachable", identity: identity,
        values: ["message": Self.unreachable, "back": "/"], status: .serviceUnavailable)
    }
  }

  func failure(_ message: String, back: String, identity: ConsoleIdentity) -> Response {
    pages.render(
      "failure", title: "Not recorded", identity: identity, values: ["message": message, "back": back],
      status: .unprocessableContent)
  }

  static let unreachable =
    "The Sparrow daemon did not answer. Try again in a minute; if it persists, call the on-call admin."
  static let internalFailure = "The Sparrow daemon could not do this; the details are in its journal."

  /// What a redirect's `recorded=` says on the page it lands on.
  static let notices: [String: String] = [
    "review": "Triage recorded.", "intervention": "Intervention recorded.", "assignment": "Assignment saved.",
    "handover": "Handover acknowledged.",
  ]

  // MARK: - Helpers

  /// The daemon's answer to a read, decoded.
  enum Answer<T> {
    case success(T)
    case failure(HTTPResponse.Status, String)

    func failureResponse(_ pages: ConsolePage, identity: ConsoleIdentity) -> Response {
      guard case .failure(let status, let message) = self else { return ConsolePage.refusal(.internalServerError, "") }
      return pages.render(
        "failure", title: status.reasonPhrase, identity: identity, values: ["message": message, "back": "/"],
        status: status)
    }
  }

  func ask<T: Decodable>(
    _ message: ReviewRequestMessage, as type: T.Type, identity: ConsoleIdentity
  ) async throws
    -> Answer<T>
  {
    let response: ReviewResponse
    do {
      response = try await backend.send(message, actingFor: identity.user)
    } catch {
      return .failure(.serviceUnavailable, Self.unreachable)
    }
    switch response.status {
    case .success:
      do {
        return .success(try JSONDecoder().decode(T.self, from: Data(response.output.utf8)))
      } catch {
        return .failure(.internalServerError, Self.internalFailure)
      }
    case .noInput: return .failure(.notFound, response.error)
    case .noPermission: return .failure(.forbidden, response.error)
    default: return .failure(.badGateway, Self.internalFailure)
    }
  }

  static func identity(_ context: ConsoleRequestContext) throws -> ConsoleIdentity {
    guard let identity = context.identity else { throw HTTPError(.unauthorized) }
    return identity
  }

  static func target(_ context: ConsoleRequestContext) throws -> (ConsoleIdentity, Int64) {
    guard let id = context.parameters.get("id", as: Int64.self), id > 0 else { throw HTTPError(.notFound) }
    return (try identity(context), id)
  }
}

// MARK: - ConsoleRequestContext+Form

extension ConsoleRequestContext {
  /// A form field, trimmed; nil when absent or empty.
  func nonEmpty(_ name: String) -> String? {
    guard let value = form[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else { return nil }
    return value
  }
}
