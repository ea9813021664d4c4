import Foundation

// MARK: - Diagnostics

/// Messages for the person at the terminal, on standard error.
enum Diagnostics {
  /// Prints `sparrow: error: MESSAGE` to standard error.
  static func error(_ message: String) {
    FileHandle.standardError.write(Data("sparrow: error: \(message)\n".utf8))
  }

  /// Prints `sparrow: MESSAGE` to standard error (information that is not the command's output).
  static func note(_ message: String) {
    FileHandle.standardError.write(Data("sparrow: \(message)\n".utf8))
  }
}
