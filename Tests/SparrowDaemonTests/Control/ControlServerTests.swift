import Foundation
import GRDB
import SparrowCore
import SparrowDaemon
import SparrowTesting
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The control socket with real operating-system users: the test (root) starts a server in-process and runs
/// the `sparrow` binary as other users with `setpriv`, so SO_PEERCRED sees their real uid and gid.
@Suite(.enabled(if: geteuid() == 0, "switching users needs root (CI runs as root)"))
struct ControlServerTests {
  /// Debian's `users` group (gid 100) stands in for sparrow-review; `nobody` (65534) is not a member.
  private static let reviewGroup = "users"

  private func withServer(_ body: (String, AdvisoryStore, [Int64]) throws -> Void) throws {
    let directory = try TemporaryDirectory()
    chmod(directory.url.path, 0o755)
    let store = try AdvisoryStore(
      writer: try AdvisoryStore.openPool(path: directory.url.appendingPathComponent("s.sqlite").path))
    let set = try DecisionFixtures.defaultPolicySet()
    let (assessment, advisories, bytes) = try DecisionFixtures.evaluate("benzo-plus-oxycodone-90mme", set: set)
    let recorded = try store.record(
      DecisionInput(
        fileName: "x.json", sha256: ContentDigest.sha256(bytes), content: bytes, receivedAt: Date(),
        assessment: assessment, policy: set, advisories: advisories))
    let socket = directory.url.appendingPathComponent("control.sock").path
    let server = ControlServer(store: store, path: socket, reviewGroup: Self.reviewGroup)
    // World-connectable on purpose: the refusal below must come from the peer-credential check.
    try server.start(mode: 0o666)
    defer { server.stop() }
    try body(socket, store, recorded.advisoryIDs)
  }

  private func runAs(uid: Int, gid: Int, _ arguments: [String]) throws -> SparrowProcess.Result {
    try SparrowProcess.run(
      ["--reuid=\(uid)", "--regid=\(gid)", "--clear-groups", SparrowProcess.binary.path] + arguments,
      executable: URL(fileURLWithPath: "/usr/bin/setpriv"))
  }

  @Test func rootIsServed() throws {
    try withServer { socket, _, _ in
      let result = try SparrowProcess.run(["advisories", "list", "--socket", socket, "--format", "csv"])
      #expect(result.status == 0)
      #expect(result.standardOutput.split(separator: "\r\n").count == 5)  // header + 4 open advisories
    }
  }

  @Test func aUserOutsideTheReviewGroupIsRefused() throws {
    try withServer { socket, store, ids in
      let list = try runAs(uid: 65534, gid: 65534, ["advisories", "list", "--socket", socket])
      #expect(list.status == 77)
      #expect(list.standardOutput.isEmpty)
      #expect(
        list.standardError
          == "sparrow: error: permission denied: only root and members of group users may review advisories\n")
      let review = try runAs(uid: 65534, gid: 65534, ["review", String(ids[0]), "accept", "--socket", socket])
      #expect(review.status == 77)
      #expect(try store.advisoryDetail(id: ids[0])?.reviews.isEmpty == true)
    }
  }

  @Test func aReviewGroupMemberReviewsUnderTheirOwnName() throws {
    try withServer { socket, store, ids in
      let gid = 100
      let review = try runAs(
        uid: 65534, gid: gid, ["review", String(ids[0]), "override", "--reason", "will-monitor", "--socket", socket])
      #expect(review.status == 0, "\(review.standardError)")
      let detail = try #require(try store.advisoryDetail(id: ids[0]))
      #expect(detail.reviews.map(\.reviewer) == ["nobody"])
      #expect(detail.reviews.map(\.reviewerUID) == [65534])
      #expect(detail.advisory.status == .overridden)
    }
  }

  @Test func directDatabaseAccessIsForRootOnly() throws {
    let directory = try TemporaryDirectory()
    chmod(directory.url.path, 0o777)
    let path = directory.url.appendingPathComponent("s.sqlite").path
    _ = try AdvisoryStore(writer: try AdvisoryStore.openPool(path: path))
    chmod(path, 0o666)
    let result = try runAs(uid: 65534, gid: 65534, ["advisories", "list", "--database", path])
    #expect(result.status == 77)
    #expect(
      result.standardError
        == "sparrow: error: --database is for root with the daemon stopped; pharmacists use the daemon's socket\n")
  }

  @Test func directAccessIsRefusedWhileTheDaemonServes() throws {
    try withServer { socket, _, _ in
      let result = try SparrowProcess.run(["advisories", "list", "--socket", socket, "--database", "/tmp/any.sqlite"])
      #expect(result.status == 69)
      #expect(result.standardError.contains("the daemon is running"))
    }
  }

  @Test func unreachableDaemonExits69() throws {
    let result = try SparrowProcess.run(["advisories", "list", "--socket", "/nonexistent/control.sock"])
    #expect(result.status == 69)
    #expect(
      result.standardError.hasPrefix("sparrow: error: cannot reach the Sparrow daemon at /nonexistent/control.sock"))
  }
}
