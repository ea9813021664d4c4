import GRDB
import SparrowTesting

/// A count from the daemon's database, read through a read-only connection while the daemon may be writing.
func databaseCount(_ harness: DaemonHarness, _ sql: String) throws -> Int {
  var configuration = Configuration()
  configuration.readonly = true
  configuration.busyMode = .timeout(10)
  return try DatabaseQueue(path: harness.database, configuration: configuration).read { db in
    try Int.fetchOne(db, sql: sql) ?? -1
  }
}
