import Foundation
import SparrowCore
import SparrowTesting
import Testing

/// The console's configuration: the shipped file parses, keys are typed and checked, roles come from names and
/// groups.
@Suite struct ConsoleConfigurationTests {
  @Test func theShippedFilesParse() throws {
    func text(_ name: String) throws -> String {
      try String(contentsOf: Fixtures.repositoryRoot.appendingPathComponent(name), encoding: .utf8)
    }
    // A failure here is the message an administrator would see at start (exit 78).
    let daemon = try SparrowConfiguration.parse(try text("Deploy/sparrow.yaml"), path: "sparrow.yaml").get()
    #expect(daemon.consoleUser == "sparrow-console")
    let shipped = try ConsoleConfiguration.parse(try text("Deploy/console.yaml"), path: "console.yaml").get()
    var expected = ConsoleConfiguration()
    expected.origin = "https://sparrow.example.org"
    #expect(shipped == expected, "the sample states the defaults, and an origin to replace")
  }

  @Test(arguments: [
    ("idleMinutes: 0", "console.yaml:1:14: idleMinutes: expected a whole number from 1 to 720"),
    (
      "origin: http://sparrow.test",
      "console.yaml:1:9: origin: expected https://HOST[:PORT]; the console is served over TLS only"
    ),
    ("reviewer: [a]", "console.yaml:1:1: console configuration: unknown key 'reviewer'; did you mean 'reviewers'?"),
  ])
  func aBadKeyIsAnErrorWithItsLocation(text: String, expected: String) throws {
    guard case .failure(let failure) = ConsoleConfiguration.parse(text, path: "console.yaml") else {
      Issue.record("accepted: \(text)")
      return
    }
    #expect(failure.errors.map(\.description) == [expected])
  }

  @Test func rolesComeFromNamesAndGroups() throws {
    let configuration = try ConsoleConfiguration.parse(
      "reviewers: [alice, \"@pharmacy\"]\nauditors: [audrey]\npolicyAdmins: [\"@pharmacy\", paul]", path: "c.yaml"
    ).get()
    #expect(configuration.roles(user: "alice", groups: []) == [.reviewer])
    #expect(configuration.roles(user: "bob", groups: ["pharmacy"]) == [.reviewer, .policyAdmin])
    #expect(configuration.roles(user: "audrey", groups: ["staff"]) == [.auditor])
    #expect(configuration.roles(user: "eve", groups: ["staff"]).isEmpty)
    #expect(configuration.roles(user: "@pharmacy", groups: []).isEmpty, "a user named like a group is not the group")
  }
}
