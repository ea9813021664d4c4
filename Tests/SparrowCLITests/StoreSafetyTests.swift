import Foundation
import GRDB
import SparrowDaemon
import SparrowTesting
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The database at start (only Sparrow's, intact, private) and at a clean stop (checkpointed).
@Suite(.serialized) struct StoreSafetyTests {
  private func runDaemon(_ harness: DaemonHarness) throws -> SparrowProcess.Result {
    try SparrowProcess.run(["run", "--config", harness.configPath])
  }

  @Test func anotherApplicationsDatabaseIsRefusedUntouched() throws {
    let harness = try DaemonHarness()
    try DatabaseQueue(path: harness.database).write { db in
      try db.execute(
        sql: "CREATE TABLE invoice (id INTEGER PRIMARY KEY, total REAL); INSERT INTO invoice VALUES (1, 9.5)")
    }
    let before = try Data(contentsOf: URL(fileURLWithPath: harness.database))
    let result = try runDaemon(harness)
    #expect(result.status != 0)
    #expect(result.standardError.contains("is not Sparrow's: it has tables invoice"))
    #expect(try Data(contentsOf: URL(fileURLWithPath: harness.database)) == before)
    #expect(!FileManager.default.fileExists(atPath: harness.database + "-wal"))
  }

  @Test func aDatabaseOfAnotherApplicationIDIsRefused() throws {
    let harness = try DaemonHarness()
    try DatabaseQueue(path: harness.database).writeWithoutTransaction { db in
      try db.execute(sql: "PRAGMA application_id = 42")
    }
    let result = try runDaemon(harness)
    #expect(result.standardError.contains("belongs to another application (application_id 42)"))
  }

  @Test func aCorruptFileIsRefusedUntouched() throws {
    let harness = try DaemonHarness()
    let junk = Data((0..<8192).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) })
    try junk.write(to: URL(fileURLWithPath: harness.database))
    let result = try runDaemon(harness)
    #expect(result.status != 0)
    #expect(result.standardError.contains("cannot be read as a SQLite database"))
    #expect(try Data(contentsOf: URL(fileURLWithPath: harness.database)) == junk)
  }

  @Test func aNewDatabaseIsStampedAndPrivateAndACleanStopCheckpoints() throws {
    let harness = try DaemonHarness()
    // Started with umask 0, as a careless shell might: the modes must not depend on it.
    let previous = umask(0)
    defer { umask(previous) }
    try harness.start()
    try harness.drop(DaemonHarness.record(1), as: "one.json")
    try waitUntil(timeout: 20) { harness.entries("processed").count == 1 }
    #expect(harness.stop() == 0)
    var status = stat()
    #expect(stat(harness.database, &status) == 0 && status.st_mode & 0o777 == 0o600)
    for (directory, mode) in [("", 0o750), ("/processing", 0o700), ("/processed", 0o700), ("/quarantine", 0o700)] {
      #expect(stat(harness.spool + directory, &status) == 0 && Int(status.st_mode & 0o7777) == mode, "\(directory)")
    }
    // The decision is in the database file itself: the write-ahead log is empty after a clean stop.
    var wal = stat()
    #expect(stat(harness.database + "-wal", &wal) != 0 || wal.st_size == 0)
    let id = try DatabaseQueue(path: harness.database).read { db in try Int32.fetchOne(db, sql: "PRAGMA application_id")
    }
    #expect(id == AdvisoryStore.applicationID)
  }
}

/// The database file deleted under the running daemon: it stops taking files and says why, instead of writing
/// decisions into the unlinked file (lost at the next start while their files sit in processed/).
struct DeletedDatabaseTests {
  @Test func deletingTheDatabaseStopsIntakeAndSaysSo() throws {
    let harness = try DaemonHarness()
    try harness.start()
    try harness.drop(DaemonHarness.record(1), as: "before.json")
    try waitUntil(timeout: 20) { harness.entries("processed").count == 1 }
    try FileManager.default.removeItem(atPath: harness.database)
    try harness.drop(DaemonHarness.record(2), as: "after.json")
    try waitUntil(timeout: 20) {
      try SparrowProcess.run(["status", "--socket", harness.socket]).standardOutput.contains("was deleted")
    }
    // The file is not taken: it waits in incoming/ for a database that keeps it.
    #expect(harness.entries("incoming") == ["after.json"])
    #expect(harness.entries("processed").count == 1)
    #expect(harness.log.contains("database file lost; intake stopped"))
    #expect(harness.stop() == 0)
  }
}

/// What a crash inside a quarantine leaves is finished at the next start.
struct QuarantineReconcileTests {
  @Test func aQuarantinedFileWithoutItsReasonGetsOneAndStrayTemporariesGo() throws {
    let harness = try DaemonHarness()
    // A first run quarantines a file (database row first, then the move and its reason).
    try harness.start()
    try harness.drop(#"{"schemaVersion": 1}"#, as: "bad.json")
    try waitUntil(timeout: 20) { harness.entries("quarantine").count == 2 }
    #expect(harness.stop() == 0)
    // As a crash between the move and the reason's rename would leave it: no reason, a stray temporary, and a
    // second file whose row was never written.
    let quarantine = harness.spool + "/quarantine"
    let stray = quarantine + "/.reason-0000.tmp"
    try FileManager.default.removeItem(atPath: quarantine + "/bad.json.reason.json")
    try Data("{}".utf8).write(to: URL(fileURLWithPath: stray))
    try Data("x".utf8).write(to: URL(fileURLWithPath: quarantine + "/orphan.json"))
    try harness.start()
    try waitUntil(timeout: 20) {
      FileManager.default.fileExists(atPath: quarantine + "/bad.json.reason.json")
        && FileManager.default.fileExists(atPath: quarantine + "/orphan.json.reason.json")
    }
    #expect(!FileManager.default.fileExists(atPath: stray))
    // The restored reason is the one the database recorded; the orphan's says it was lost.
    let restored = try String(contentsOfFile: quarantine + "/bad.json.reason.json", encoding: .utf8)
    #expect(restored.contains("schemaVersion") || restored.contains("patient"))
    let orphan = try String(contentsOfFile: quarantine + "/orphan.json.reason.json", encoding: .utf8)
    #expect(orphan.contains("quarantined before a crash; the reason was not recorded"))
    #expect(harness.stop() == 0)
    let rows = try DatabaseQueue(path: harness.database).read { db in
      try Int.fetchOne(db, sql: "SELECT count(*) FROM quarantined_file") ?? 0
    }
    #expect(rows == 1)
  }
}

/// A service that fails takes the daemon down with it: no daemon running without its control socket.
struct ServiceFailureTests {
  @Test(.timeLimit(.minutes(1))) func aControlSocketThatCannotBindEndsTheDaemon() throws {
    let harness = try DaemonHarness()
    let config = try String(contentsOfFile: harness.configPath, encoding: .utf8)
      .replacingOccurrences(of: "socket: \(harness.socket)", with: "socket: /nonexistent-dir/control.sock")
    try config.write(toFile: harness.configPath, atomically: true, encoding: .utf8)
    let result = try SparrowProcess.run(["run", "--config", harness.configPath])
    #expect(result.status != 0)
    #expect(result.standardError.contains("/nonexistent-dir/control.sock"))
  }
}
