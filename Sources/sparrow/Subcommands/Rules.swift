import ArgumentParser
import SparrowDaemon

// MARK: - Rules

extension SparrowCommand {
  /// `sparrow rules stats`.
  struct Rules: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "How the policy's rules perform: the rule scorecard.",
      subcommands: [Stats.self]
    )
  }
}

extension SparrowCommand.Rules {
  /// `sparrow rules stats`.
  struct Stats: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "The rule scorecard: per rule and policy revision, firings, repeats, review outcomes and reasons.",
      discussion: """
        For each rule and revision: advisories that joined the queue and repeats linked instead; open, accepted, \
        overridden and dismissed counts; accepted ÷ reviewed; the median minutes from firing to first review; \
        distinct reviewers and the busiest one's share; firings per decision and its change from the previous \
        revision (CHECK marks a change of 2× or more either way, a rule that stopped firing included, over 20 or \
        more decisions each with 5 or more firings in one of them). Every rule of every revision is listed, fired \
        or not.
        """)

    @Option(help: "Output format.")
    var format: TextOrJSON = .text

    @OptionGroup var access: StoreAccessOptions

    func run() throws {
      try access.run(.ruleStats(format: format))
    }
  }
}
