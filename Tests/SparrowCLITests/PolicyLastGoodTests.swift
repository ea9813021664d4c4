import Foundation
import SparrowTesting
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Policy deploys an admin does: symlink swaps, a broken directory at restart, a reload right after start.
struct PolicyLastGoodTests {
  private func status(_ harness: DaemonHarness) throws -> String {
    try SparrowProcess.run(["status", "--socket", harness.socket]).standardOutput
  }

  @Test func aPolicyDirectoryReachedThroughASymlinkIsAccepted() throws {
    let directory = try TemporaryDirectory()
    let link = directory.url.appendingPathComponent("current").path
    try FileManager.default.createSymbolicLink(
      atPath: link, withDestinationPath: Fixtures.repositoryRoot.appendingPathComponent("Policies").path)
    let result = try SparrowProcess.run(["policy", "check", link])
    #expect(result.status == 0, "\(result.standardError)")
  }

  @Test func aBrokenPolicyDirectoryAtRestartStartsOnTheLastGoodSetAndSaysSo() throws {
    let harness = try DaemonHarness()
    try harness.start()
    #expect(harness.stop() == 0)
    try "rules:\n  - id: broken\n".write(
      toFile: harness.policies + "/rules/broken.yaml", atomically: true, encoding: .utf8)
    try harness.start()
    let text = try status(harness)
    #expect(text.contains("last reload rejected: started on the last good policy set"))
    #expect(harness.log.contains("running on the last good policy set"))
    try harness.drop(DaemonHarness.record(3), as: "still-decided.json")
    try waitUntil(timeout: 20) { harness.entries("processed").count == 1 }
    #expect(harness.stop() == 0)
  }

  /// Whether `pid` ignores SIGHUP (bit 1 of SigIgn in /proc/PID/status).
  private func ignoresHangUp(_ pid: Int32) -> Bool {
    guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
      let line = status.split(separator: "\n").first(where: { $0.hasPrefix("SigIgn:") }),
      let mask = UInt64(line.dropFirst("SigIgn:".count).trimmingCharacters(in: .whitespaces), radix: 16)
    else { return false }
    return mask & 1 == 1
  }

  /// SIGHUP is ignored from the start of `sparrow run`, long before the daemon is ready (it used to be only once
  /// the reload service ran, and a SIGHUP in that window ended the process); a burst of them then changes nothing.
  @Test(.timeLimit(.minutes(1))) func aSIGHUPDuringStartDoesNotKillTheDaemon() throws {
    let harness = try DaemonHarness()
    let process = Process()
    process.executableURL = SparrowProcess.binary
    process.arguments = ["run", "--config", harness.configPath]
    process.standardError = FileHandle.nullDevice
    try process.run()
    try waitUntil(timeout: 20) { ignoresHangUp(process.processIdentifier) }
    let answeringAlready = (try? SparrowProcess.run(["status", "--socket", harness.socket]).status) == 0
    #expect(!answeringAlready, "SIGHUP was ignored only once the daemon was ready")
    var ready = false
    while !ready && process.isRunning {
      kill(process.processIdentifier, SIGHUP)
      ready = (try? SparrowProcess.run(["status", "--socket", harness.socket]).status) == 0
    }
    #expect(process.isRunning)
    kill(process.processIdentifier, SIGTERM)
    process.waitUntilExit()
    #expect(process.terminationStatus == 0)
  }

  @Test func aRejectedConfigurationReloadShowsInStatus() throws {
    let harness = try DaemonHarness()
    try harness.start()
    try "spool: [\n".write(toFile: harness.configPath, atomically: true, encoding: .utf8)
    harness.signal(SIGHUP)
    try waitUntil(timeout: 20) { try status(harness).contains("last reload rejected: configuration") }
    #expect(harness.stop() == 0)
  }
}
