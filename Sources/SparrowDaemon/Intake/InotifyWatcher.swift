import Foundation

#if canImport(Glibc)
import Glibc
#endif

// MARK: - InotifyWatcher

/// Watches `incoming/` with inotify (IN_MOVED_TO, IN_CLOSE_WRITE). An overflowed event queue is reported, never
/// swallowed: the caller rescans the directory.
final class InotifyWatcher {
  /// What one wait returned.
  struct Events {
    var names: [String] = []
    var overflowed = false
  }

  private let descriptor: Int32
  private var buffer = [UInt8](repeating: 0, count: 65_536)

  init(directory: String) throws {
    descriptor = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
    guard descriptor >= 0 else { throw SpoolError(message: "inotify_init1: \(DropDirectory.text(errno))") }
    let mask = UInt32(IN_MOVED_TO | IN_CLOSE_WRITE)
    guard inotify_add_watch(descriptor, directory, mask) >= 0 else {
      let code = errno
      close(descriptor)
      throw SpoolError(message: "inotify_add_watch \(directory): \(DropDirectory.text(code))")
    }
  }

  deinit { close(descriptor) }

  /// Waits up to `milliseconds` for events and returns the names they carry.
  func wait(milliseconds: Int32) -> Events {
    var events = Events()
    var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
    guard poll(&poller, 1, milliseconds) > 0 else { return events }
    while true {
      let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
      if count < 0 && errno == EINTR { continue }
      guard count > 0 else { break }
      var offset = 0
      // struct inotify_event { int wd; uint32_t mask; uint32_t cookie; uint32_t len; char name[]; }
      let header = 16
      while offset + header <= count {
        let (mask, length) = buffer.withUnsafeBytes { raw in
          (
            raw.load(fromByteOffset: offset + 4, as: UInt32.self),
            Int(raw.load(fromByteOffset: offset + 12, as: UInt32.self))
          )
        }
        if mask & UInt32(IN_Q_OVERFLOW) != 0 { events.overflowed = true }
        if length > 0, offset + header + length <= count {
          let nameBytes = buffer[(offset + header)..<(offset + header + length)].prefix { $0 != 0 }
          if let name = String(validating: Array(nameBytes), as: UTF8.self) { events.names.append(name) }
        }
        offset += header + length
      }
    }
    return events
  }
}
