import Foundation
import GRDB
import SparrowCore
import SparrowDaemon
import SparrowTesting
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Faults from outside: each time the daemon reports clearly, keeps or recovers its state, and loses no file.
/// (docs/operations.md: "Faults and how Sparrow behaves".)
@Suite(.serialized) struct FaultInjectionTests {
  /// Another process (Python's sqlite3) holding an exclusive lock on the daemon's database for `seconds`; returns
  /// once the lock is held.
  private func lockDatabase(_ harness: DaemonHarness, seconds: Double) throws -> Process {
    let locker = Process()
    locker.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    locker.arguments = [
      "python3", "-c",
      "import sqlite3,time,sys; c=sqlite3.connect(sys.argv[1], isolation_level=None); c.execute('BEGIN EXCLUSIVE'); print('locked', flush=True); time.sleep(float(sys.argv[2])); c.execute('COMMIT')",
      harness.database, String(seconds),
    ]
    let output = Pipe()
    locker.standardOutput = output
    try locker.run()
    _ = output.fileHandleForReading.availableData  // "locked"
    return locker
  }

  @Test func aFileRemovedBetweenEventAndClaimIsSimplyGone() throws {
    let directory = try TemporaryDirectory()
    let spool = DropDirectory(root: directory.url.path)
    try spool.prepare()
    #expect(spool.claim("vanished.json", maxBytes: 1024) == .gone)
    #expect(spool.readProcessing("vanished.json", maxBytes: 1024) == .gone)
  }

  @Test func aDatabaseLockedByAnotherProcessDelaysDecisionsAndLosesNothing() throws {
    let harness = try DaemonHarness()
    try harness.start()
    // Another process holds an exclusive lock longer than the daemon's 5 s busy timeout.
    let locker = try lockDatabase(harness, seconds: 8)
    for index in 0..<10 { try harness.drop(DaemonHarness.record(index), as: "locked-\(index).json") }
    try waitUntil(timeout: 20) { harness.log.contains("cannot commit decisions; files stay in processing") }
    // While locked: nothing decided, nothing lost (every file is still in incoming/ or processing/).
    #expect(try databaseCount(harness, "SELECT count(*) FROM decision") == 0)
    #expect(harness.entries("processing").count + harness.entries("incoming").count == 10)
    let status = try SparrowProcess.run(["status", "--socket", harness.socket]).standardOutput
    #expect(status.contains("last error  database:"))
    locker.waitUntilExit()
    try waitUntil(timeout: 20) { harness.entries("processed").count == 10 }
    #expect(harness.stop() == 0)
    #expect(try databaseCount(harness, "SELECT count(*) FROM decision") == 10)
    #expect(harness.entries("processing").isEmpty)
  }

  /// A producer that goes on writing after moving its file into incoming/: the decision stands for the content
  /// read, and the changed file goes to quarantine saying so, instead of sitting in processed/ under a SHA-256 it no
  /// longer has. The database is held locked for 2.5 s (within the 5 s busy timeout), so the write lands between
  /// the read and the move.
  @Test func aFileWrittenAfterItWasReadIsQuarantinedNotProcessed() throws {
    let harness = try DaemonHarness()
    try harness.start()
    let locker = try lockDatabase(harness, seconds: 2.5)
    // Written beside the spool, kept open, then moved in: the producer still holds the file.
    let outside = harness.spool + "/late.json.partial"
    #expect(FileManager.default.createFile(atPath: outside, contents: Data(DaemonHarness.record(1).utf8)))
    let producer = try FileHandle(forWritingTo: URL(fileURLWithPath: outside))
    #expect(rename(outside, harness.spool + "/incoming/late.json") == 0)
    try waitUntil(timeout: 10) { harness.entries("processing") == ["late.json"] }
    usleep(300_000)  // read by now; the commit waits for the lock
    try producer.seekToEnd()
    try producer.write(contentsOf: Data("\n".utf8))
    try producer.close()
    locker.waitUntilExit()
    try waitUntil(timeout: 20) { harness.entries("quarantine").contains("late.json") }
    #expect(harness.entries("processed").isEmpty)
    #expect(harness.entries("processing").isEmpty)
    let reason = try String(
      contentsOf: URL(fileURLWithPath: harness.spool + "/quarantine/late.json.reason.json"), encoding: .utf8)
    #expect(reason.contains("the file changed after it was read: decision 1 was made on the content as read"))
    #expect(harness.stop() == 0)
    #expect(try databaseCount(harness, "SELECT count(*) FROM decision") == 1)
    #expect(try databaseCount(harness, "SELECT count(*) FROM quarantined_file") == 1)
  }

  @Test(.enabled(if: geteuid() == 0, "a private read-only mount needs root"))
  func aReadOnlyDatabaseDirectoryAtStartIsAClearError() throws {
    let harness = try DaemonHarness()
    let databaseDirectory = harness.directory.url.appendingPathComponent("db").path
    try FileManager.default.createDirectory(atPath: databaseDirectory, withIntermediateDirectories: true)
    let config = try String(contentsOfFile: harness.configPath, encoding: .utf8)
      .replacingOccurrences(of: "database: \(harness.database)", with: "database: \(databaseDirectory)/sparrow.sqlite")
    try config.write(toFile: harness.configPath, atomically: true, encoding: .utf8)
    let result = try SparrowProcess.run(
      [
        "-m", "sh", "-c",
        "mount --bind -o ro \"$1\" \"$1\" && exec \"$2\" run --config \"$3\"", "sh", databaseDirectory,
        SparrowProcess.binary.path, harness.configPath,
      ], executable: URL(fileURLWithPath: "/usr/bin/unshare"))
    #expect(result.status == 74)
    #expect(
      result.standardError.contains("sparrow: error: cannot open the database: \(databaseDirectory)/sparrow.sqlite"))
    #expect(harness.entries("incoming").isEmpty && harness.entries("processing").isEmpty)
  }

  @Test(.enabled(if: geteuid() == 0, "hiding the journal socket in a private mount needs root"))
  func aMissingJournalSocketFallsBackToStandardErrorAndDecisionsGoOn() throws {
    let harness = try DaemonHarness()
    let log = harness.directory.url.appendingPathComponent("fallback.log").path
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/unshare")
    process.arguments = [
      "-m", "sh", "-c",
      "mkdir -p /run/systemd/journal && mount -t tmpfs none /run/systemd/journal && exec \"$1\" run --config \"$2\" --log journal 2>\"$3\"",
      "sh", SparrowProcess.binary.path, harness.configPath, log,
    ]
    try process.run()
    try waitUntil(timeout: 20) { (try? SparrowProcess.run(["status", "--socket", harness.socket]).status) == 0 }
    try harness.drop(
      String(decoding: try Fixtures.bytes("records/benzo-plus-oxycodone-90mme.json"), as: UTF8.self), as: "a.json")
    try waitUntil(timeout: 20) { harness.entries("processed").count == 1 }
    kill(process.processIdentifier, SIGTERM)
    process.waitUntilExit()
    #expect(process.terminationStatus == 0)
    let fallback = try String(contentsOfFile: log, encoding: .utf8)
    #expect(fallback.contains("advisory raised"))
    #expect(fallback.contains("rule.id=opioid-benzodiazepine"))
    #expect(try databaseCount(harness, "SELECT count(*) FROM decision") == 1)
  }

  @Test func aPolicyDirectoryDeletedWhileRunningIsRejectedOnReloadAndTheLastSetKeepsDeciding() throws {
    let harness = try DaemonHarness()
    try harness.start()
    try FileManager.default.removeItem(atPath: harness.policies)
    harness.signal(SIGHUP)
    try waitUntil(timeout: 20) {
      try SparrowProcess.run(["status", "--socket", harness.socket]).standardOutput.contains("last reload rejected")
    }
    #expect(harness.log.contains("no such policy directory or file"))
    try harness.drop(DaemonHarness.record(1), as: "after.json")
    try waitUntil(timeout: 20) { harness.entries("processed").count == 1 }
    #expect(harness.stop() == 0)
    #expect(try databaseCount(harness, "SELECT count(*) FROM decision") == 1)
  }

  /// The spool's filesystem runs out of inodes: the day's processed/ directory and a quarantine reason cannot be
  /// made. Both files stay in processing/ (nothing is lost or half-quarantined), the status names the error, and
  /// once space is freed the next rescan finishes them: one decision, one quarantine with its reason, no
  /// duplicate receipts from the retries.
  @Test(.enabled(if: geteuid() == 0, "mounting a small tmpfs needs root"))
  func aFullSpoolFilesystemKeepsFilesInProcessingUntilSpaceReturns() throws {
    let harness = try DaemonHarness()
    try FileManager.default.createDirectory(atPath: harness.spool, withIntermediateDirectories: true)
    try runTool(
      "/usr/bin/mount", ["-t", "tmpfs", "-o", "nr_inodes=64,size=4m,mode=0755", "sparrow-full-spool", harness.spool])
    defer { try? runTool("/usr/bin/umount", ["-l", harness.spool]) }
    try DropDirectory(root: harness.spool).prepare()
    try harness.drop(DaemonHarness.record(1), as: "valid.json")
    try harness.drop("{ this is not json", as: "malformed.json")
    // Take every free inode.
    let filler = harness.spool + "/filler"
    try FileManager.default.createDirectory(atPath: filler, withIntermediateDirectories: false)
    var filled = 0
    while FileManager.default.createFile(atPath: filler + "/\(filled)", contents: nil) { filled += 1 }
    #expect(filled > 0 && filled < 64)

    try harness.start()
    try waitUntil(timeout: 20) {
      harness.log.contains("cannot write the quarantine reason for malformed.json")
        && harness.log.contains("processed/")
    }
    #expect(Set(harness.entries("processing")) == ["valid.json", "malformed.json"])
    #expect(harness.entries("incoming").isEmpty && harness.entries("quarantine").isEmpty)
    let status = try SparrowProcess.run(["status", "--socket", harness.socket]).standardOutput
    #expect(status.contains("last error  cannot"))
    // The decision itself is committed: only the move is missing.
    #expect(try databaseCount(harness, "SELECT count(*) FROM decision") == 1)

    try FileManager.default.removeItem(atPath: filler)
    try waitUntil(timeout: 20) {
      harness.entries("processing").isEmpty && harness.entries("quarantine").count == 2
        && harness.entries("processed").count == 1
    }
    #expect(harness.stop() == 0)
    #expect(Set(harness.entries("quarantine")) == ["malformed.json", "malformed.json.reason.json"])
    let reason = try String(contentsOfFile: harness.spool + "/quarantine/malformed.json.reason.json", encoding: .utf8)
    #expect(reason.contains("\"file\": \"malformed.json\""))
    #expect(try databaseCount(harness, "SELECT count(*) FROM decision") == 1)
    #expect(try databaseCount(harness, "SELECT count(*) FROM duplicate_receipt") == 0)
    #expect(try databaseCount(harness, "SELECT count(*) FROM quarantined_file") == 1)
  }

  /// A producer that crashed while writing leaves its temporary in incoming/: the daemon quarantines it once it
  /// has lain untouched for `abandonedTemporarySeconds`, with a database row and a reason, and decides nothing.
  @Test func anAbandonedTemporaryIsQuarantinedByTheDaemon() throws {
    let harness = try DaemonHarness(extraConfig: "abandonedTemporarySeconds: 1")
    try harness.start()
    try DaemonHarness.record(1).write(
      toFile: harness.spool + "/incoming/.crashed.json.tmp", atomically: false, encoding: .utf8)
    try waitUntil(timeout: 20) { harness.entries("quarantine").contains("unfinished.crashed.json.tmp.reason.json") }
    #expect(harness.entries("incoming").isEmpty && harness.entries("processing").isEmpty)
    #expect(harness.stop() == 0)
    #expect(try databaseCount(harness, "SELECT count(*) FROM decision") == 0)
    #expect(try databaseCount(harness, "SELECT count(*) FROM quarantined_file") == 1)
  }

  /// The same name and content sent again days later is a second receipt. If the daemon dies while that second
  /// arrival sits in processing/, uncommitted, the restart must still note it: it is a new arrival (its claim), not
  /// the first one read again.
  @Test func aSecondArrivalCutShortByACrashIsStillNoted() throws {
    let harness = try DaemonHarness()
    try harness.start()
    try harness.drop(DaemonHarness.record(1), as: "census.json")
    try waitUntil(timeout: 20) { harness.entries("processed").count == 1 }
    #expect(harness.stop() == 0)
    // The second arrival, claimed into processing/ when the daemon died before its commit.
    try DaemonHarness.record(1).write(
      toFile: harness.spool + "/processing/census.json", atomically: false, encoding: .utf8)
    try harness.start()
    try waitUntil(timeout: 20) { harness.entries("processed").count == 2 }
    #expect(harness.stop() == 0)
    #expect(try databaseCount(harness, "SELECT count(*) FROM decision") == 1)
    #expect(try databaseCount(harness, "SELECT count(*) FROM duplicate_receipt WHERE name = 'census.json'") == 1)
  }

  /// A file that cannot be read (a symbolic link) has no content hash. Its quarantine row is written before the
  /// move; after a crash between the two, the restart quarantines the same arrival again and must not add a row.
  @Test func aQuarantineCutShortByACrashIsRecordedOnce() throws {
    let harness = try DaemonHarness()
    let spool = DropDirectory(root: harness.spool)
    try spool.prepare()
    #expect(symlink("/etc/hostname", spool.processing + "/link.json") == 0)
    let claim = try #require(spool.stamp(of: "link.json")?.claim)
    // What the daemon had committed when it died: the row, not yet the move.
    let store = try AdvisoryStore(writer: try AdvisoryStore.openPool(path: harness.database))
    try store.recordQuarantine([
      QuarantineEntry(
        name: "link.json", reason: QuarantineReason(error: "symbolic link", path: nil, time: "t", sha256: nil),
        claim: claim, isRetry: false)
    ])
    try harness.start()
    try waitUntil(timeout: 20) { harness.entries("quarantine").contains("link.json.reason.json") }
    #expect(harness.stop() == 0)
    #expect(try databaseCount(harness, "SELECT count(*) FROM quarantined_file") == 1)
  }

  /// A producer writes to its file after the daemon read and decided it, and the daemon dies before it could see
  /// the change. At the restart the file's new content must not be decided as a second decision of the same
  /// arrival: the file goes to quarantine, saying the earlier decision stands.
  @Test(.enabled(if: TemporaryDirectory.keepsBirthTimes, "the temporary directory's filesystem keeps no birth time"))
  func aFileChangedAfterItWasDecidedThenACrashIsQuarantinedNotDecidedAgain() throws {
    let harness = try DaemonHarness()
    let spool = DropDirectory(root: harness.spool)
    try spool.prepare()
    try DaemonHarness.record(1).write(
      toFile: spool.processing + "/late.json", atomically: false, encoding: .utf8)
    let claim = try #require(spool.stamp(of: "late.json")?.claim)
    // What the daemon had committed when it died: the decision on the content as read.
    let store = try AdvisoryStore(writer: try AdvisoryStore.openPool(path: harness.database))
    var decided = try DecisionFixtures.input(
      "no-medications", set: try DecisionFixtures.defaultPolicySet(),
      sha: ContentDigest.sha256(Array(DaemonHarness.record(1).utf8)))
    decided.fileName = "late.json"
    decided.claim = claim
    #expect(try store.record(decided).decisionID == 1)
    usleep(20_000)
    let producer = try FileHandle(forWritingTo: URL(fileURLWithPath: spool.processing + "/late.json"))
    try producer.seekToEnd()
    try producer.write(contentsOf: Data("\n".utf8))
    try producer.close()
    try harness.start()
    try waitUntil(timeout: 20) { harness.entries("quarantine").contains("late.json.reason.json") }
    #expect(harness.stop() == 0)
    let reason = try String(contentsOfFile: harness.spool + "/quarantine/late.json.reason.json", encoding: .utf8)
    #expect(reason.contains("decision 1 was made on the content as read before a restart and stands"))
    #expect(harness.entries("processed").isEmpty && harness.entries("processing").isEmpty)
    #expect(try databaseCount(harness, "SELECT count(*) FROM decision") == 1)
    #expect(try databaseCount(harness, "SELECT count(*) FROM quarantined_file") == 1)
  }

  /// A decided file whose move fails waits in processing/ for the next rescan. A clean batch meanwhile (here a
  /// quarantine) must not clear the error while that file still waits; once it goes through, the error clears.
  @Test func theLastErrorStaysWhileAFailedFileStillWaits() throws {
    let harness = try DaemonHarness(rescanSeconds: 3_600)
    try harness.start()
    // The day's processed/ directory is a regular file: a decided file cannot be moved into it.
    let today = WallClock.today()
    let blocked = [today, today.adding(days: 1)].map { harness.spool + "/processed/" + $0.description }
    for path in blocked { #expect(FileManager.default.createFile(atPath: path, contents: nil)) }
    try harness.drop(DaemonHarness.record(1), as: "stuck.json")
    try waitUntil(timeout: 20) { harness.log.contains("cannot move") }
    #expect(harness.entries("processing") == ["stuck.json"])
    try harness.drop("{ this is not json", as: "bad.json")
    try waitUntil(timeout: 20) { harness.entries("quarantine").contains("bad.json.reason.json") }
    let status = { try SparrowProcess.run(["status", "--socket", harness.socket]).standardOutput }
    #expect(try status().contains("last error  cannot move a decided file to processed"))
    #expect(try status().contains("backlog     incoming 0, processing 1"))

    // Space for the move again, and a rescan (the reload makes it due at once): the file goes through.
    for path in blocked { try FileManager.default.removeItem(atPath: path) }
    let config = try String(contentsOfFile: harness.configPath, encoding: .utf8)
      .replacingOccurrences(of: "rescanSeconds: 3600", with: "rescanSeconds: 1")
    try config.write(toFile: harness.configPath, atomically: true, encoding: .utf8)
    harness.signal(SIGHUP)
    try waitUntil(timeout: 20) { harness.entries("processed").count == 1 }
    try harness.drop(DaemonHarness.record(2), as: "after.json")
    try waitUntil(timeout: 20) { harness.entries("processed").count == 2 }
    try waitUntil(timeout: 10) { try status().contains("last error  none") }
    #expect(harness.stop() == 0)
    #expect(try databaseCount(harness, "SELECT count(*) FROM decision") == 2)
  }

  /// How an abandoned temporary that could not be moved stops being an error.
  enum AbandonedResolution: CaseIterable, Sendable {
    /// It can be moved again, and a rescan quarantines it.
    case movable
    /// The grace period is turned off (`abandonedTemporarySeconds: 0`): temporaries are left alone again.
    case gracePeriodOff
  }

  /// Whether this machine can make a file immutable (root with CAP_LINUX_IMMUTABLE, on a filesystem that keeps the
  /// flag): tried once on a scratch file where the tests' directories are made.
  static let canMakeFilesImmutable: Bool = {
    guard getuid() == 0, FileManager.default.isExecutableFile(atPath: "/usr/bin/chattr"),
      let directory = try? TemporaryDirectory()
    else { return false }
    let scratch = directory.url.path + "/scratch"
    guard FileManager.default.createFile(atPath: scratch, contents: Data()) else { return false }
    let set = try? SparrowProcess.run(["+i", scratch], executable: URL(fileURLWithPath: "/usr/bin/chattr"))
    let unset = try? SparrowProcess.run(["-i", scratch], executable: URL(fileURLWithPath: "/usr/bin/chattr"))
    return set?.status == 0 && unset?.status == 0
  }()

  /// An abandoned temporary that cannot be moved out of incoming/ (here immutable) is an error that stays while
  /// it waits, through clean batches, and clears once a rescan takes it or the grace period is turned off.
  @Test(.enabled(if: canMakeFilesImmutable), arguments: AbandonedResolution.allCases)
  func anAbandonedTemporaryThatCannotBeMovedKeepsTheError(resolution: AbandonedResolution) throws {
    let harness = try DaemonHarness(extraConfig: "abandonedTemporarySeconds: 1", rescanSeconds: 3_600)
    let temporary = try immutableFileInIncoming(harness, named: ".stuck.json.tmp")
    defer { try? runTool("/usr/bin/chattr", ["-i", temporary]) }
    // chattr changed it just now; the grace period counts whole seconds from its last change.
    Thread.sleep(forTimeInterval: 2.5)
    try harness.start()
    let status = { try SparrowProcess.run(["status", "--socket", harness.socket]).standardOutput }
    let error = "last error  abandoned temporary .stuck.json.tmp: cannot move into processing"
    try waitUntil(timeout: 20) { try status().contains(error) }
    // A clean batch meanwhile does not clear it, then or in the two seconds after.
    try harness.drop(DaemonHarness.record(2), as: "clean.json")
    try waitUntil(timeout: 20) { harness.entries("processed").count == 1 }
    let watchedUntil = Date().addingTimeInterval(2)
    while Date() < watchedUntil {
      let shown = try status()
      #expect(shown.contains(error), "\(shown)")
      guard shown.contains(error) else { break }
      usleep(100_000)
    }

    // Resolved, and a rescan (the reload makes one due within a second): the error clears.
    var config = try String(contentsOfFile: harness.configPath, encoding: .utf8)
      .replacingOccurrences(of: "rescanSeconds: 3600", with: "rescanSeconds: 1")
    switch resolution {
    case .movable:
      try runTool("/usr/bin/chattr", ["-i", temporary])
    case .gracePeriodOff:
      config = config.replacingOccurrences(of: "abandonedTemporarySeconds: 1", with: "abandonedTemporarySeconds: 0")
    }
    try config.write(toFile: harness.configPath, atomically: true, encoding: .utf8)
    harness.signal(SIGHUP)
    try waitUntil(timeout: 10) { try status().contains("last error  none") }
    switch resolution {
    case .movable:
      try waitUntil(timeout: 10) { harness.entries("quarantine").contains("unfinished.stuck.json.tmp.reason.json") }
    case .gracePeriodOff:
      #expect(harness.entries("incoming") == [".stuck.json.tmp"])
      // Removable again before the harness's directory goes (the defer is for a failure on the way).
      try runTool("/usr/bin/chattr", ["-i", temporary])
    }
    #expect(harness.stop() == 0)
  }

  /// A file that cannot be claimed (here immutable) holds the error even when a rescan's listing stops before its
  /// name: ten thousand files that sort before it arrive, and their clean batches must not clear the error.
  @Test(.enabled(if: canMakeFilesImmutable))
  func aFailedFileBeyondTheRescanListingKeepsTheError() throws {
    let harness = try DaemonHarness(rescanSeconds: 3_600)
    let stuck = try immutableFileInIncoming(harness, named: "zz-stuck.json")
    let spool = DropDirectory(root: harness.spool)
    defer { try? runTool("/usr/bin/chattr", ["-i", stuck]) }
    let stall = harness.spool + "/../stall"
    try harness.start(environment: ["SPARROW_TEST_STALL_FILE": stall])
    let status = { try SparrowProcess.run(["status", "--socket", harness.socket]).standardOutput }
    let error = "last error  cannot claim a file"
    try waitUntil(timeout: 20) { try status().contains(error) }

    // The intake held while the files arrive, then a rescan due at once (the reload): its listing is full before
    // zz-stuck.json.
    #expect(FileManager.default.createFile(atPath: stall, contents: nil))
    Thread.sleep(forTimeInterval: 1.5)
    // As many as a rescan lists (IntakePipeline.pendingLimit).
    let total = 10_000
    for index in 0..<total {
      try DaemonHarness.record(index + 2).write(
        toFile: spool.incoming + "/a\(index).json", atomically: false, encoding: .utf8)
    }
    let config = try String(contentsOfFile: harness.configPath, encoding: .utf8)
      .replacingOccurrences(of: "rescanSeconds: 3600", with: "rescanSeconds: 1")
    try config.write(toFile: harness.configPath, atomically: true, encoding: .utf8)
    harness.signal(SIGHUP)
    Thread.sleep(forTimeInterval: 0.5)
    try FileManager.default.removeItem(atPath: stall)
    var readings = 0
    var cleared = 0
    let deadline = Date().addingTimeInterval(120)
    while Date() < deadline, harness.entries("processed").count < total {
      if try !status().contains(error) { cleared += 1 }
      readings += 1
      usleep(50_000)
    }
    #expect(harness.entries("processed").count == total)
    #expect(readings > 5 && cleared == 0, "\(cleared) of \(readings) readings showed no error")
    try runTool("/usr/bin/chattr", ["-i", stuck])
    #expect(harness.stop() == 0)
  }

  /// A synthetic record written to `incoming/NAME` and made immutable (`chattr +i`): it cannot be renamed. Returns
  /// its path; the caller makes it mutable again.
  private func immutableFileInIncoming(_ harness: DaemonHarness, named name: String) throws -> String {
    let spool = DropDirectory(root: harness.spool)
    try spool.prepare()
    let path = spool.incoming + "/" + name
    try DaemonHarness.record(1).write(toFile: path, atomically: false, encoding: .utf8)
    try runTool("/usr/bin/chattr", ["+i", path])
    return path
  }

  /// Runs a system tool (mount, umount, chattr), throwing with its error output when it fails.
  private func runTool(_ command: String, _ arguments: [String]) throws {
    let result = try SparrowProcess.run(arguments, executable: URL(fileURLWithPath: command))
    guard result.status == 0 else {
      throw SpoolError(message: "\(command) \(arguments.joined(separator: " ")): \(result.standardError)")
    }
  }
}
