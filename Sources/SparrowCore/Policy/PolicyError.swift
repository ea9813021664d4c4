// MARK: - PolicyError

/// One problem in a policy set, where it is, and what to change: `rules/load.yaml:12:7: unknown fact …`.
public struct PolicyError: Error, Sendable, Equatable, Comparable, CustomStringConvertible {
  /// The file, relative to the policy directory.
  public let file: String
  /// 1-based line.
  public let line: Int
  /// 1-based column.
  public let column: Int
  /// What is wrong and, where possible, what to write instead.
  public let message: String

  /// An error at a location.
  public init(file: String, line: Int, column: Int, message: String) {
    self.file = file
    self.line = line
    self.column = column
    self.message = message
  }

  /// An error at a node's location.
  init(at location: SourceLocation, _ message: String) {
    self.init(file: location.file, line: location.line, column: location.column, message: message)
  }

  public var description: String { "\(file):\(line):\(column): \(message)" }

  public static func < (lhs: PolicyError, rhs: PolicyError) -> Bool {
    (lhs.file, lhs.line, lhs.column, lhs.message) < (rhs.file, rhs.line, rhs.column, rhs.message)
  }
}

// MARK: - SourceLocation

/// A position in a policy file.
public struct SourceLocation: Sendable, Equatable {
  /// The file, relative to the policy directory.
  public var file: String
  /// 1-based line.
  public var line: Int
  /// 1-based column.
  public var column: Int

  /// A location from its parts.
  public init(file: String, line: Int, column: Int) {
    self.file = file
    self.line = line
    self.column = column
  }
}
