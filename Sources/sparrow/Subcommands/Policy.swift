import ArgumentParser
import Foundation
import SparrowCore
import SparrowDaemon

// MARK: - Policy

extension SparrowCommand {
  /// `sparrow policy check|test DIR`: validate a policy set and run its own tests.
  struct Policy: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Validate policy sets and run their tests.",
      subcommands: [Check.self, Test.self]
    )
  }
}

// MARK: - Check

extension SparrowCommand.Policy {
  /// `sparrow policy check DIR`.
  struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Load a policy set and report every problem as file:line:column: message.",
      discussion: "Exit codes: 0 the set is valid (its revision is printed); 78 the set has errors; 64 usage error."
    )

    @Argument(help: "The policy directory (or a single policy file).")
    var directory: String

    func run() throws {
      let set = try PolicyCommandSupport.load(directory)
      print("policy set \(set.name) \(set.version)")
      print("revision \(set.revision)")
      print(
        "\(set.rules.count) rules, \(set.codeLists.count) code lists, \(set.tests.count) tests, MME table \(set.mmeTable.name)"
      )
      print("ok")
    }
  }
}

// MARK: - Test

extension SparrowCommand.Policy {
  /// `sparrow policy test DIR`.
  struct Test: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Run a policy set's own test cases and report rules no case fires.",
      discussion: """
        Prints a PASS/FAIL line per case, the coverage and a summary. Exit codes: 0 every case passed, and every \
        rule is fired by some case and kept quiet by another; 1 otherwise; 78 the set has errors; 64 usage error.
        """
    )

    @Argument(help: "The policy directory (or a single policy file).")
    var directory: String

    func run() throws {
      let set = try PolicyCommandSupport.load(directory)
      let report = PolicyTestRunner.run(set, fileRecords: PolicyDirectory(path: directory).testRecordFiles(for: set))
      for result in report.cases {
        let place = "\(result.location.file):\(result.location.line)"
        if result.passed {
          print("PASS  \(result.name)")
        } else {
          print("FAIL  \(result.name)  (\(place))")
          for failure in result.failures { print("      \(failure)") }
          print("      fired: \(result.fired.isEmpty ? "none" : result.fired.joined(separator: ", "))")
        }
      }
      if !report.unfiredRules.isEmpty {
        print("rules no test fires: \(report.unfiredRules.joined(separator: ", "))")
      }
      if !report.unquietRules.isEmpty {
        print("rules no test keeps quiet: \(report.unquietRules.joined(separator: ", "))")
      }
      let rules = set.rules.count
      print(
        "coverage: \(rules - report.unfiredRules.count) of \(rules) rules fired, "
          + "\(rules - report.unquietRules.count) of \(rules) kept quiet")
      print("policy \(set.name) \(set.version) revision \(set.revision)")
      print("\(report.passedCount) passed, \(report.failedCount) failed")
      if !report.isComplete { throw ExitCode.failure }
    }
  }
}

// MARK: - PolicyCommandSupport

/// Loading a policy set for a command, with errors printed as `file:line:column: message`.
enum PolicyCommandSupport {
  /// The set at `path`, or exit 78 after printing every problem.
  static func load(_ path: String) throws -> PolicySet {
    let directory = PolicyDirectory(path: path)
    switch directory.load() {
    case .success(let set): return set
    case .failure(let failure):
      for line in directory.diagnostics(failure) { FileHandle.standardError.write(Data((line + "\n").utf8)) }
      throw ExitStatus.configError.code
    }
  }
}
