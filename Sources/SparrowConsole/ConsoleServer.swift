import Foundation
import Hummingbird
public import Logging
import ServiceLifecycle
public import SparrowCore
import SparrowDaemon
import UnixSignals

#if canImport(Glibc)
import Glibc
#endif

// MARK: - ConsoleServer

/// `sparrow-console`: resolves the proxy's user and group, serves the console on its Unix socket (mode 0660, owned
/// by the proxy's group), tells systemd when it is ready, and stops on SIGTERM or SIGINT.
public enum ConsoleServer {
  /// Why the console could not start.
  public struct Failure: Error, CustomStringConvertible {
    public let description: String
  }

  /// Runs until a shutdown signal.
  public static func run(configuration: ConsoleConfiguration, logger: Logger) async throws {
    guard let proxy = getpwnam(configuration.proxyUser) else {
      throw Failure(description: "proxyUser \(configuration.proxyUser): no such user")
    }
    guard let socketGroup = getgrnam(configuration.socketGroup) else {
      throw Failure(description: "socketGroup \(configuration.socketGroup): no such group")
    }
    let proxyUID = proxy.pointee.pw_uid
    let groupID = socketGroup.pointee.gr_gid
    let path = configuration.listen
    try removeStaleSocket(path)
    // The socket is made by bind(2) with the umask's mode; nobody outside the group may open it even before the
    // chmod below, and the peer check refuses anyone but the proxy in any case.
    umask(0o117)
    let console = try ConsoleApplication(
      configuration: configuration, backend: ControlSocketBackend(path: configuration.controlSocket))
    let application = console.application(peers: CredentialPeerVerifier(proxyUID: proxyUID), logger: logger) {
      if chown(path, uid_t.max, groupID) != 0 || chmod(path, 0o660) != 0 {
        logger.error("cannot give \(path) to group \(configuration.socketGroup): \(String(cString: strerror(errno)))")
      }
      logger.notice(
        "console listening on \(path) for proxy user \(configuration.proxyUser); daemon at \(configuration.controlSocket)"
      )
      SystemdNotifier.notify("READY=1\nSTATUS=serving on \(path)")
    }
    let group = ServiceGroup(
      configuration: ServiceGroupConfiguration(
        services: [.init(service: application)], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
    try await group.run()
    unlink(path)
  }

  /// A socket file left by a console that did not stop cleanly; anything else at the path is an error.
  static func removeStaleSocket(_ path: String) throws {
    guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else { return }
    guard attributes[.type] as? FileAttributeType == .typeSocket else {
      throw Failure(description: "\(path) exists and is not a socket; refusing to replace it")
    }
    unlink(path)
  }
}
