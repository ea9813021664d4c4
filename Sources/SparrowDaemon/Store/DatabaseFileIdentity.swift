import CLinux

#if canImport(Glibc)
import Glibc
#endif

// MARK: - DatabaseFileIdentity

/// The database file's device and inode when the daemon opened it. SQLite keeps writing to an open file that was
/// deleted or replaced, so every decision after that would be lost at the next start: intake checks this before
/// each batch and stops taking files when the path no longer names the file it writes.
public struct DatabaseFileIdentity: Sendable, Equatable {
  /// The path opened.
  public let path: String
  let device: UInt64
  let inode: UInt64

  /// The identity of the file at `path` now, or nil if there is none.
  public init?(path: String) {
    var status = stat()
    guard stat(path, &status) == 0 else { return nil }
    self.path = path
    self.device = UInt64(status.st_dev)
    self.inode = UInt64(status.st_ino)
  }

  /// What is wrong with the path now, or nil while it still names the opened file.
  public func problem() -> String? {
    guard let now = DatabaseFileIdentity(path: path) else {
      return "the database file \(path) was deleted while the daemon ran; intake stopped: restore it or restart"
    }
    guard now == self else {
      return "the database file \(path) was replaced while the daemon ran; intake stopped: restart the daemon"
    }
    return nil
  }
}
