import Foundation

// MARK: - StartupProgress

/// Keeps systemd's start timeout from killing a daemon that is still working before it is ready.
///
/// Opening the store runs `quick_check` and any migrations before READY; on a large store that takes longer than
/// the unit's `TimeoutStartSec=`, and systemd would kill the start and restart it into the same work for ever.
/// While such a step runs, a thread of its own tells the service manager every `interval` to allow `allowance` more
/// (`EXTEND_TIMEOUT_USEC`), with a `STATUS=` line naming the step and its time so far (`systemctl status`
/// shows it). Outside systemd the messages go nowhere.
public enum StartupProgress {
  /// How often the start timeout is extended, in seconds.
  public static let interval = 5.0
  /// How much more time each message allows, in seconds: several intervals, so one late tick does not end the
  /// start.
  public static let allowance = 30.0

  /// Runs `body`, extending the start timeout while it runs; returns its result and the seconds it took.
  public static func during<T>(
    _ step: String, interval: Double = interval, allowance: Double = allowance,
    notify: @escaping @Sendable (String) -> Void = SystemdNotifier.notify, _ body: () throws -> T
  ) rethrows -> (value: T, seconds: Double) {
    let started = DispatchTime.now()
    @Sendable func seconds() -> Double {
      Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
    }
    // A thread of its own, not a timer on a shared queue: a start-up step may keep every pooled thread busy.
    let stop = DispatchSemaphore(value: 0)
    let stopped = DispatchSemaphore(value: 0)
    let ticker = Thread {
      repeat {
        notify("EXTEND_TIMEOUT_USEC=\(Int(allowance * 1e6))\nSTATUS=\(step) (\(Int(seconds())) s so far)")
      } while stop.wait(timeout: .now() + interval) == .timedOut
      stopped.signal()
    }
    ticker.name = "sparrow.startup-progress"
    ticker.start()
    // Joined before returning: no extension is sent once this returns (a ticker that starts only as the step ends
    // still sends its one message first).
    defer {
      stop.signal()
      stopped.wait()
    }
    let value = try body()
    return (value, seconds())
  }
}
