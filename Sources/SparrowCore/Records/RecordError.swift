// MARK: - RecordError

/// Why a medication file cannot be read: a data error, reported with the JSON path and what was expected.
///
/// The description is one line a pipeline owner can act on:
/// `medications[2].dose.unit: expected one of mg, mcg, g, mL, tablet, capsule, patch, actuation; got "tabs"`.
public struct RecordError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The JSON path of the offending value; empty for the whole document.
  public let path: String
  /// What is wrong.
  public let message: String

  /// An error at `path`.
  public init(path: String, message: String) {
    self.path = path
    self.message = message
  }

  public var description: String { path.isEmpty ? message : "\(path): \(message)" }
}
