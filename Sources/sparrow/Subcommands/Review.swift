import ArgumentParser
import SparrowDaemon

// MARK: - Review

extension SparrowCommand {
  /// `sparrow review ID accept|override|dismiss --reason CODE [--note TEXT]`.
  struct Review: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Review an advisory: accept, override or dismiss it, with a reason from its policy.",
      discussion: """
        The reviewer is the operating-system user running the command (from the socket's peer credentials), \
        never an option. Reviews are append-only; an advisory's status is its latest review. override and \
        dismiss need --reason (one of the rule's override reasons, or 'other' with --note). Exit codes: 0 \
        recorded; 65 invalid reason or note; 66 no such advisory; 69 daemon unreachable; 77 not allowed.
        """
    )

    @Argument(help: "The advisory id.")
    var id: Int64

    @Argument(help: "What to do with the advisory.")
    var action: ReviewAction

    @Option(help: "Reason code (see 'sparrow advisories show ID').")
    var reason: String?

    @Option(help: "Free-text note (kept in the database, never in system logs).")
    var note: String?

    @OptionGroup var access: StoreAccessOptions

    func validate() throws {
      guard id > 0 else { throw ValidationError("ID must be a positive number") }
    }

    func run() throws {
      try access.run(.review(id: id, action: action, reason: reason, note: note))
    }
  }
}
