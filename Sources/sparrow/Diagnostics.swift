import Foundation

// MARK: - Diagnostics

/// Messages for the person at the terminal, on standard error.
enum Diagnostics {
  /// Prints `sparrow: error: MESSAGE` to standard error.
  static func error(_ message: String) {
    FileHandle.standardError.write(Data("sparrow: error: \(message)\n".utf8))
  }
}
