public import ArgumentParser
public import SparrowCore
public import SparrowDaemon

// MARK: - Option values

// The closed values of the command line are the library's own types; argument-parser lists them in `--help`,
// completes them, and rejects anything else with the allowed values.

extension ListFormat: ExpressibleByArgument {}
extension TextOrJSON: ExpressibleByArgument {}
extension ExportFormat: ExpressibleByArgument {}
extension ReviewAction: ExpressibleByArgument {}
extension Indicator: ExpressibleByArgument {}
extension LogDestination: ExpressibleByArgument {}

// MARK: - StatusOption

/// `--status`: one advisory status, or every status.
enum StatusOption: ExpressibleByArgument, CaseIterable, Equatable {
  case only(AdvisoryStatus)
  case all

  static let allCases: [StatusOption] = AdvisoryStatus.allCases.map { .only($0) } + [.all]

  init?(argument: String) {
    if argument == "all" {
      self = .all
    } else if let status = AdvisoryStatus(rawValue: argument) {
      self = .only(status)
    } else {
      return nil
    }
  }

  var defaultValueDescription: String {
    switch self {
    case .only(let status): status.rawValue
    case .all: "all"
    }
  }

  static var allValueStrings: [String] { allCases.map(\.defaultValueDescription) }

  /// The filter's status: nil for every status.
  var status: AdvisoryStatus? {
    switch self {
    case .only(let status): status
    case .all: nil
    }
  }
}

// MARK: - ExitStatus

extension ExitStatus {
  /// The status as argument-parser's exit code.
  var code: ExitCode { ExitCode(rawValue) }
}
