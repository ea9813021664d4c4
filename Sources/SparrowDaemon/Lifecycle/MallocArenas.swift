import CLinux

// MARK: - MallocArenas

/// How many malloc arenas the daemon lets glibc make. By default glibc gives a thread that finds the heap busy an
/// arena of its own, up to eight per core, and each keeps the memory its thread freed: the two lanes, the commit
/// thread and the move thread held a few megabytes apiece that the others could not reuse. Two arenas measured
/// 46.4 MB peak RSS on a 20 000-file drain, against 48.8 MB with glibc's default, with CPU per file within the
/// run-to-run spread (docs/benchmarks.md).
public enum MallocArenas {
  /// The daemon's limit.
  public static let limit: Int32 = 2

  /// Applies the limit, unless the administrator set one (`MALLOC_ARENA_MAX`, or `glibc.malloc.arena_max` in
  /// `GLIBC_TUNABLES`), which glibc has already applied. Call it first thing: a thread that already has an arena
  /// keeps it, and every thread after the limit shares the arenas there are.
  public static func apply(environment: [String: String]) {
    guard limitIsOurs(environment: environment) else { return }
    _ = mallopt(M_ARENA_MAX, limit)
  }

  /// Whether the environment leaves the arena limit to the daemon.
  static func limitIsOurs(environment: [String: String]) -> Bool {
    if environment["MALLOC_ARENA_MAX"] != nil { return false }
    return !(environment["GLIBC_TUNABLES"] ?? "").split(separator: ":").contains {
      $0.hasPrefix("glibc.malloc.arena_max=")
    }
  }
}
