public import NIOCore
import SparrowDaemon

#if canImport(Glibc)
public import Glibc
#endif

// MARK: - PeerVerifier

/// Decides whether a connection comes from the sign-in proxy: the only connections whose identity header the
/// console believes.
public protocol PeerVerifier: Sendable {
  /// Whether `channel`'s peer is the proxy.
  func isProxy(_ channel: any Channel) async -> Bool
}

// MARK: - CredentialPeerVerifier

/// The proxy is the peer whose Unix-socket credentials (SO_PEERCRED, from the kernel) carry the proxy user's uid.
/// A TCP connection, or any channel without credentials, is never the proxy.
public struct CredentialPeerVerifier: PeerVerifier {
  /// The proxy user's uid.
  public let proxyUID: uid_t

  /// A verifier for the proxy user `proxyUID`.
  public init(proxyUID: uid_t) {
    self.proxyUID = proxyUID
  }

  public func isProxy(_ channel: any Channel) async -> Bool {
    guard case .unixDomainSocket? = channel.localAddress, let provider = channel as? any SocketOptionProvider else {
      return false
    }
    let future: EventLoopFuture<KernelPeerCredentials> = provider.unsafeGetSocketOption(
      level: SocketOptionLevel(SOL_SOCKET), name: SocketOptionName(SO_PEERCRED))
    guard let credentials = try? await future.get() else { return false }
    return credentials.uid == proxyUID
  }
}
