import Foundation
import SparrowCore
import SparrowTesting
import Testing

/// `Deploy/sparrow.1` and `Deploy/sparrow-console.1` are generated from the commands' own help (`scripts/man.sh`);
/// this fails while one is stale: every command, subcommand and long option a binary describes must be on its page,
/// with its abstract.
@Suite struct ManualPageTests {
  @Test(arguments: [("sparrow", 40), ("sparrow-console", 3)])
  func theManualPageCoversEveryCommandAndOption(program: String, leastChecked: Int) throws {
    let page = try String(
      contentsOf: Fixtures.repositoryRoot.appendingPathComponent("Deploy/\(program).1"), encoding: .utf8)
    let executable = program == "sparrow" ? SparrowProcess.binary : SparrowProcess.consoleBinary
    let dump = try SparrowProcess.run(["--experimental-dump-help"], executable: executable)
    guard case .object(let root) = try JSONParser(maxDepth: 64).parse(Array(dump.standardOutput.utf8)),
      case .object(let command) = root["command"]
    else {
      Issue.record("no help dump")
      return
    }
    var missing: [String] = []
    var checked = 0
    func visit(_ command: JSONObject) {
      if case .string(let name) = command["commandName"], name != "help" {
        checked += 1
        if !page.contains(name) { missing.append("command \(name)") }
        if case .string(let abstract) = command["abstract"], !page.contains(abstract) {
          missing.append("abstract of \(name): \(abstract)")
        }
      }
      if case .array(let arguments) = command["arguments"] {
        for case .object(let argument) in arguments {
          guard case .object(let names) = argument["preferredName"], case .string(let kind) = names["kind"],
            kind == "long", case .string(let option) = names["name"], option != "help", option != "version"
          else { continue }
          checked += 1
          if !page.contains("Fl -\(option)") { missing.append("option --\(option)") }
        }
      }
      if case .array(let subcommands) = command["subcommands"] {
        for case .object(let subcommand) in subcommands { visit(subcommand) }
      }
    }
    visit(command)
    #expect(checked >= leastChecked)
    #expect(missing.isEmpty, "Deploy/\(program).1 is stale (run scripts/man.sh): \(missing)")
  }
}
