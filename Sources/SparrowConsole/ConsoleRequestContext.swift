public import Hummingbird
public import NIOCore
import SparrowCore

// MARK: - ConsoleRequestContext

/// A console request's context: the connection it came on (for the proxy check), and what `ConsoleGuard` found
/// out about it (the signed-in user, the session's CSRF token, the submitted form).
public struct ConsoleRequestContext: RequestContext {
  public var coreContext: CoreRequestContextStorage
  /// The connection the request arrived on.
  public let channel: any Channel
  /// Set by `ConsoleGuard` for every request it lets through.
  var identity: ConsoleIdentity?
  /// The fields of a checked POST form.
  var form: [String: String] = [:]

  public init(source: ApplicationRequestContextSource) {
    self.coreContext = .init(source: source)
    self.channel = source.channel
  }

  /// Form bodies are small: a note is at most 2 000 characters.
  public var maxUploadSize: Int { 64 * 1_024 }
}

// MARK: - ConsoleIdentity

/// Who is signed in, as the proxy said, with the roles the configuration gives them.
struct ConsoleIdentity: Sendable {
  var user: String
  var roles: Set<ConsoleRole>
  var csrfToken: String

  var mayRecord: Bool { roles.contains { $0.mayRecord } }
}
