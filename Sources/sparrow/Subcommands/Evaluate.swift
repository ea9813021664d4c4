import ArgumentParser
import Foundation
import SparrowCore
import SparrowDaemon

// MARK: - Evaluate

extension SparrowCommand {
  /// `sparrow evaluate FILE|-`: assess one patient record and print the result.
  struct Evaluate: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Assess one patient medication file: opioid load (MME/day) and risk facts.",
      discussion: """
        Reads a patient record (format v1, see docs/record-format-v1.md) from FILE, or from standard input when FILE is '-'.
        Exit codes: 0 assessed; 65 the file is not a valid record (the error names the JSON path);
        66 the file is missing or unreadable; 64 usage error.
        """
    )

    @Argument(help: "The patient record file, or '-' for standard input.")
    var file: String

    @Option(help: "Output format: table or json.")
    var format: OutputFormat = .table

    @Option(help: "Evaluation date, YYYY-MM-DD or an RFC 3339 timestamp (UTC day). Default: today (UTC).")
    var at: String?

    @Option(
      name: .customLong("mme-table"),
      help: "MME conversion factor table: cdc-2022 or cdc-2016. Default: the policy set's table, else cdc-2022.")
    var mmeTable: String?

    @Option(help: "A policy directory: evaluate its rules and print the advisories.")
    var policies: String?

    @Option(
      help:
        "Record the decision in this database (root only, daemon stopped; needs --policies). The same content twice is one decision."
    )
    var database: String?

    @Option(help: "The daemon's control socket, checked so that --database never writes beside a running daemon.")
    var socket: String = SparrowConfiguration.defaultSocket

    func validate() throws {
      if let at, CalendarDate(parsing: at) == nil {
        throw ValidationError("--at: expected YYYY-MM-DD or an RFC 3339 timestamp; got \"\(at)\"")
      }
      if database != nil && policies == nil {
        throw ValidationError("--database needs --policies: a decision records the policy that made it")
      }
      if let mmeTable, MMEFactorTable.builtIn(named: mmeTable) == nil {
        let names = MMEFactorTable.builtIn.map(\.name).joined(separator: ", ")
        throw ValidationError("--mme-table: expected one of \(names); got \"\(mmeTable)\"")
      }
    }

    func run() throws {
      let decoder = RecordDecoder()
      let bytes: [UInt8]
      do {
        bytes = try InputReader.read(file, limit: decoder.limits.maxBytes)
      } catch {
        switch error {
        case .missing(let message):
          Diagnostics.error(message)
          throw ExitStatus.noInput.code
        case .tooLarge(let path, let limit):
          Diagnostics.error("\(path): file is larger than the limit of \(limit) bytes")
          throw ExitStatus.dataError.code
        case .unreadable(let path, let reason):
          Diagnostics.error("\(path): \(reason)")
          throw ExitStatus.ioError.code
        }
      }
      let policySet = try policies.map { try PolicyCommandSupport.load($0) }
      let record: PatientRecord
      do {
        record = try RecordInput.decode(
          bytes, limits: decoder.limits, catalog: policySet?.rxnormCatalog ?? .standard)
      } catch {
        Diagnostics.error("\(file): \(error)")
        throw ExitStatus.dataError.code
      }
      let date = at.flatMap(CalendarDate.init(parsing:)) ?? WallClock.today()
      let table = mmeTable.flatMap(MMEFactorTable.builtIn(named:)) ?? policySet?.mmeTable ?? .cdc2022
      let assessment = Assessment(record: record, on: date, table: table)
      let advisories = policySet?.evaluate(assessment)
      if let database, let policySet, let advisories {
        let input = DecisionInput(
          fileName: file == "-" ? "stdin" : URL(fileURLWithPath: file).lastPathComponent,
          sha256: ContentDigest.sha256(bytes), content: bytes, receivedAt: WallClock.now(), assessment: assessment,
          policy: policySet, advisories: advisories)
        let recorded = try StoreAccessOptions.direct(database: database, socket: socket, create: true) { service, _ in
          try service.record(input)
        }
        let ids = recorded.advisoryIDs.map(String.init).joined(separator: ", ")
        Diagnostics.note(
          recorded.isDuplicate
            ? "same content already decided: decision \(recorded.decisionID); nothing new recorded"
            : "recorded decision \(recorded.decisionID)" + (ids.isEmpty ? "" : ", advisories \(ids)"))
      }
      switch format {
      case .table:
        print(assessment.tableText, terminator: "")
        if let policySet, let advisories {
          print(AdvisoryText.render(advisories, set: policySet), terminator: "")
        }
      case .json:
        var output = assessment.jsonValue
        if let policySet, let advisories, case .object(var object) = output {
          object["policy"] = policySet.identity.json
          object["advisories"] = .array(advisories.map(\.jsonValue))
          output = .object(object)
        }
        print(JSONWriter.prettyString(output), terminator: "")
      }
    }
  }
}

// MARK: - OutputFormat

/// Output formats of read commands.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
  case table, json
}
