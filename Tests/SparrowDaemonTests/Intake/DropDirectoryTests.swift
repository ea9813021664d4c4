import Foundation
import SparrowCore
import SparrowDaemon
import SparrowTesting
import Synchronization
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite struct DropDirectoryTests {
  private func spool() throws -> (TemporaryDirectory, DropDirectory) {
    let directory = try TemporaryDirectory()
    let spool = DropDirectory(root: directory.url.path)
    try spool.prepare()
    return (directory, spool)
  }

  private func drop(_ text: String, as name: String, into spool: DropDirectory) throws {
    try Data(text.utf8).write(to: URL(fileURLWithPath: spool.incoming + "/" + name))
  }

  private func contents(_ path: String) throws -> String {
    try String(contentsOfFile: path, encoding: .utf8)
  }

  /// The same name decided twice on one day keeps both files: the second gets a numeric suffix, never replaces.
  @Test func finishNeverReplacesAFileOfTheSameName() throws {
    let (directory, spool) = try spool()
    let day = try #require(CalendarDate(parsing: "2026-11-25"))
    for text in ["first", "second", "third"] {
      try drop(text, as: "a.json", into: spool)
      guard case .read(let name, let bytes, _) = spool.claim("a.json", maxBytes: 100) else {
        Issue.record("not read")
        continue
      }
      #expect(name == "a.json" && bytes == Array(text.utf8))
      try spool.finish("a.json", on: day)
    }
    let processed = spool.processed + "/2026-11-25/"
    #expect(try contents(processed + "a.json") == "first")
    #expect(try contents(processed + "a.json.1") == "second")
    #expect(try contents(processed + "a.json.2") == "third")
    #expect(spool.processingNames().isEmpty)
    _ = directory
  }

  /// A producer that writes to a file after moving it into incoming/ changes it after it was read: its stamp then
  /// differs from the one read, which the intake checks before moving the file to processed/ (and quarantines it).
  @Test func aFileWrittenAfterItWasReadNoLongerMatchesItsStamp() throws {
    let (directory, spool) = try spool()
    try drop("{\"a\": 1}", as: "late.json", into: spool)
    let producer = try FileHandle(forWritingTo: URL(fileURLWithPath: spool.incoming + "/late.json"))
    guard case .read(let name, _, let stamp) = spool.claim("late.json", maxBytes: 100) else {
      Issue.record("not read")
      return
    }
    #expect(spool.stamp(of: name) == stamp, "unchanged since it was read")
    try producer.seekToEnd()
    try producer.write(contentsOf: Data(" ".utf8))  // still open from before the rename
    try producer.close()
    #expect(spool.stamp(of: name) != stamp)
    _ = directory
  }

  /// A name taken by a dangling symbolic link is taken too: the move picks the next suffix.
  @Test func finishTreatsADanglingLinkAsTaken() throws {
    let (directory, spool) = try spool()
    let day = try #require(CalendarDate(parsing: "2026-11-25"))
    let dated = spool.processed + "/2026-11-25"
    try FileManager.default.createDirectory(atPath: dated, withIntermediateDirectories: true)
    try FileManager.default.createSymbolicLink(atPath: dated + "/b.json", withDestinationPath: "/nonexistent")
    try drop("body", as: "b.json", into: spool)
    _ = spool.claim("b.json", maxBytes: 100)
    try spool.finish("b.json", on: day)
    #expect(try contents(dated + "/b.json.1") == "body")
    _ = directory
  }

  /// A file already gone from processing/ is an error, not a silently made directory.
  @Test func finishOfAMissingFileFails() throws {
    let (directory, spool) = try spool()
    let day = try #require(CalendarDate(parsing: "2026-11-25"))
    #expect(throws: SpoolError.self) { try spool.finish("never.json", on: day) }
    #expect(!FileManager.default.fileExists(atPath: spool.processed + "/2026-11-25"))
    _ = directory
  }

  /// A file still in processing/ when another of the same name is claimed: neither is replaced; the second is
  /// claimed under a marked name, and both reach processed/ under the name they arrived with.
  @Test func aClaimNeverReplacesAFileStillInProcessing() throws {
    let (directory, spool) = try spool()
    let day = try #require(CalendarDate(parsing: "2026-11-25"))
    try drop("first", as: "a.json", into: spool)
    _ = spool.claim("a.json", maxBytes: 100)
    try drop("second", as: "a.json", into: spool)
    guard case .read(let second, let bytes, _) = spool.claim("a.json", maxBytes: 100) else {
      Issue.record("second claim not read")
      return
    }
    #expect(bytes == Array("second".utf8))
    #expect(second != "a.json" && DropDirectory.originalName(of: second) == "a.json")
    #expect(try contents(spool.processing + "/a.json") == "first")
    try spool.finish("a.json", on: day)
    try spool.finish(second, on: day)
    let processed = spool.processed + "/2026-11-25/"
    #expect(try contents(processed + "a.json") == "first")
    #expect(try contents(processed + "a.json.1") == "second")
    _ = directory
  }

  /// A 255-byte name (the most a file name may have): quarantined with its reason, twice, and decided twice.
  @Test func aNameOfTheMaximumLengthIsQuarantinedWithItsReasonAndNeverStuck() throws {
    let (directory, spool) = try spool()
    let name = String(repeating: "n", count: 250) + ".json"
    let reason = QuarantineReason(error: "bad", path: "$", time: "2026-11-25T00:00:00Z", sha256: nil)
    var claimed: [String] = []
    for text in ["one", "two"] {
      try drop(text, as: name, into: spool)
      guard case .read(let processingName, _, _) = spool.claim(name, maxBytes: 100) else {
        Issue.record("claim failed")
        return
      }
      claimed.append(processingName)
    }
    for processingName in claimed { try spool.quarantine(processingName, reason: reason) }
    #expect(spool.processingNames().isEmpty)
    let entries = try FileManager.default.contentsOfDirectory(atPath: spool.quarantine)
    #expect(entries.count == 4)
    #expect(entries.filter { $0.hasSuffix(".reason.json") }.count == 2)
    #expect(entries.allSatisfy { $0.utf8.count <= 255 })
    // The second one's recorded name lost its last 14 bytes to the duplicate mark (a name can hold no more).
    let reasons = try entries.filter { $0.hasSuffix(".reason.json") }.map { try contents(spool.quarantine + "/" + $0) }
    #expect(reasons.filter { $0.contains(name) }.count == 1)
    #expect(reasons.allSatisfy { $0.contains(String(name.prefix(241))) })
    _ = directory
  }

  /// A FIFO is rejected by its type before any open: a writer waiting for a reader is never let through.
  @Test func aFIFOIsRejectedWithoutBeingOpened() throws {
    let (directory, spool) = try spool()
    let fifo = spool.processing + "/pipe.json"
    #expect(mkfifo(fifo, 0o600) == 0)
    let opened = Mutex(false)
    let writer = Thread {
      let descriptor = open(fifo, O_WRONLY)  // blocks until someone opens the FIFO to read
      opened.withLock { $0 = true }
      if descriptor >= 0 { close(descriptor) }
    }
    writer.start()
    usleep(50_000)
    #expect(
      spool.readProcessing("pipe.json", maxBytes: 100)
        == .rejected(name: "pipe.json", reason: "a FIFO, not a regular file"))
    usleep(100_000)
    #expect(opened.withLock { $0 } == false)
    // Let the writer go.
    let reader = open(fifo, O_RDONLY | O_NONBLOCK)
    while !opened.withLock({ $0 }) { usleep(1_000) }
    close(reader)
    _ = directory
  }

  /// A name that is not valid UTF-8 leaves incoming/ and is quarantined with a reason naming its bytes.
  @Test func aNameThatIsNotUTF8LeavesIncomingAndIsQuarantined() throws {
    let (directory, spool) = try spool()
    let path = Array((spool.incoming + "/bad-").utf8) + [0xFF, 0xFE] + Array(".json".utf8) + [0]
    let descriptor = path.withUnsafeBufferPointer { pointer in
      pointer.withMemoryRebound(to: CChar.self) { open($0.baseAddress!, O_WRONLY | O_CREAT, 0o600) }
    }
    #expect(descriptor >= 0)
    close(descriptor)
    _ = spool.incomingNames()
    #expect(try FileManager.default.contentsOfDirectory(atPath: spool.incoming).isEmpty)
    let moved = spool.processingNames()
    #expect(moved == [".invalid-name-6261642dfffe2e6a736f6e"])
    guard case .rejected(let name, let reason) = spool.readProcessing(moved[0], maxBytes: 100) else {
      Issue.record("not rejected")
      return
    }
    #expect(reason.hasPrefix("the file name was not valid UTF-8 (bytes 6261642dfffe2e6a736f6e)"))
    try spool.quarantine(name, reason: QuarantineReason(error: reason, path: nil, time: "t", sha256: nil))
    #expect(FileManager.default.fileExists(atPath: spool.quarantine + "/" + name + ".reason.json"))
    _ = directory
  }

  /// A bad file named like another's reason (`a.json.reason.json`) is never replaced by that reason when `a.json`
  /// is quarantined too: a data file never takes a name ending in `.reason.json`.
  @Test func aFileNamedLikeAReasonIsNeverReplacedByOne() throws {
    let (directory, spool) = try spool()
    for (name, text) in [("a.json.reason.json", "first"), ("a.json", "second")] {
      try drop(text, as: name, into: spool)
      guard case .read(let processingName, _, _) = spool.claim(name, maxBytes: 100) else {
        Issue.record("claim failed")
        return
      }
      try spool.quarantine(
        processingName, reason: QuarantineReason(error: "bad \(text)", path: "$", time: "t", sha256: nil))
    }
    let entries = Set(try FileManager.default.contentsOfDirectory(atPath: spool.quarantine))
    #expect(
      entries == ["a.json.reason.json.1", "a.json.reason.json.1.reason.json", "a.json", "a.json.reason.json"])
    #expect(try contents(spool.quarantine + "/a.json.reason.json.1") == "first")
    #expect(try contents(spool.quarantine + "/a.json") == "second")
    #expect(try contents(spool.quarantine + "/a.json.reason.json").contains("bad second"))
    let firstReason = try contents(spool.quarantine + "/a.json.reason.json.1.reason.json")
    #expect(firstReason.contains("bad first") && firstReason.contains(#""a.json.reason.json""#))
    _ = directory
  }

  /// After a crash between the move into quarantine/ and its reason, every data file gets a reason at start,
  /// including one kept under the dot name of a name that was not UTF-8; temporaries are removed.
  @Test func aCrashInsideAQuarantineIsRepairedForEveryKindOfName() throws {
    let (directory, spool) = try spool()
    let names = [".invalid-name-6261642dff", "a.json.reason.json.1", "plain.json"]
    for name in names { try Data("x".utf8).write(to: URL(fileURLWithPath: spool.quarantine + "/" + name)) }
    try Data("partial".utf8).write(to: URL(fileURLWithPath: spool.quarantine + "/.reason-0000.tmp"))
    var asked: [String] = []
    let written = spool.reconcileQuarantine(time: "t") { name in
      asked.append(name)
      return nil
    }
    #expect(written == 3)
    #expect(asked.sorted() == [".invalid-name-6261642dff", "a.json.reason.json", "plain.json"])
    let entries = Set(try FileManager.default.contentsOfDirectory(atPath: spool.quarantine))
    #expect(entries == Set(names + names.map { $0 + ".reason.json" }))
    _ = directory
  }

  /// A producer's temporary abandoned in incoming/ (a crashed producer) leaves it once it has lain untouched past
  /// the grace period, and is quarantined under a visible name with a reason naming it; one written recently stays.
  @Test func anAbandonedTemporaryLeavesIncomingOnlyAfterTheGracePeriod() throws {
    let (directory, spool) = try spool()
    let temporaries = [".orphan.json.tmp", "upload.part", ".reason-1234.tmp"]
    for name in temporaries { try drop("{ half", as: name, into: spool) }
    // A producer's staging directory is the producer's: it stays, whatever its age.
    try FileManager.default.createDirectory(atPath: spool.incoming + "/.staging", withIntermediateDirectories: false)
    let listing = spool.listIncoming()
    #expect(listing.names.isEmpty)
    #expect(Set(listing.temporaries) == Set(temporaries + [".staging"]))
    // Written just now: within an hour's grace, nothing is taken.
    #expect(spool.takeAbandoned(listing.temporaries, untouchedFor: 3_600, now: Date()) == .init())
    #expect(Set(try FileManager.default.contentsOfDirectory(atPath: spool.incoming)) == Set(listing.temporaries))
    // Two hours on, all three files are past it.
    let result = spool.takeAbandoned(listing.temporaries, untouchedFor: 3_600, now: Date().addingTimeInterval(7_200))
    let taken = result.taken
    #expect(taken.count == 3 && result.failures.isEmpty)
    #expect(try FileManager.default.contentsOfDirectory(atPath: spool.incoming) == [".staging"])
    #expect(Set(spool.processingNames()) == Set(taken))
    for name in taken {
      guard case .rejected(_, let reason) = spool.readProcessing(name, maxBytes: 100) else {
        Issue.record("\(name) not rejected")
        continue
      }
      #expect(reason.contains("is a producer's temporary") && reason.contains("was not decided"))
      try spool.quarantine(name, reason: QuarantineReason(error: reason, path: nil, time: "t", sha256: nil))
    }
    // No dot name in quarantine/: it would be hidden, and `.reason-*.tmp` would be removed at start as a reason
    // left half-written.
    let kept = ["unfinished.orphan.json.tmp", "upload.part", "unfinished.reason-1234.tmp"]
    let entries = Set(try FileManager.default.contentsOfDirectory(atPath: spool.quarantine))
    #expect(entries == Set(kept + kept.map { $0 + ".reason.json" }))
    #expect(try contents(spool.quarantine + "/unfinished.orphan.json.tmp") == "{ half")
    #expect(
      try contents(spool.quarantine + "/unfinished.orphan.json.tmp.reason.json").contains(".orphan.json.tmp is a"))
    #expect(spool.reconcileQuarantine(time: "t") { _ in nil } == 0)
    #expect(Set(try FileManager.default.contentsOfDirectory(atPath: spool.quarantine)) == entries)
    _ = directory
  }

  /// A temporary's name too long to take the mark is cut in the middle, so that its end (`.tmp`) stays.
  @Test func aLongAbandonedNameKeepsItsEnd() throws {
    let (directory, spool) = try spool()
    let name = "." + String(repeating: "a", count: 245) + ".json.tmp"
    #expect(name.utf8.count == 255)
    try drop("x", as: name, into: spool)
    let taken = spool.takeAbandoned([name], untouchedFor: 1, now: Date().addingTimeInterval(60)).taken
    #expect(taken.count == 1)
    #expect(taken.first?.utf8.count == 255)
    #expect(taken.first?.hasSuffix("~" + String(repeating: "a", count: 23) + ".json.tmp") == true)
    _ = directory
  }

  /// A claim names one arrival of one file: read again it is the same; claimed again after leaving processing/, or
  /// written to, it differs, while the file's identity (inode, birth time) stays. The claim's rename moves the change
  /// time alone, so a claimed file's last change is not a write; a write after it is.
  @Test(.enabled(if: TemporaryDirectory.keepsBirthTimes, "the temporary directory's filesystem keeps no birth time"))
  func aClaimNamesOneArrivalOfOneFile() throws {
    let (directory, spool) = try spool()
    try drop("{}", as: "a.json", into: spool)
    usleep(20_000)  // a producer's write and the claim's rename in one timestamp tick would share a time
    guard case .read(_, _, let first) = spool.claim("a.json", maxBytes: 100),
      case .read(_, _, let again) = spool.readProcessing("a.json", maxBytes: 100)
    else {
      Issue.record("not read")
      return
    }
    #expect(again.claim == first.claim)
    #expect(first.lastWrite == nil, "the claim renamed it after it was written")
    let identity = try #require(first.identity)
    #expect(first.claim.hasPrefix(identity + ":"))
    usleep(20_000)  // past a coarse timestamp tick
    #expect(rename(spool.processing + "/a.json", spool.incoming + "/a.json") == 0)
    guard case .read(_, _, let second) = spool.claim("a.json", maxBytes: 100) else {
      Issue.record("not claimed again")
      return
    }
    #expect(second.claim != first.claim && second.identity == identity)
    usleep(20_000)
    let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: spool.processing + "/a.json"))
    try handle.seekToEnd()
    try handle.write(contentsOf: Data(" ".utf8))
    try handle.close()
    let written = try #require(spool.stamp(of: "a.json"))
    #expect(written.claim != second.claim && written.identity == identity)
    #expect(written.lastWrite != nil)
    try drop("{}", as: "b.json", into: spool)
    guard case .read(_, _, let other) = spool.claim("b.json", maxBytes: 100) else {
      Issue.record("b.json not claimed")
      return
    }
    #expect(other.identity != identity)
    _ = directory
  }

  /// A claim reads every byte, whatever the size against the read's own sizing (the stated size plus one byte).
  @Test(arguments: [0, 1, 4_095, 65_535, 65_536, 65_537, 300_001])
  func aClaimReadsEveryByteOfAFileOfAnySize(size: Int) throws {
    let (directory, spool) = try spool()
    let bytes = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 8) }
    try Data(bytes).write(to: URL(fileURLWithPath: spool.incoming + "/sized.json"))
    guard case .read(_, let read, _) = spool.claim("sized.json", maxBytes: 1_000_000) else {
      Issue.record("not read")
      return
    }
    #expect(read == bytes)
    _ = directory
  }

  /// A file at the size limit is read; one byte over it is quarantined with the limit in the reason.
  @Test func aClaimHoldsTheSizeLimitToTheByte() throws {
    let (directory, spool) = try spool()
    try Data(repeating: 0x20, count: 100).write(to: URL(fileURLWithPath: spool.incoming + "/at.json"))
    try Data(repeating: 0x20, count: 101).write(to: URL(fileURLWithPath: spool.incoming + "/over.json"))
    guard case .read(_, let read, _) = spool.claim("at.json", maxBytes: 100) else {
      Issue.record("a file at the limit was not read")
      return
    }
    #expect(read.count == 100)
    guard case .rejected(_, let reason) = spool.claim("over.json", maxBytes: 100) else {
      Issue.record("a file over the limit was read")
      return
    }
    #expect(reason == "file is 101 bytes; the limit is 100 bytes")
    _ = directory
  }

  /// A pipeline's own file named like a mark is an ordinary file: marks start with a dot, which no dropped name may.
  @Test func namesThatLookLikeMarksAreOrdinaryNames() {
    #expect(DropDirectory.originalName(of: "x.dup-abcdefgh") == "x.dup-abcdefgh")
    #expect(DropDirectory.originalName(of: "invalid-name-00.json") == "invalid-name-00.json")
    #expect(DropDirectory.originalName(of: ".dup-0123abcd-a.json") == "a.json")
    #expect(DropDirectory.originalName(of: ".dup-0123abcz-a.json") == ".dup-0123abcz-a.json")
    #expect(DropDirectory.originalName(of: ".abandoned-0123abcd-.a.tmp") == "unfinished.a.tmp")
    #expect(DropDirectory.originalName(of: ".abandoned-0123abcd-a.part") == "a.part")
    #expect(DropDirectory.originalName(of: "abandoned-0123abcd-.a.tmp") == "abandoned-0123abcd-.a.tmp")
  }
}
