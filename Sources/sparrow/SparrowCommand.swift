import ArgumentParser
import SparrowCore

// MARK: - SparrowCommand

/// The `sparrow` command: one binary for evaluation, policies, review and the daemon.
@main
struct SparrowCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "sparrow",
    abstract: "Opioid-sparing decision support: opioid load, risk facts and ketamine-alternative advisories.",
    discussion: """
      Exit codes (sysexits.h): 0 success; 64 usage error; 65 data error (the input is not a valid record);
      66 input file missing or unreadable; 69 daemon unavailable; 74 I/O error; 77 not allowed;
      78 invalid policy set; 1 policy tests failed.
      """,
    version: SparrowVersion.current,
    subcommands: [
      Run.self, Status.self, Evaluate.self, Policy.self, Advisories.self, Review.self, Rules.self,
    ]
  )
}
