public import Foundation
import SparrowDaemon

// MARK: - TemporaryDirectory

/// A fresh directory under the system's temporary directory, removed when the value is released.
public final class TemporaryDirectory: Sendable {
  /// The directory.
  public let url: URL

  /// Creates the directory.
  public init() throws {
    url = FileManager.default.temporaryDirectory.appendingPathComponent("sparrow-test-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  }

  deinit {
    try? FileManager.default.removeItem(at: url)
  }

  /// Whether the filesystem temporary directories are made on keeps birth times (statx `STATX_BTIME`; ext4, XFS,
  /// btrfs and tmpfs do), which tell a file from a later one that reuses its inode.
  public static let keepsBirthTimes: Bool = {
    guard let directory = try? TemporaryDirectory() else { return false }
    let spool = DropDirectory(root: directory.url.path)
    guard (try? spool.prepare()) != nil,
      FileManager.default.createFile(atPath: spool.processing + "/probe", contents: nil)
    else { return false }
    return spool.stamp(of: "probe")?.identity != nil
  }()
}
