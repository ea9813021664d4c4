import CSystemd
import Foundation
public import Logging
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

// MARK: - JournalLogHandler

/// A swift-log backend that writes native journal entries with `sd_journal_sendv`.
///
/// Fields: `MESSAGE`, `PRIORITY`, `CODE_FILE`, `CODE_LINE`, `CODE_FUNC`, `SYSLOG_IDENTIFIER`, a `MESSAGE_ID` for
/// each `JournalEvent`, and every metadata key as an upper-case `SPARROW_*` field (`decision.id` →
/// `SPARROW_DECISION_ID`: journald drops lower-case field names). When the journal cannot take an entry (no
/// socket), the entry goes to standard error instead; a decision never waits on or fails because of logging.
public struct JournalLogHandler: LogHandler {
  public var metadata: Logger.Metadata = [:]
  public var metadataProvider: Logger.MetadataProvider?
  public var logLevel: Logger.Level = .info
  private let label: String

  /// A handler for `label`.
  public init(label: String) {
    self.label = label
  }

  public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
    get { metadata[key] }
    set { metadata[key] = newValue }
  }

  /// Whether the process runs under journald (systemd sets `$JOURNAL_STREAM` for a unit's output).
  public static var isUnderJournald: Bool { ProcessInfo.processInfo.environment["JOURNAL_STREAM"] != nil }

  public func log(event: LogEvent) {
    var fields = metadata
    if let provided = metadataProvider?.get() { fields.merge(provided) { _, new in new } }
    if let extra = event.metadata { fields.merge(extra) { _, new in new } }
    let message = "\(event.message)"
    var entries = [
      "MESSAGE=\(message)", "PRIORITY=\(Self.priority(event.level))", "CODE_FILE=\(event.file)",
      "CODE_LINE=\(event.line)", "CODE_FUNC=\(event.function)", "SYSLOG_IDENTIFIER=sparrow",
    ]
    if let known = JournalEvent(rawValue: message) { entries.append("MESSAGE_ID=\(known.messageID)") }
    for (key, value) in fields.sorted(by: { $0.key < $1.key }) {
      entries.append("\(Self.fieldNames.name(for: key))=\(value)")
    }
    if !Self.send(entries) {
      let data = fields.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
      FileHandle.standardError.write(Data("\(event.level) \(label): \(message) \(data)\n".utf8))
    }
  }

  /// Field names, each worked out once per key (entries are written per advisory).
  private static let fieldNames = FieldNames()

  /// `decision.id` → `SPARROW_DECISION_ID`: upper case, every other character an underscore.
  public static func fieldName(_ key: String) -> String {
    "SPARROW_" + String(key.uppercased().map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "_" })
  }

  /// syslog priorities: critical 2, error 3, warning 4, notice 5, info 6, debug and trace 7.
  static func priority(_ level: Logger.Level) -> Int {
    switch level {
    case .critical: 2
    case .error: 3
    case .warning: 4
    case .notice: 5
    case .info: 6
    case .debug, .trace: 7
    }
  }

  /// The journal's native socket.
  static let socketPath = "/run/systemd/journal/socket"

  /// Whether the socket was there at the last look, and when that was (checked at most once a second: a path
  /// lookup per entry cost more than the entry itself).
  private static let socketCheck = SocketCheck()

  /// Sends one entry; false if the journal did not take it. libsystemd returns success when the journal socket
  /// does not exist (it drops the entry silently), so the socket is checked first.
  static func send(_ entries: [String]) -> Bool {
    guard socketCheck.isPresent(socketPath) else { return false }
    // One contiguous buffer, so every iovec points into memory that stays valid for the whole call.
    var buffer: [UInt8] = []
    var ranges: [Range<Int>] = []
    for entry in entries {
      let start = buffer.count
      buffer.append(contentsOf: entry.utf8)
      ranges.append(start..<buffer.count)
    }
    return buffer.withUnsafeMutableBytes { bytes in
      guard let base = bytes.baseAddress else { return false }
      var vectors = ranges.map { iovec(iov_base: base + $0.lowerBound, iov_len: $0.count) }
      return sd_journal_sendv(&vectors, Int32(vectors.count)) >= 0
    }
  }
}

// MARK: - FieldNames

/// `JournalLogHandler.fieldName` of each metadata key, remembered (the keys come from code: a few dozen).
private final class FieldNames: Sendable {
  private let names = Mutex<[String: String]>([:])

  func name(for key: String) -> String {
    if let known = names.withLock({ $0[key] }) { return known }
    let name = JournalLogHandler.fieldName(key)
    names.withLock { $0[key] = name }
    return name
  }
}

// MARK: - SocketCheck

/// A socket's presence, looked up again once its last answer is a second old.
private final class SocketCheck: Sendable {
  private let last = Mutex<(present: Bool, checkedAt: Double)>((false, -Double.infinity))

  func isPresent(_ path: String) -> Bool {
    let seconds = Double(DispatchTime.now().uptimeNanoseconds) / 1e9
    return last.withLock { last in
      if seconds - last.checkedAt >= 1 {
        last = (access(path, W_OK) == 0, seconds)
      }
      return last.present
    }
  }
}
