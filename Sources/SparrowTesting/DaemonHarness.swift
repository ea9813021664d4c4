public import Foundation

#if canImport(Glibc)
import Glibc
#endif

// MARK: - DaemonHarness

/// Runs `sparrow run` as a real process on a private spool, database, policy copy and socket.
public final class DaemonHarness: @unchecked Sendable {
  /// The private directory everything lives in.
  public let directory: TemporaryDirectory
  public var spool: String { directory.url.path + "/spool" }
  public var database: String { directory.url.path + "/sparrow.sqlite" }
  public var policies: String { directory.url.path + "/policies" }
  public var socket: String { directory.url.path + "/control.sock" }
  public var configPath: String { directory.url.path + "/sparrow.yaml" }
  public var logPath: String { directory.url.path + "/daemon.log" }
  private var process: Process?
  private var dropCounter = 0
  private let lock = NSLock()

  /// A harness with a copy of the default policy set; `extraConfig` lines are appended to the configuration.
  public init(extraConfig: String = "", rescanSeconds: Int = 1) throws {
    directory = try TemporaryDirectory()
    try FileManager.default.copyItem(
      atPath: Fixtures.repositoryRoot.appendingPathComponent("Policies").path, toPath: policies)
    let config = """
      spool: \(spool)
      database: \(database)
      policies: \(policies)
      socket: \(socket)
      reviewGroup: users
      rescanSeconds: \(rescanSeconds)
      \(extraConfig)
      """
    try config.write(toFile: configPath, atomically: true, encoding: .utf8)
    _ = FileManager.default.createFile(atPath: logPath, contents: nil)
  }

  deinit {
    if let process, process.isRunning { kill(process.processIdentifier, SIGKILL) }
  }

  /// Starts the daemon, with `environment` added to the test's own, and waits until it answers on its socket.
  public func start(environment: [String: String] = [:]) throws {
    let process = Process()
    process.executableURL = SparrowProcess.binary
    process.arguments = ["run", "--config", configPath]
    if !environment.isEmpty {
      process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    }
    let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
    log.seekToEndOfFile()
    process.standardOutput = log
    process.standardError = log
    try process.run()
    lock.withLock { self.process = process }
    try waitUntil(timeout: 20) { [self] in
      (try? SparrowProcess.run(["status", "--socket", socket]).status) == 0
    }
  }

  /// Sends `signal` to the daemon.
  public func signal(_ signal: Int32) {
    if let process = lock.withLock({ self.process }) { kill(process.processIdentifier, signal) }
  }

  /// SIGKILLs the daemon and waits for it to die.
  public func crash() {
    guard let process = lock.withLock({ self.process }) else { return }
    kill(process.processIdentifier, SIGKILL)
    process.waitUntilExit()
  }

  /// Sends SIGTERM and waits up to `timeout` seconds; returns the exit status, or nil if it did not exit.
  public func stop(timeout: TimeInterval = 15) -> Int32? {
    guard let process = lock.withLock({ self.process }) else { return nil }
    kill(process.processIdentifier, SIGTERM)
    let deadline = Date().addingTimeInterval(timeout)
    while process.isRunning && Date() < deadline { usleep(20_000) }
    guard !process.isRunning else { return nil }
    return process.terminationStatus
  }

  /// Drops `contents` as a pipeline does: write a temporary name, then rename into `incoming/`.
  public func drop(_ contents: String, as name: String) throws {
    let counter = lock.withLock { () -> Int in
      dropCounter += 1
      return dropCounter
    }
    let temporary = spool + "/incoming/.drop-\(counter).tmp"
    try contents.write(toFile: temporary, atomically: false, encoding: .utf8)
    guard rename(temporary, spool + "/incoming/" + name) == 0 else {
      throw CocoaError(.fileWriteUnknown)
    }
  }

  /// Names of entries in a spool subdirectory (`processed` counts files in every date directory).
  public func entries(_ subdirectory: String) -> [String] {
    let path = spool + "/" + subdirectory
    let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
    guard subdirectory == "processed" else { return names.sorted() }
    return names.flatMap { date in
      ((try? FileManager.default.contentsOfDirectory(atPath: path + "/" + date)) ?? []).map { date + "/" + $0 }
    }.sorted()
  }

  /// The daemon's log so far.
  public var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

  /// A synthetic record, distinct for each `index`.
  public static func record(_ index: Int) -> String {
    #"{"schemaVersion": 1, "comment": "synthetic", "patient": {"id": "SYN-D\#(index)", "age": 50}, "source": {"pipeline": "daemon-test", "generatedAt": "2026-11-20T00:00:00Z"}, "medications": [{"name": "oxycodone (synthetic)", "ingredient": "oxycodone", "route": "oral", "dose": {"value": \#(5 + index % 30), "unit": "mg"}, "frequency": {"timesPerDay": 2}, "start": "2026-10-01", "status": "active"}]}"#
  }
}

/// Polls `condition` every 50 ms until it holds or `timeout` seconds pass.
public func waitUntil(timeout: TimeInterval, _ condition: () throws -> Bool) throws {
  let deadline = Date().addingTimeInterval(timeout)
  while Date() < deadline {
    if try condition() { return }
    usleep(50_000)
  }
  struct Timeout: Error {}
  throw Timeout()
}
