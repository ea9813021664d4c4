import CSystemd
import Foundation

// MARK: - SystemdNotifier

/// The service manager notification protocol (`sd_notify`): READY, RELOADING, STATUS, STOPPING, WATCHDOG.
/// Outside systemd (`$NOTIFY_SOCKET` unset) every call is a no-op.
public enum SystemdNotifier {
  /// Sends `state` (e.g. `READY=1\nSTATUS=…`).
  public static func notify(_ state: String) {
    _ = sd_notify(0, state)
  }

  /// The watchdog interval systemd asks for (`WatchdogSec=`), if any.
  public static var watchdogInterval: Duration? {
    var microseconds: UInt64 = 0
    guard sd_watchdog_enabled(0, &microseconds) > 0, microseconds > 0 else { return nil }
    return .microseconds(Int64(microseconds))
  }
}
