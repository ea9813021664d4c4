import ArgumentParser
import SparrowDaemon

// MARK: - Advisories

extension SparrowCommand {
  /// `sparrow advisories list|show|export`.
  struct Advisories: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Work the advisory queue: list, show, export.",
      discussion: """
        Commands ask the running daemon over its control socket (members of group sparrow-review and root). \
        Root may open the database directly with --database PATH while the daemon is stopped. Exit codes: \
        0 ok; 66 no such advisory or database; 69 daemon unreachable; 77 not allowed; 64 usage error.
        """,
      subcommands: [List.self, Show.self, Export.self]
    )
  }
}

extension SparrowCommand.Advisories {
  /// `sparrow advisories list`.
  struct List: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "List advisories: the open queue by default, most severe first, then newest.")

    @OptionGroup var filter: AdvisoryFilterOptions
    @OptionGroup var access: StoreAccessOptions

    @Option(help: "Output format.")
    var format: ListFormat = .table

    func run() throws {
      try access.run(.list(filter.filter, format: format))
    }
  }

  /// `sparrow advisories show ID`.
  struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Show one advisory: patient, orders with MME, facts, rule, policy revision, source, reviews.")

    @Argument(help: "The advisory id.")
    var id: Int64

    @Option(help: "Output format.")
    var format: TextOrJSON = .text

    @OptionGroup var access: StoreAccessOptions

    func validate() throws {
      guard id > 0 else { throw ValidationError("ID must be a positive number") }
    }

    func run() throws {
      try access.run(.show(id: id, format: format))
    }
  }

  /// `sparrow advisories export`.
  struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Export advisories as CDS Hooks cards, a FHIR R4 Bundle of DetectedIssue resources, or CSV.")

    @Option(help: "CDS Hooks cards, a FHIR R4 Bundle, or CSV.")
    var format: ExportFormat

    @OptionGroup var filter: AdvisoryFilterOptions
    @OptionGroup var access: StoreAccessOptions

    func run() throws {
      try access.run(.export(filter.filter, format: format))
    }
  }
}
