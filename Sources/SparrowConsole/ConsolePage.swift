import Foundation
import Hummingbird
import Mustache
import SparrowCore

// MARK: - ConsolePage

/// Renders the console's pages from `ConsoleTemplates`.
struct ConsolePage: Sendable {
  let library: MustacheLibrary

  /// The library of every template (a template that does not parse is an error at start, not at first use).
  init() throws {
    var library = MustacheLibrary()
    for (name, text) in ConsoleTemplates.all { try library.register(text, named: name) }
    self.library = library
  }

  /// `template` rendered with `values` and the page's common ones, as an HTML response.
  func render(
    _ template: String, title: String, identity: ConsoleIdentity?, values: [String: Any?],
    status: HTTPResponse.Status = .ok, notice: String? = nil
  ) -> Response {
    var object: [String: Any?] = values
    object["title"] = title
    object["notice"] = notice
    if let identity {
      object["user"] = identity.user
      object["roleText"] = identity.roles.map(\.rawValue).sorted().joined(separator: ", ")
      object["mayRecord"] = identity.mayRecord
      object["csrf"] = identity.csrfToken
    }
    object["on" + template.prefix(1).uppercased() + template.dropFirst()] = true
    let html = library.render(Self.compact(object), withTemplate: template) ?? ""
    return Self.html(html, status: status)
  }

  /// A refusal page, rendered before anyone is known to be signed in.
  static func refusal(_ status: HTTPResponse.Status, _ message: String) -> Response {
    let page =
      (try? MustacheTemplate(string: ConsoleTemplates.refusal))?.render(
        ["title": status.reasonPhrase, "message": message]) ?? message
    return html(page, status: status)
  }

  static func html(_ text: String, status: HTTPResponse.Status) -> Response {
    Response(
      status: status, headers: [.contentType: "text/html; charset=utf-8"],
      body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
  }

  /// Values without their absent keys: Mustache would otherwise look a missing name up in the enclosing object.
  static func compact(_ object: [String: Any?]) -> [String: Any] {
    object.compactMapValues { $0 }
  }
}
