import Foundation

#if canImport(Glibc)
import Glibc
#endif

// MARK: - UnixSocket

/// The pointer work for AF_UNIX stream sockets, kept in one place.
enum UnixSocket {
  /// Why a socket call failed.
  struct Failure: Error, CustomStringConvertible {
    let call: String
    let code: Int32
    var description: String { "\(call): \(String(cString: strerror(code)))" }
  }

  /// The credentials of a connected peer.
  struct PeerCredentials {
    let pid: Int32
    let uid: UInt32
    let gid: UInt32
  }

  static func address(_ path: String) throws -> sockaddr_un {
    var address = sockaddr_un()
    address.sun_family = sa_family_t(AF_UNIX)
    let bytes = Array(path.utf8)
    let capacity = MemoryLayout.size(ofValue: address.sun_path)
    guard bytes.count < capacity else { throw Failure(call: "socket path too long", code: ENAMETOOLONG) }
    withUnsafeMutableBytes(of: &address.sun_path) { buffer in
      buffer.copyBytes(from: bytes)
      buffer[bytes.count] = 0
    }
    return address
  }

  /// A listening socket bound at `path` (an existing socket file there is replaced).
  static func listen(at path: String, mode: mode_t) throws -> Int32 {
    let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
    guard descriptor >= 0 else { throw Failure(call: "socket", code: errno) }
    var address = try address(path)
    unlink(path)
    let bound = withUnsafePointer(to: &address) { pointer in
      pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
      }
    }
    guard bound == 0 else {
      let code = errno
      close(descriptor)
      throw Failure(call: "bind \(path)", code: code)
    }
    chmod(path, mode)
    guard Glibc.listen(descriptor, 64) == 0 else {
      let code = errno
      close(descriptor)
      throw Failure(call: "listen", code: code)
    }
    return descriptor
  }

  /// A connected socket to `path`.
  static func connect(to path: String) throws -> Int32 {
    let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
    guard descriptor >= 0 else { throw Failure(call: "socket", code: errno) }
    var address = try address(path)
    let connected = withUnsafePointer(to: &address) { pointer in
      pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        Glibc.connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
      }
    }
    guard connected == 0 else {
      let code = errno
      close(descriptor)
      throw Failure(call: "connect \(path)", code: code)
    }
    return descriptor
  }

  /// The peer's pid, uid and gid, from the kernel (SO_PEERCRED): they cannot be forged by the client.
  static func peerCredentials(_ descriptor: Int32) throws -> PeerCredentials {
    var credentials = KernelPeerCredentials()
    var length = socklen_t(MemoryLayout<KernelPeerCredentials>.size)
    guard getsockopt(descriptor, SOL_SOCKET, SO_PEERCRED, &credentials, &length) == 0 else {
      throw Failure(call: "getsockopt SO_PEERCRED", code: errno)
    }
    return PeerCredentials(pid: credentials.pid, uid: credentials.uid, gid: credentials.gid)
  }

  /// Accepts a connection with close-on-exec set.
  static func acceptConnection(_ listener: Int32) -> Int32 {
    let connection = accept(listener, nil, nil)
    if connection >= 0 { _ = fcntl(connection, F_SETFD, FD_CLOEXEC) }
    return connection
  }

  /// Sets a receive and send timeout so a stalled peer cannot hold the server.
  static func setTimeouts(_ descriptor: Int32, seconds: Int) {
    var timeout = timeval(tv_sec: seconds, tv_usec: 0)
    setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
  }

  /// Reads up to a newline or end of stream, at most `limit` bytes; nil if the limit is exceeded.
  static func readLine(_ descriptor: Int32, limit: Int, deadline: ContinuousClock.Instant? = nil) -> [UInt8]? {
    switch readLineOutcome(descriptor, limit: limit, deadline: deadline) {
    case .line(let bytes), .closed(let bytes), .timedOut(let bytes): bytes
    case .tooLong: nil
    }
  }

  /// How reading one line ended.
  enum LineOutcome: Equatable {
    /// A full line (without its newline).
    case line([UInt8])
    /// The peer closed the connection first (what it had sent).
    case closed([UInt8])
    /// The deadline or the socket's read timeout passed first (what had arrived).
    case timedOut([UInt8])
    /// More than the limit arrived without a newline.
    case tooLong
  }

  /// Reads one line, saying how the read ended.
  static func readLineOutcome(_ descriptor: Int32, limit: Int, deadline: ContinuousClock.Instant?) -> LineOutcome {
    var data: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 4096)
    while data.count <= limit {
      // A deadline for the whole line: a client trickling a byte at a time cannot hold the connection.
      if let deadline, ContinuousClock.now >= deadline { return .timedOut(data) }
      let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
      if count < 0 && errno == EINTR { continue }
      if count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) { return .timedOut(data) }
      guard count > 0 else { return .closed(data) }
      data.append(contentsOf: buffer[0..<count])
      if let newline = data.firstIndex(of: UInt8(ascii: "\n")) { return .line(Array(data[..<newline])) }
    }
    return .tooLong
  }

  /// Writes all of `bytes`.
  static func writeAll(_ descriptor: Int32, _ bytes: [UInt8]) throws {
    var offset = 0
    while offset < bytes.count {
      // send with MSG_NOSIGNAL: a peer that went away is an EPIPE error here, not a SIGPIPE that kills us.
      let written = bytes[offset...].withUnsafeBytes {
        send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
      }
      if written < 0 && errno == EINTR { continue }
      guard written > 0 else { throw Failure(call: "write", code: errno) }
      offset += written
    }
  }

  /// The user name and group ids (primary and supplementary) of `uid`, from the system's user database.
  static func user(uid: UInt32) -> (name: String, groups: [UInt32])? {
    var passwordEntry = passwd()
    var result: UnsafeMutablePointer<passwd>?
    var buffer = [CChar](repeating: 0, count: 16_384)
    guard getpwuid_r(uid, &passwordEntry, &buffer, buffer.count, &result) == 0, result != nil,
      let namePointer = passwordEntry.pw_name
    else { return nil }
    let name = String(cString: namePointer)
    var count: Int32 = 256
    var groups = [gid_t](repeating: 0, count: Int(count))
    guard getgrouplist(namePointer, passwordEntry.pw_gid, &groups, &count) >= 0 else {
      return (name, [passwordEntry.pw_gid])
    }
    return (name, Array(groups.prefix(Int(count))))
  }

  /// The id of group `name`, if it exists.
  static func userID(_ name: String) -> UInt32? {
    guard let entry = getpwnam(name) else { return nil }
    return entry.pointee.pw_uid
  }

  static func groupID(_ name: String) -> UInt32? {
    var groupEntry = group()
    var result: UnsafeMutablePointer<group>?
    var buffer = [CChar](repeating: 0, count: 16_384)
    guard getgrnam_r(name, &groupEntry, &buffer, buffer.count, &result) == 0, result != nil else { return nil }
    return groupEntry.gr_gid
  }
}

// MARK: - KernelPeerCredentials

/// `struct ucred` from <sys/socket.h> (hidden behind _GNU_SOURCE in the Glibc module): pid, uid, gid as three
/// 32-bit fields, a stable part of the Linux ABI. The control socket and the console read SO_PEERCRED into it.
public struct KernelPeerCredentials: Sendable {
  public var pid: Int32 = 0
  public var uid: UInt32 = 0
  public var gid: UInt32 = 0

  /// Zeroes, for the kernel to fill.
  public init() {}
}
