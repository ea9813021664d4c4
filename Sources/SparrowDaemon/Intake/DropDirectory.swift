import CLinux
public import Foundation
public import SparrowCore

#if canImport(Glibc)
import Glibc
#endif

// MARK: - DropDirectory

/// The spool: `incoming/` (pipelines rename finished files in), `processing/`, `processed/DATE/`, `quarantine/`.
///
/// A file is claimed by renaming it into `processing/`, then opened without following links, checked on its
/// descriptor (regular file, one link, size under the cap) and read once from that descriptor. Nothing outside
/// the spool is ever opened, and a FIFO is never read.
public struct DropDirectory: Sendable {
  /// The spool root.
  public let root: String

  public var incoming: String { root + "/incoming" }
  public var processing: String { root + "/processing" }
  public var processed: String { root + "/processed" }
  public var quarantine: String { root + "/quarantine" }

  /// A spool at `root`.
  public init(root: String) {
    self.root = root
  }

  /// The modes a directory of the spool is made with, whatever the umask (as `Deploy/sparrow.tmpfiles` sets
  /// them): patient data is readable by the daemon's user alone; pipelines may only add to `incoming/`.
  static let modes: [(subdirectory: String, mode: mode_t)] = [
    ("", 0o750), ("/incoming", 0o3730), ("/processing", 0o700), ("/processed", 0o700), ("/quarantine", 0o700),
  ]

  /// Creates the spool's directories that are missing, each with its mode whatever the umask; existing ones
  /// are left as the administrator made them.
  public func prepare() throws {
    try FileManager.default.createDirectory(
      atPath: (root as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    for (subdirectory, mode) in Self.modes {
      let path = root + subdirectory
      if mkdir(path, 0o700) == 0 {
        guard chmod(path, mode) == 0 else {
          throw SpoolError(message: "cannot set the mode of \(path): \(Self.text(errno))", code: errno)
        }
      } else if errno != EEXIST {
        throw SpoolError(message: "cannot create \(path): \(Self.text(errno))", code: errno)
      }
    }
  }

  /// Whether a name in `incoming/` is a finished file: not hidden, not a `.tmp` or `.part` temporary.
  public static func isCandidate(_ name: String) -> Bool {
    !name.hasPrefix(".") && !name.hasSuffix(".tmp") && !name.hasSuffix(".part") && !name.contains("/")
  }

  /// Candidate names in `incoming/`, sorted, at most `limit`. A name that is not valid UTF-8 (which no later
  /// step could name) is moved into `processing/` as `.invalid-name-HEX`, to be quarantined with the reason.
  public func incomingNames(limit: Int = .max) -> [String] {
    listIncoming(limit: limit).names
  }

  /// What one `readdir` pass over `incoming/` found.
  public struct IncomingListing: Sendable {
    /// Candidate names, sorted, at most the limit asked for.
    public var names: [String]
    /// Producers' temporaries: every other entry but `.` and `..` (see `takeAbandoned`).
    public var temporaries: [String]
  }

  /// Candidates and temporaries in `incoming/`, in one `readdir` pass; names that are not valid UTF-8 are moved
  /// into `processing/` as for `incomingNames`.
  public func listIncoming(limit: Int = .max) -> IncomingListing {
    guard let directory = opendir(incoming) else { return IncomingListing(names: [], temporaries: []) }
    var valid: [String] = []
    var temporaries: [String] = []
    var invalid: [[UInt8]] = []
    while let entry = readdir(directory) {
      let bytes = withUnsafeBytes(of: entry.pointee.d_name) { raw in Array(raw.prefix { $0 != 0 }) }
      if let name = String(validating: bytes, as: UTF8.self) {
        if Self.isCandidate(name) {
          valid.append(name)
        } else if name != "." && name != ".." {
          temporaries.append(name)
        }
      } else {
        invalid.append(bytes)
      }
    }
    closedir(directory)
    for bytes in invalid { moveInvalidName(bytes) }
    return IncomingListing(names: Array(valid.sorted().prefix(limit)), temporaries: temporaries)
  }

  /// Moves the `temporaries` that have lain in `incoming/` untouched (neither written to nor renamed) for at least
  /// `seconds` before `now` into `processing/` as `.abandoned-XXXXXXXX-NAME`, to be quarantined with the reason.
  /// A producer that crashed while writing leaves such a file behind, and nothing else would ever take it. The
  /// move never replaces; one still being written keeps a recent time and stays. Directories stay: a producer's
  /// staging directory keeps an old time while a file inside it is written.
  public func takeAbandoned(_ temporaries: [String], untouchedFor seconds: Int, now: Date) -> AbandonedTemporaries {
    let cutoff = Int64(now.timeIntervalSince1970) - Int64(seconds)
    var result = AbandonedTemporaries()
    for name in temporaries {
      var status = stat()
      guard lstat(incoming + "/" + name, &status) == 0, status.st_mode & S_IFMT != S_IFDIR,
        max(Int64(status.st_mtim.tv_sec), Int64(status.st_ctim.tv_sec)) < cutoff
      else { continue }
      var failure: String? = "cannot find a free name in processing"
      for _ in 0..<8 {
        let target = Self.markedName(Self.abandonedMark + Self.randomHex() + "-", name)
        if sparrow_rename_noreplace(incoming + "/" + name, processing + "/" + target) == 0 {
          result.taken.append(target)
          failure = nil
          break
        }
        let code = errno
        guard code == EEXIST else {
          // ENOENT: finished (renamed in) or removed by its producer meanwhile, nothing to take.
          failure = code == ENOENT ? nil : "cannot move into processing: \(Self.text(code))"
          break
        }
      }
      if let failure { result.failures[name] = "abandoned temporary \(name): \(failure)" }
    }
    return result
  }

  /// What `takeAbandoned` did: the names taken into `processing/`, and why others could not be.
  public struct AbandonedTemporaries: Sendable, Equatable {
    /// Their names in `processing/`.
    public var taken: [String] = []
    /// What failed, one line each (no patient data: names and errors), by the temporary's name in `incoming/`.
    public var failures: [String: String] = [:]

    /// Nothing taken, nothing failed.
    public init() {}
  }

  /// `mark` before `name`, shortened to fit a file name by cutting the middle of `name` (marked `~`), so that its
  /// end (`.tmp`, `.part`) is kept.
  static func markedName(_ mark: String, _ name: String) -> String {
    let whole = mark + name
    guard whole.utf8.count > 255 else { return whole }
    var end = ""
    for character in name.reversed() {
      guard end.utf8.count + String(character).utf8.count <= 32 else { break }
      end.insert(character, at: end.startIndex)
    }
    return fitted(mark + name, suffix: "~" + end)
  }

  /// What marks a producer's temporary taken from `incoming/` once abandoned: `.abandoned-XXXXXXXX-NAME`.
  static let abandonedMark = ".abandoned-"
  /// What an abandoned temporary whose name starts with a dot is kept as in `quarantine/`, before its name: a
  /// dot name there would be hidden, and could be taken for a reason being written.
  static let abandonedVisiblePrefix = "unfinished"

  /// What marks a file whose name was not valid UTF-8; the rest of its name is the original bytes in hex. It
  /// starts with a dot, so no name a pipeline drops can look like it.
  static let invalidNameMark = ".invalid-name-"

  /// Moves an entry of `incoming/` whose name (`bytes`) is not valid UTF-8 into `processing/`, never replacing.
  private func moveInvalidName(_ bytes: [UInt8]) {
    let hex = bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    var target = Self.fitted(Self.invalidNameMark + hex, suffix: "")
    let source = Array((incoming + "/").utf8) + bytes + [0]
    for _ in 0..<8 {
      let result = source.withUnsafeBufferPointer { pointer in
        pointer.withMemoryRebound(to: CChar.self) { name in
          sparrow_rename_noreplace(name.baseAddress, processing + "/" + target)
        }
      }
      // Two long names can shorten to one target: the second takes a random suffix.
      guard result != 0 && errno == EEXIST else { return }
      target = Self.fitted(Self.invalidNameMark + hex, suffix: "-" + Self.randomHex())
    }
  }

  /// Names left in `processing/` (by a crash), sorted.
  public func processingNames() -> [String] {
    names(in: processing, limit: .max)
  }

  private func names(in directory: String, limit: Int) -> [String] {
    guard let entries = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return [] }
    return Array(entries.sorted().prefix(limit))
  }

  // MARK: - Claiming

  /// What a file looked like when it was read. A change in any part after that means its content may differ from
  /// what was decided (a producer still writing after the rename).
  public struct FileStamp: Sendable, Equatable {
    var device: UInt64
    var inode: UInt64
    var size: Int64
    var modified: Int64
    var modifiedNanoseconds: Int
    var changed: Int64
    var changedNanoseconds: Int
    /// When the file was made (`SECONDS.NANOSECONDS`), where the filesystem keeps it.
    var birth: String?

    /// The file itself, for as long as it exists: inode and birth time. Nil where the filesystem keeps no birth
    /// time, for an inode number alone is reused once its file is removed. (The device number is left out: a
    /// spool is one filesystem, and some filesystems number their device anew at each mount.)
    public var identity: String? { birth.map { "\(inode):\($0)" } }

    /// Which arrival of a file this is, `INODE:BIRTH:CHANGE` (`BIRTH` is `-` where it is not kept): the file and the
    /// change time its claim (the rename into `processing/`) gave it. Read again after a crash it is the same; the
    /// same file sent again is claimed again, with a new change time.
    public var claim: String { "\(inode):\(birth ?? "-"):\(FileStamp.time(changed, changedNanoseconds))" }

    /// When the file was last written to, if that was its last change (its change time is its modification time;
    /// a rename, the claim among them, moves the change time alone): `SECONDS.NANOSECONDS`, else nil.
    public var lastWrite: String? {
      modified == changed && modifiedNanoseconds == changedNanoseconds
        ? FileStamp.time(modified, modifiedNanoseconds) : nil
    }

    /// The bounds of the claims of the file of `claim` (its every arrival): from `IDENTITY:` up to `IDENTITY;`, for
    /// a range search. Nil where the claim has no birth time.
    static func identityRange(ofClaim claim: String) -> (lower: String, upper: String)? {
      let parts = claim.split(separator: ":", omittingEmptySubsequences: false)
      guard parts.count == 3, parts[1] != "-" else { return nil }
      let identity = parts[0..<2].joined(separator: ":")
      return (identity + ":", identity + ";")
    }

    /// The change time in `claim`, as seconds and nanoseconds (for ordering), or nil if it is not one.
    static func changeTime(ofClaim claim: String) -> (seconds: Int64, nanoseconds: Int)? {
      guard let change = claim.split(separator: ":").last else { return nil }
      return timeValue(change)
    }

    /// `SECONDS.NANOSECONDS` read back, or nil.
    static func timeValue(_ text: some StringProtocol) -> (seconds: Int64, nanoseconds: Int)? {
      let parts = text.split(separator: ".")
      guard parts.count == 2, let seconds = Int64(parts[0]), let nanoseconds = Int(parts[1]) else { return nil }
      return (seconds, nanoseconds)
    }

    /// `SECONDS.NANOSECONDS`, the nanoseconds in nine digits.
    static func time(_ seconds: Int64, _ nanoseconds: Int) -> String {
      let digits = String(nanoseconds)
      return "\(seconds)." + String(repeating: "0", count: max(0, 9 - digits.count)) + digits
    }

    /// The birth time of the open file `descriptor`, or of `path` (a link itself, not followed), where kept.
    static func birth(descriptor: Int32 = AT_FDCWD, path: String = "") -> String? {
      var seconds: Int64 = 0
      var nanoseconds: UInt32 = 0
      let flags = path.isEmpty ? Int32(AT_EMPTY_PATH) : 0
      guard sparrow_birth_time(descriptor, path, flags, &seconds, &nanoseconds) == 1 else { return nil }
      return time(seconds, Int(nanoseconds))
    }

    /// Whether `status` still shows the file as stamped. The birth time, fixed for a file's life, is not read again.
    func matches(_ status: stat) -> Bool { FileStamp(status, birth: birth) == self }

    init(_ status: stat, birth: String?) {
      self.birth = birth
      device = UInt64(status.st_dev)
      inode = UInt64(status.st_ino)
      size = Int64(status.st_size)
      modified = Int64(status.st_mtim.tv_sec)
      modifiedNanoseconds = Int(status.st_mtim.tv_nsec)
      changed = Int64(status.st_ctim.tv_sec)
      changedNanoseconds = Int(status.st_ctim.tv_nsec)
    }
  }

  /// What claiming a name gave.
  public enum Claim: Sendable, Equatable {
    /// The name was no longer there (taken or removed between event and claim).
    case gone
    /// The bytes of a regular, single-link file under the cap, now in `processing/`, and its stamp as read.
    case read(name: String, bytes: [UInt8], stamp: FileStamp)
    /// Not acceptable; the entry is in `processing/` and goes to quarantine with this reason.
    case rejected(name: String, reason: String)
    /// The rename itself failed for another reason (left where it is, retried later).
    case failed(name: String, reason: String)
  }

  /// Moves `name` from `incoming/` to `processing/` and reads it safely. The move never replaces: if a file of
  /// the same name is still in `processing/`, this one is claimed as `.dup-XXXXXXXX-NAME` (the original name is
  /// recovered from it by `originalName(of:)`), so neither is lost.
  public func claim(_ name: String, maxBytes: Int) -> Claim {
    var target = name
    for _ in 0..<8 {
      if sparrow_rename_noreplace(incoming + "/" + name, processing + "/" + target) == 0 {
        return readProcessing(target, maxBytes: maxBytes)
      }
      let code = errno
      if code == ENOENT { return .gone }
      guard code == EEXIST else {
        return .failed(name: name, reason: "cannot move into processing: \(Self.text(code))")
      }
      target = Self.fitted(Self.duplicateMark + Self.randomHex() + "-" + name, suffix: "")
    }
    return .failed(name: name, reason: "cannot find a free name in processing")
  }

  /// What marks a second file claimed under a name already in `processing/`: `.dup-XXXXXXXX-NAME`. It starts with
  /// a dot, so no name a pipeline drops can look like it.
  static let duplicateMark = ".dup-"

  /// The name a file arrived under, from its name in `processing/`; for an abandoned temporary whose name starts
  /// with a dot, that name after `unfinished` (the name it is recorded and quarantined under).
  public static func originalName(of processingName: String) -> String {
    if let name = unmarked(processingName, mark: duplicateMark) { return name }
    if let name = unmarked(processingName, mark: abandonedMark) {
      return name.hasPrefix(".") ? abandonedVisiblePrefix + name : name
    }
    return processingName
  }

  /// NAME from `MARKXXXXXXXX-NAME` (eight hex digits), or nil if `processingName` does not have that form.
  private static func unmarked(_ processingName: String, mark: String) -> String? {
    let marked = processingName.utf8
    guard processingName.hasPrefix(mark), marked.count > mark.utf8.count + 9 else { return nil }
    let hex = marked.dropFirst(mark.utf8.count).prefix(8)
    let dash = marked.dropFirst(mark.utf8.count + 8).first
    guard hex.allSatisfy({ (48...57).contains($0) || (97...102).contains($0) }), dash == UInt8(ascii: "-") else {
      return nil
    }
    return String(decoding: marked.dropFirst(mark.utf8.count + 9), as: UTF8.self)
  }

  /// `name` with `suffix`, the name shortened (at a character boundary) so the whole fits in a file name
  /// (NAME_MAX, 255 bytes).
  static func fitted(_ name: String, suffix: String) -> String {
    let room = 255 - suffix.utf8.count
    var kept = ""
    for character in name {
      guard kept.utf8.count + String(character).utf8.count <= room else { break }
      kept.append(character)
    }
    return kept + suffix
  }

  private static func randomHex() -> String {
    let value = UInt32.random(in: 0...UInt32.max)
    let hex = String(value, radix: 16)
    return String(repeating: "0", count: 8 - hex.count) + hex
  }

  /// Reads a file already in `processing/` (after a claim, or left by a crash).
  public func readProcessing(_ name: String, maxBytes: Int) -> Claim {
    if let temporary = Self.unmarked(name, mark: Self.abandonedMark) {
      return .rejected(
        name: name,
        reason:
          "\(temporary) is a producer's temporary (a name starting with a dot or ending in .tmp or .part) that lay "
          + "untouched in incoming/ past the grace period (abandonedTemporarySeconds): it was never finished and was "
          + "not decided; a pipeline that stopped while writing it may need to send the file again")
    }
    if name.hasPrefix(Self.invalidNameMark) {
      return .rejected(
        name: name,
        reason:
          "the file name was not valid UTF-8 (bytes \(name.dropFirst(Self.invalidNameMark.count))); renamed to \(name)")
    }
    let path = processing + "/" + name
    // The type is checked before the open, so a device node or FIFO is never opened at all (opening a device can
    // have effects of its own); the descriptor is checked again below, against a swap in between.
    var linkStatus = stat()
    if lstat(path, &linkStatus) == 0 {
      let type = linkStatus.st_mode & S_IFMT
      if type == S_IFLNK { return .rejected(name: name, reason: "symbolic link") }
      if type != S_IFREG { return .rejected(name: name, reason: "\(Self.kind(type)), not a regular file") }
    }
    let descriptor = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY)
    guard descriptor >= 0 else {
      let code = errno
      if code == ENOENT { return .gone }
      return .rejected(name: name, reason: code == ELOOP ? "symbolic link" : "cannot open: \(Self.text(code))")
    }
    defer { close(descriptor) }
    var status = stat()
    guard fstat(descriptor, &status) == 0 else {
      return .rejected(name: name, reason: "cannot stat: \(Self.text(errno))")
    }
    let type = status.st_mode & S_IFMT
    guard type == S_IFREG else { return .rejected(name: name, reason: "\(Self.kind(type)), not a regular file") }
    guard status.st_nlink == 1 else {
      return .rejected(name: name, reason: "has \(status.st_nlink) hard links; a dropped file must have exactly one")
    }
    guard Int(status.st_size) <= maxBytes else {
      return .rejected(name: name, reason: "file is \(status.st_size) bytes; the limit is \(maxBytes) bytes")
    }
    let stamp = FileStamp(status, birth: FileStamp.birth(descriptor: descriptor))
    // Read straight into the array, one byte past the stated size: a file that grows while it is read fills that
    // byte, and the stamp check below quarantines it.
    var readError: Int32 = 0
    let bytes = [UInt8](unsafeUninitializedCapacity: Int(status.st_size) + 1) { buffer, initialized in
      var filled = 0
      defer { initialized = filled }
      guard let start = buffer.baseAddress else { return }
      while filled < buffer.count {
        let count = read(descriptor, start + filled, buffer.count - filled)
        if count < 0 && errno == EINTR { continue }
        if count < 0 { readError = errno }
        if count <= 0 { break }
        filled += count
      }
    }
    if readError != 0 { return .rejected(name: name, reason: "cannot read: \(Self.text(readError))") }
    guard bytes.count <= maxBytes else {
      return .rejected(name: name, reason: "file grew past the limit of \(maxBytes) bytes while being read")
    }
    var after = stat()
    guard fstat(descriptor, &after) == 0, stamp.matches(after), bytes.count == Int(after.st_size) else {
      return .rejected(name: name, reason: Self.changedWhileRead)
    }
    return .read(name: name, bytes: bytes, stamp: stamp)
  }

  /// Why a file written to after it was moved into `incoming/` is quarantined.
  static let changedWhileRead =
    "the file changed while it was being read; a pipeline must finish writing a file before it moves it into incoming/"

  /// The stamp of `name` in `processing/` now, or nil if it cannot be read.
  public func stamp(of name: String) -> FileStamp? {
    let path = processing + "/" + name
    var status = stat()
    guard lstat(path, &status) == 0 else { return nil }
    return FileStamp(status, birth: FileStamp.birth(path: path))
  }

  /// Whether an entry named `name` is in `incoming/` or `processing/` (one or two `lstat`s).
  func holds(_ name: String) -> Bool {
    var status = stat()
    return lstat(incoming + "/" + name, &status) == 0 || lstat(processing + "/" + name, &status) == 0
  }

  /// Whether `name` in `processing/` changed since it was stamped (false if it cannot be read now): one `lstat`.
  func hasChanged(_ name: String, since stamp: FileStamp) -> Bool {
    var status = stat()
    guard lstat(processing + "/" + name, &status) == 0 else { return false }
    return !stamp.matches(status)
  }

  /// What a file type is, for a rejection.
  private static func kind(_ type: mode_t) -> String {
    switch type {
    case S_IFDIR: "a directory"
    case S_IFIFO: "a FIFO"
    case S_IFSOCK: "a socket"
    case S_IFCHR, S_IFBLK: "a device"
    default: "not a regular file"
    }
  }

  // MARK: - Finishing

  /// Moves a decided file from `processing/` to `processed/DATE/`; the day's directory is made on first use.
  public func finish(_ name: String, on date: CalendarDate) throws {
    let directory = processed + "/" + date.description
    let original = Self.originalName(of: name)
    do {
      try move(processing + "/" + name, into: directory, name: original)
    } catch let error as SpoolError where error.code == ENOENT && access(processing + "/" + name, F_OK) == 0 {
      guard mkdir(directory, 0o700) == 0 || errno == EEXIST else {
        let code = errno
        throw SpoolError(message: "cannot create \(directory): \(Self.text(code))", code: code)
      }
      try move(processing + "/" + name, into: directory, name: original)
    }
  }

  /// Moves an entry from `processing/` to `quarantine/` with `NAME.reason.json` beside it. The reason is written
  /// first: if the filesystem is full, the entry stays in `processing/` and is retried, never left without a reason.
  public func quarantine(_ name: String, reason: QuarantineReason) throws {
    let json = reason.json(file: Self.originalName(of: name))
    let temporary = newReasonTemporary()
    do {
      try Data(JSONWriter.prettyString(json).utf8).write(to: URL(fileURLWithPath: temporary))
    } catch {
      try? FileManager.default.removeItem(atPath: temporary)
      throw SpoolError(message: "cannot write the quarantine reason for \(name): \(error)")
    }
    let finalName: String
    do {
      // A data file never takes a name ending in `.reason.json`: the reason of another file could take it.
      finalName = try move(
        processing + "/" + name, into: quarantine, name: Self.originalName(of: name), avoiding: Self.isReasonName)
    } catch {
      try? FileManager.default.removeItem(atPath: temporary)
      throw error
    }
    let reasonPath = quarantine + "/" + Self.reasonName(for: finalName)
    guard rename(temporary, reasonPath) == 0 else {
      throw SpoolError(message: "cannot write \(reasonPath): \(Self.text(errno))")
    }
  }

  /// At start, finishes what a crash inside a quarantine left: stray `.reason-*.tmp` files are removed, and a
  /// file in `quarantine/` without its reason gets one, from `recorded` (the database's row for its name) or
  /// saying it was lost. Returns how many reasons it wrote.
  @discardableResult
  public func reconcileQuarantine(time: String, recorded: (String) -> QuarantineReason?) -> Int {
    guard let entries = try? FileManager.default.contentsOfDirectory(atPath: quarantine) else { return 0 }
    let present = Set(entries)
    for entry in entries where Self.isReasonTemporary(entry) {
      unlink(quarantine + "/" + entry)
    }
    var written = 0
    // Data files: everything but reasons and temporaries (a name that was not UTF-8 is kept under a dot name).
    let isData = { (entry: String) in
      !Self.isReasonName(entry) && (!entry.hasPrefix(".") || entry.hasPrefix(Self.invalidNameMark))
    }
    for entry in entries where isData(entry) {
      guard !present.contains(Self.reasonName(for: entry)) else { continue }
      let original = Self.numberedOriginal(entry, among: present)
      let reason =
        recorded(original)
        ?? QuarantineReason(
          error: "quarantined before a crash; the reason was not recorded", path: nil, time: time, sha256: nil)
      if (try? writeReason(reason, file: original, as: Self.reasonName(for: entry))) != nil { written += 1 }
    }
    return written
  }

  /// The name a quarantined entry arrived under: `a.json.1` is `a.json` when `a.json` is there too.
  static func numberedOriginal(_ entry: String, among present: Set<String>) -> String {
    guard let dot = entry.lastIndex(of: "."), entry[entry.index(after: dot)...].allSatisfy(\.isNumber),
      entry.index(after: dot) != entry.endIndex
    else { return entry }
    let base = String(entry[..<dot])
    // A file named like a reason is always numbered (`a.json.reason.json.1`), whether or not `a.json` came too.
    return present.contains(base) || isReasonName(base) ? base : entry
  }

  /// Writes a reason file atomically (a temporary, then a rename).
  private func writeReason(_ reason: QuarantineReason, file: String, as reasonName: String) throws {
    let temporary = newReasonTemporary()
    try Data(JSONWriter.prettyString(reason.json(file: file)).utf8).write(to: URL(fileURLWithPath: temporary))
    guard rename(temporary, quarantine + "/" + reasonName) == 0 else {
      let code = errno
      unlink(temporary)
      throw SpoolError(message: "cannot write \(reasonName): \(Self.text(code))", code: code)
    }
  }

  /// The reason file's name for a quarantined `name`: `NAME.reason.json`, or for a name too long to take the
  /// suffix, the name shortened with a hash of the whole (the reason's `file` field gives the full name).
  public static func reasonName(for name: String) -> String {
    let suffix = reasonSuffix
    if name.utf8.count + suffix.utf8.count <= 255 { return name + suffix }
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in name.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
    return fitted(name, suffix: "~" + String(hash, radix: 16) + suffix)
  }

  /// Renames `source` into `directory`, adding a numeric suffix if the name is taken (or `avoiding` refuses it);
  /// returns the name used. Never replaces an entry: `RENAME_NOREPLACE` makes the check and the move one atomic
  /// step.
  @discardableResult
  private func move(
    _ source: String, into directory: String, name: String, avoiding: (String) -> Bool = { _ in false }
  ) throws -> String {
    var candidate = name
    var counter = 1
    while true {
      if !avoiding(candidate) {
        if sparrow_rename_noreplace(source, directory + "/" + candidate) == 0 { return candidate }
        let code = errno
        guard code == EEXIST else {
          throw SpoolError(message: "cannot move \(source) to \(directory): \(Self.text(code))", code: code)
        }
      }
      candidate = Self.fitted(name, suffix: ".\(counter)")
      counter += 1
    }
  }

  /// Whether an entry of `quarantine/` is a reason file (`NAME.reason.json`), which no data file is named as.
  static func isReasonName(_ entry: String) -> Bool { entry.hasSuffix(reasonSuffix) }
  private static let reasonSuffix = ".reason.json"

  /// A new path for a reason being written, in `quarantine/` (renamed into place once complete).
  private func newReasonTemporary() -> String {
    quarantine + "/" + Self.reasonTemporaryPrefix + UUID().uuidString + Self.reasonTemporarySuffix
  }
  /// Whether an entry of `quarantine/` is a reason left half-written (by a crash), to be removed at start.
  static func isReasonTemporary(_ entry: String) -> Bool {
    entry.hasPrefix(reasonTemporaryPrefix) && entry.hasSuffix(reasonTemporarySuffix)
  }
  private static let reasonTemporaryPrefix = ".reason-"
  private static let reasonTemporarySuffix = ".tmp"

  /// Removes `processed/DATE/` directories more than `days` days before `today`.
  public func prune(olderThan days: Int, today: CalendarDate) -> Int {
    guard days > 0, let entries = try? FileManager.default.contentsOfDirectory(atPath: processed) else { return 0 }
    let cutoff = today.adding(days: -days)
    var removed = 0
    for entry in entries {
      guard let date = CalendarDate(parsing: entry), date < cutoff else { continue }
      if (try? FileManager.default.removeItem(atPath: processed + "/" + entry)) != nil { removed += 1 }
    }
    return removed
  }

  static func text(_ code: Int32) -> String { String(cString: strerror(code)) }
}

// MARK: - QuarantineReason

/// Why a file was quarantined: written to `NAME.reason.json`.
public struct QuarantineReason: Sendable, Equatable {
  /// What is wrong.
  public var error: String
  /// The JSON path of the problem, for data errors.
  public var path: String?
  /// When (ISO 8601 UTC).
  public var time: String
  /// SHA-256 of the content, when it was read.
  public var sha256: String?

  /// A reason from its parts.
  public init(error: String, path: String?, time: String, sha256: String?) {
    self.error = error
    self.path = path
    self.time = time
    self.sha256 = sha256
  }

  /// The reason file's JSON for the file named `file`.
  func json(file: String) -> JSONValue {
    .object(
      JSONObject([
        ("file", .string(file)), ("error", .string(error)), ("path", path.map(JSONValue.string) ?? .null),
        ("time", .string(time)), ("sha256", sha256.map(JSONValue.string) ?? .null),
      ]))
  }
}

// MARK: - SpoolError

/// A spool operation that failed.
public struct SpoolError: Error, CustomStringConvertible {
  public let message: String
  /// The `errno` behind it, when a system call failed.
  public let code: Int32?
  public var description: String { message }

  /// An error with its message and, for a failed system call, its `errno`.
  public init(message: String, code: Int32? = nil) {
    self.message = message
    self.code = code
  }
}
