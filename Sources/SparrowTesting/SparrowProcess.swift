public import Foundation

// MARK: - SparrowProcess

/// Runs the `sparrow` binary that `swift build` put beside the test bundle.
public enum SparrowProcess {
  /// What a run printed and how it ended.
  public struct Result: Sendable {
    /// Exit status.
    public let status: Int32
    /// Everything written to standard output.
    public let standardOutput: String
    /// Everything written to standard error.
    public let standardError: String
  }

  /// The binary: `$SPARROW_BINARY` if set, else `sparrow` in the test bundle's build directory.
  public static var binary: URL {
    if let path = ProcessInfo.processInfo.environment["SPARROW_BINARY"] { return URL(fileURLWithPath: path) }
    let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
    var directory = bundle.deletingLastPathComponent()
    // On Linux the test runner is `.build/<triple>/debug/SparrowPackageTests.xctest`; `sparrow` sits beside it.
    while directory.path != "/" {
      let candidate = directory.appendingPathComponent("sparrow")
      if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
      directory = directory.deletingLastPathComponent()
    }
    return Fixtures.repositoryRoot.appendingPathComponent(".build/debug/sparrow")
  }

  /// The console's binary, `sparrow-console`, which the same build puts beside `sparrow`.
  public static var consoleBinary: URL {
    binary.deletingLastPathComponent().appendingPathComponent("sparrow-console")
  }

  /// Runs `sparrow ARGUMENTS` (or `executable ARGUMENTS`), feeding `input` to standard input, and waits for it.
  public static func run(_ arguments: [String], input: Data? = nil, executable: URL? = nil) throws -> Result {
    let process = Process()
    process.executableURL = executable ?? binary
    process.arguments = arguments
    let output = Pipe()
    let error = Pipe()
    let standardInput = Pipe()
    process.standardOutput = output
    process.standardError = error
    process.standardInput = standardInput
    try process.run()
    // Write input and drain both outputs concurrently so a large payload cannot deadlock on full pipes.
    let writer = Thread {
      if let input { try? standardInput.fileHandleForWriting.write(contentsOf: input) }
      try? standardInput.fileHandleForWriting.close()
    }
    writer.start()
    let errorReader = ErrorReader(handle: error.fileHandleForReading)
    errorReader.start()
    let outputData = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let errorData = errorReader.finish()
    return Result(
      status: process.terminationStatus, standardOutput: String(decoding: outputData, as: UTF8.self),
      standardError: String(decoding: errorData, as: UTF8.self))
  }
}

// MARK: - ErrorReader

/// Reads a pipe to its end on a thread of its own.
private final class ErrorReader: @unchecked Sendable {
  private let handle: FileHandle
  private let done = DispatchSemaphore(value: 0)
  private var data = Data()

  init(handle: FileHandle) { self.handle = handle }

  func start() {
    Thread {
      self.data = self.handle.readDataToEndOfFile()
      self.done.signal()
    }.start()
  }

  func finish() -> Data {
    done.wait()
    return data
  }
}
