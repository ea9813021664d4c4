import Testing

@testable import SparrowDaemon

/// The daemon limits glibc's malloc arenas only where the administrator did not.
@Suite struct MallocArenasTests {
  @Test(arguments: [
    ([:], true),
    (["MALLOC_ARENA_MAX": "4"], false),
    (["GLIBC_TUNABLES": "glibc.malloc.arena_max=8"], false),
    (["GLIBC_TUNABLES": "glibc.malloc.tcache_count=0:glibc.malloc.arena_max=1"], false),
    (["GLIBC_TUNABLES": "glibc.malloc.tcache_count=0"], true),
    (["MALLOC_TRIM_THRESHOLD_": "131072"], true),
  ])
  func theLimitIsLeftToAnAdministratorWhoSetOne(environment: [String: String], ours: Bool) {
    #expect(MallocArenas.limitIsOurs(environment: environment) == ours)
  }
}
