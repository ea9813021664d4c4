import Foundation
import GRDB
import SparrowCore
import SparrowTesting
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `sparrow run` as a real process on real directories and a real SQLite file.
@Suite(.serialized) struct DaemonTests {

  private func decisions(_ harness: DaemonHarness) throws -> Int {
    try databaseCount(harness, "SELECT count(*) FROM decision")
  }

  @Test func thousandFilesDroppedWhileRunningGiveThousandDecisions() throws {
    let harness = try DaemonHarness()
    try harness.start()
    for index in 0..<1000 { try harness.drop(DaemonHarness.record(index), as: "patient-\(index).json") }
    try waitUntil(timeout: 60) { harness.entries("processed").count == 1000 }
    #expect(harness.stop() == 0)
    #expect(try decisions(harness) == 1000)
    #expect(try databaseCount(harness, "SELECT count(DISTINCT sha256) FROM received_file") == 1000)
    #expect(harness.entries("incoming").isEmpty)
    #expect(harness.entries("processing").isEmpty)
    #expect(harness.entries("quarantine").isEmpty)
  }

  /// A backlog larger than the names intake keeps in memory (10 000), present at start: the rest is read as soon
  /// as the first 10 000 are taken, not at the next timed rescan (here 120 s away; the default is 30 s).
  @Test func aBacklogBeyondTheInMemoryLimitDrainsWithoutWaitingForTheRescan() throws {
    let harness = try DaemonHarness(rescanSeconds: 120)
    let incoming = harness.spool + "/incoming"
    try FileManager.default.createDirectory(atPath: incoming, withIntermediateDirectories: true)
    let total = 10_200
    for index in 0..<total {
      try Data(DaemonHarness.record(index).utf8).write(to: URL(fileURLWithPath: incoming + "/backlog-\(index).json"))
    }
    try harness.start()
    try waitUntil(timeout: 90) { harness.entries("processed").count == total }
    #expect(harness.stop() == 0)
    #expect(try decisions(harness) == total)
  }

  @Test func killedAtRandomWhileFilesStreamInLosesAndDuplicatesNothing() throws {
    let harness = try DaemonHarness(extraConfig: "batchSize: 16")
    try harness.start()
    let total = 2000
    let dropper = Thread {
      for index in 0..<total {
        try? harness.drop(DaemonHarness.record(index), as: "stream-\(index).json")
        if index % 10 == 0 { usleep(5_000) }
      }
    }
    dropper.start()
    var generator = SystemRandomNumberGenerator()
    var kills = 0
    while kills < 25 {
      usleep(UInt32.random(in: 30_000...250_000, using: &generator))
      harness.crash()
      kills += 1
      try harness.start()
    }
    try waitUntil(timeout: 120) { harness.entries("processed").count == total }
    #expect(harness.stop() == 0)
    #expect(kills >= 20)
    #expect(try decisions(harness) == total, "every distinct file has exactly one decision")
    #expect(try databaseCount(harness, "SELECT count(*) FROM received_file") == total)
    #expect(harness.entries("incoming").isEmpty)
    #expect(harness.entries("processing").isEmpty)
    #expect(harness.entries("quarantine").isEmpty)
  }

  @Test(.enabled(if: geteuid() == 0, "lowering fs.inotify.max_queued_events needs root"))
  func everyFileIsDecidedWhenTheInotifyQueueOverflows() throws {
    let sysctl = "/proc/sys/fs/inotify/max_queued_events"
    let original = try String(contentsOfFile: sysctl, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
    try "16".write(toFile: sysctl, atomically: false, encoding: .utf8)
    defer { try? original.write(toFile: sysctl, atomically: false, encoding: .utf8) }
    // An hour between timed rescans: only the overflow-triggered rescan can find the files events missed.
    let harness = try DaemonHarness(extraConfig: "rescanSeconds: 3600")
    let config = try String(contentsOfFile: harness.configPath, encoding: .utf8)
      .replacingOccurrences(of: "rescanSeconds: 1\n", with: "")
    try config.write(toFile: harness.configPath, atomically: true, encoding: .utf8)
    try harness.start()
    try original.write(toFile: sysctl, atomically: false, encoding: .utf8)  // the daemon's queue keeps 16
    harness.signal(SIGSTOP)  // hold the reader so the burst overflows the 16-event queue
    for index in 0..<400 { try harness.drop(DaemonHarness.record(index), as: "burst-\(index).json") }
    harness.signal(SIGCONT)
    try waitUntil(timeout: 60) { harness.entries("processed").count == 400 }
    #expect(harness.log.contains("inotify queue overflowed; rescanning incoming"))
    #expect(harness.stop() == 0)
    #expect(try decisions(harness) == 400)
  }

  @Test func hostileInputEndsInQuarantineOrAsANotedDuplicateAndServingGoesOn() throws {
    let harness = try DaemonHarness(extraConfig: "maxFileBytes: 4096")
    try harness.start()
    let incoming = harness.spool + "/incoming/"
    let outside = harness.directory.url.path + "/outside-secret.json"
    try DaemonHarness.record(900).write(toFile: outside, atomically: true, encoding: .utf8)
    symlink(outside, incoming + "symlink.json")
    let hardLinkSource = harness.directory.url.path + "/hard-source.json"
    try DaemonHarness.record(901).write(toFile: hardLinkSource, atomically: true, encoding: .utf8)
    link(hardLinkSource, incoming + "hardlink.json")
    mkfifo(incoming + "fifo.json", 0o644)
    try FileManager.default.createDirectory(atPath: incoming + "directory.json", withIntermediateDirectories: false)
    try harness.drop("", as: "empty.json")
    try harness.drop(String(repeating: " ", count: 5000), as: "oversize.json")
    try Data([0x7B, 0x22, 0xFF, 0xFE, 0x22, 0x7D]).write(to: URL(fileURLWithPath: incoming + ".utf8.tmp"))
    rename(incoming + ".utf8.tmp", incoming + "invalid-utf8.json")
    try harness.drop(String(repeating: "[", count: 2_000), as: "deep.json")
    try harness.drop(#"{"schemaVersion": 2}"#, as: "wrong-schema.json")
    try harness.drop(DaemonHarness.record(1), as: "original.json")
    try waitUntil(timeout: 20) { try decisions(harness) == 1 }
    try harness.drop(DaemonHarness.record(1), as: "same-content-new-name.json")
    try harness.drop(DaemonHarness.record(2), as: "valid-after.json")

    let expected: [String: String] = [
      "symlink.json": "symbolic link",
      "hardlink.json": "has 2 hard links; a dropped file must have exactly one",
      "fifo.json": "a FIFO, not a regular file",
      "directory.json": "a directory, not a regular file",
      "empty.json": "file is empty",
      "oversize.json": "file is 5000 bytes; the limit is 4096 bytes",
      "invalid-utf8.json": "invalid JSON at line 1, column 2: string is not valid UTF-8",
      "deep.json": "invalid JSON at line 1, column 17: nesting deeper than 16 levels",
      "wrong-schema.json": "schemaVersion: expected 1; got 2",
    ]
    try waitUntil(timeout: 30) {
      Set(harness.entries("quarantine").filter { !$0.hasSuffix(".reason.json") }) == Set(expected.keys)
        && harness.entries("processed").count == 3
    }
    for (name, error) in expected {
      let reasonText = try String(contentsOfFile: harness.spool + "/quarantine/\(name).reason.json", encoding: .utf8)
      guard case .object(let reason) = try JSONParser().parse(Array(reasonText.utf8)),
        case .string(let text) = reason["error"]
      else {
        Issue.record("\(name): no reason")
        continue
      }
      #expect(text.hasSuffix(error), "\(name): \(text)")
    }
    // The symlink was never followed: the file outside the spool is untouched and was never decided.
    #expect(FileManager.default.fileExists(atPath: outside))
    #expect(try decisions(harness) == 2)
    #expect(try databaseCount(harness, "SELECT count(*) FROM duplicate_receipt") == 1)
    #expect(harness.log.contains("same content already decided; noted"))
    let status = try SparrowProcess.run(["status", "--socket", harness.socket])
    #expect(status.status == 0)
    #expect(harness.stop() == 0)
  }

  @Test func aFHIRBundleDroppedIntoTheSpoolIsDecidedLikeAnyOtherFile() throws {
    let harness = try DaemonHarness()
    try harness.start()
    let bundle = String(decoding: try Fixtures.bytes("fhir/patch-product-code-fentanyl-75mcg.json"), as: UTF8.self)
    try harness.drop(bundle, as: "from-the-ehr.json")
    try waitUntil(timeout: 20) { try decisions(harness) == 1 }
    #expect(harness.stop() == 0)
    #expect(try databaseCount(harness, "SELECT count(*) FROM decision WHERE total_mme = 180") == 1)  // 75 mcg/h × 2.4
    #expect(
      try databaseCount(
        harness,
        "SELECT count(*) FROM advisory a JOIN rule_text t ON t.id = a.rule_text_id WHERE t.rule_id = 'opioid-load-90'")
        == 1)
    #expect(harness.entries("quarantine").isEmpty)
  }

  @Test func reloadSwapsAValidPolicyAndRejectsABrokenOne() throws {
    let harness = try DaemonHarness()
    try harness.start()
    func revision() throws -> String {
      let output = try SparrowProcess.run(["status", "--socket", harness.socket, "--format", "json"]).standardOutput
      guard case .object(let status) = try JSONParser().parse(Array(output.utf8)),
        case .object(let policy) = status["policy"],
        case .string(let revision) = policy["revision"]
      else { return "" }
      return revision
    }
    let first = try revision()
    try harness.drop(DaemonHarness.record(1), as: "a.json")
    try waitUntil(timeout: 20) { try decisions(harness) == 1 }

    // A valid change: the next file is decided under the new revision.
    let rules = harness.policies + "/rules/opioid-load.yaml"
    let text = try String(contentsOfFile: rules, encoding: .utf8)
    try text.replacingOccurrences(of: "atLeast: 90", with: "atLeast: 80").write(
      toFile: rules, atomically: true, encoding: .utf8)
    harness.signal(SIGHUP)
    try waitUntil(timeout: 20) { try revision() != first }
    let second = try revision()
    try harness.drop(DaemonHarness.record(2), as: "b.json")
    try waitUntil(timeout: 20) { try decisions(harness) == 2 }
    #expect(
      try databaseCount(
        harness,
        "SELECT count(*) FROM decision d JOIN policy_revision p ON p.id = d.policy_revision_id WHERE p.revision = '\(second)'"
      ) == 1)

    // A broken change: rejected with file:line errors, the previous revision keeps deciding.
    try (text + "  - id: broken\n    indicator: severe\n").write(toFile: rules, atomically: true, encoding: .utf8)
    harness.signal(SIGHUP)
    try waitUntil(timeout: 20) {
      try SparrowProcess.run(["status", "--socket", harness.socket]).standardOutput.contains("last reload rejected")
    }
    #expect(try revision() == second)
    #expect(harness.log.contains("policy rejected"))
    #expect(harness.log.contains("rules/opioid-load.yaml:"))
    try harness.drop(DaemonHarness.record(3), as: "c.json")
    try waitUntil(timeout: 20) { try decisions(harness) == 3 }
    #expect(
      try databaseCount(
        harness,
        "SELECT count(*) FROM decision d JOIN policy_revision p ON p.id = d.policy_revision_id WHERE p.revision = '\(second)'"
      ) == 2)
    #expect(harness.stop() == 0)
  }

  @Test func reloadAppliesTunableSettingsDefersPathsAndRejectsABrokenConfiguration() throws {
    let harness = try DaemonHarness()
    try harness.start()
    let original = try String(contentsOfFile: harness.configPath, encoding: .utf8)
    try (original + "batchSize: 8\n").write(toFile: harness.configPath, atomically: true, encoding: .utf8)
    harness.signal(SIGHUP)
    try waitUntil(timeout: 20) { harness.log.contains("configuration reloaded") }
    try original.replacingOccurrences(of: "spool: ", with: "spool: /elsewhere").write(
      toFile: harness.configPath, atomically: true, encoding: .utf8)
    harness.signal(SIGHUP)
    try waitUntil(timeout: 20) { harness.log.contains("config.keys=spool") }
    #expect(harness.log.contains("configuration changes that take effect at restart"))
    try (original + "batchSize: many\n").write(toFile: harness.configPath, atomically: true, encoding: .utf8)
    harness.signal(SIGHUP)
    try waitUntil(timeout: 20) { harness.log.contains("configuration rejected") }
    #expect(harness.log.contains("batchSize: expected a number like 50 or 2.5; got 'many'"))
    // The daemon still decides files in the spool it started with.
    try harness.drop(DaemonHarness.record(7), as: "after-reloads.json")
    try waitUntil(timeout: 20) { try decisions(harness) == 1 }
    #expect(harness.stop() == 0)
  }

  @Test func sigtermDuringABurstExitsZeroAndAccountsForEveryFile() throws {
    let harness = try DaemonHarness(extraConfig: "batchSize: 32")
    try harness.start()
    for index in 0..<600 { try harness.drop(DaemonHarness.record(index), as: "term-\(index).json") }
    usleep(100_000)
    #expect(harness.stop(timeout: 10) == 0)
    let processed = harness.entries("processed").count
    let incoming = harness.entries("incoming").count
    #expect(harness.entries("processing").isEmpty, "no half-finished file")
    #expect(processed + incoming == 600)
    #expect(try decisions(harness) == processed)
  }

  @Test func aBrokenPolicySetAtStartIsAClearFatalError() throws {
    let harness = try DaemonHarness()
    try "rules:\n  - id: x\n".write(toFile: harness.policies + "/rules/broken.yaml", atomically: true, encoding: .utf8)
    let result = try SparrowProcess.run(["run", "--config", harness.configPath])
    #expect(result.status == 78)
    #expect(result.standardError.contains("sparrow: error: the policy set is invalid:"))
    #expect(result.standardError.contains("rules/broken.yaml:2:5: rule 'x': missing required key"))
  }

  @Test func anInvalidConfigurationNamesTheLine() throws {
    let harness = try DaemonHarness(extraConfig: "batchsize: 10")
    let result = try SparrowProcess.run(["run", "--config", harness.configPath])
    #expect(result.status == 78)
    #expect(
      result.standardError.contains(
        "sparrow.yaml:7:1: configuration: unknown key 'batchsize'; did you mean 'batchSize'?"))
  }

  @Test func statusOfAStoppedDaemonExits3() throws {
    let result = try SparrowProcess.run(["status", "--socket", "/nonexistent/control.sock"])
    #expect(result.status == 3)
    #expect(result.standardOutput == "sparrow is not running (/nonexistent/control.sock)\n")
  }
}
