// MARK: - ConsoleConfiguration

/// The review console's configuration (`/etc/sparrow/console.yaml`). Every key is optional; unknown keys are
/// errors. Users and groups are named as the hospital's sign-in proxy passes them; a group is written `@name`.
public struct ConsoleConfiguration: Sendable, Equatable {
  /// The Unix socket the console listens on. Only the proxy opens it.
  public var listen = "/run/sparrow-console/console.sock"
  /// The group that owns the socket file (the proxy's group; the file is mode 0660).
  public var socketGroup = "www-data"
  /// The operating-system user whose connections may carry the identity header (checked with SO_PEERCRED).
  public var proxyUser = "www-data"
  /// The header in which the proxy passes the signed-in user's name.
  public var userHeader = "X-Remote-User"
  /// The header in which the proxy passes the user's groups, comma-separated ("" for none).
  public var groupsHeader = ""
  /// The daemon's control socket, through which the console reads and records everything.
  public var controlSocket = SparrowConfiguration.defaultSocket
  /// The console's public origin (`https://sparrow.example.org`): state changes from any other origin are
  /// refused. Empty: the request's own Host, as the proxy forwards it.
  public var origin = ""
  /// Who may review (triage, interventions, assignment, handover): user names and `@group`s.
  public var reviewers: [String] = []
  /// Who may read everything and change nothing.
  public var auditors: [String] = []
  /// Who tunes the policy: reads everything, including the scorecard, and changes nothing.
  public var policyAdmins: [String] = []
  /// Minutes without a request after which a session ends.
  public var idleMinutes = 15
  /// Hours after which a session ends however busy it was (a shift).
  public var absoluteHours = 12

  /// The defaults.
  public init() {}

  static let keys = [
    "listen", "socketGroup", "proxyUser", "userHeader", "groupsHeader", "controlSocket", "origin", "reviewers",
    "auditors", "policyAdmins", "idleMinutes", "absoluteHours",
  ]

  /// Parses a configuration file's text; `path` names it in errors.
  public static func parse(_ text: String, path: String) -> Result<ConsoleConfiguration, PolicyLoadFailure> {
    ConfigurationParser.parse(
      text, path: path, what: "console configuration", keys: keys, defaults: ConsoleConfiguration()
    ) { file, configuration in
      file.text("listen", &configuration.listen)
      file.text("socketGroup", &configuration.socketGroup)
      file.text("proxyUser", &configuration.proxyUser)
      file.text("userHeader", &configuration.userHeader)
      file.text("groupsHeader", &configuration.groupsHeader)
      file.text("controlSocket", &configuration.controlSocket)
      file.text("origin", &configuration.origin)
      file.texts("reviewers", &configuration.reviewers)
      file.texts("auditors", &configuration.auditors)
      file.texts("policyAdmins", &configuration.policyAdmins)
      file.integer("idleMinutes", 1...720, &configuration.idleMinutes)
      file.integer("absoluteHours", 1...24, &configuration.absoluteHours)
      if configuration.origin.hasSuffix("/") { configuration.origin.removeLast() }
      if !configuration.origin.isEmpty && !configuration.origin.hasPrefix("https://") {
        file.error(at: "origin", "origin: expected https://HOST[:PORT]; the console is served over TLS only")
      }
    }
  }

  /// The roles `user` holds, given the groups the proxy passed.
  public func roles(user: String, groups: [String]) -> Set<ConsoleRole> {
    func holds(_ names: [String]) -> Bool {
      names.contains { name in
        name.hasPrefix("@") ? groups.contains(String(name.dropFirst())) : name == user
      }
    }
    var roles = Set<ConsoleRole>()
    if holds(reviewers) { roles.insert(.reviewer) }
    if holds(auditors) { roles.insert(.auditor) }
    if holds(policyAdmins) { roles.insert(.policyAdmin) }
    return roles
  }
}

// MARK: - ConsoleRole

/// What a signed-in user may do in the console.
public enum ConsoleRole: String, Sendable, CaseIterable {
  /// Works the queue: triage, interventions, assignment, handover.
  case reviewer
  /// Reads everything; changes nothing.
  case auditor
  /// Tunes the policy: reads everything, including the scorecard; changes nothing.
  case policyAdmin = "policy-admin"

  /// Whether the role may record anything.
  public var mayRecord: Bool { self == .reviewer }
}
