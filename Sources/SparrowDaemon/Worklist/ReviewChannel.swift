// MARK: - ReviewChannel

/// How a pharmacist's action reached the daemon: the command line (control socket or direct mode) or the web
/// console, which asserts the signed-in reviewer. The audit keeps it with every action.
public enum ReviewChannel: String, Sendable, Codable, CaseIterable {
  case cli, console
}
