import Foundation
import SparrowCore
import SparrowDaemon
import SparrowTesting
import Testing

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
      #expect(spool.claim("a.json", maxBytes: 100) == .read(name: "a.json", bytes: Array(text.utf8)))
      try spool.finish("a.json", on: day)
    }
    let processed = spool.processed + "/2026-11-25/"
    #expect(try contents(processed + "a.json") == "first")
    #expect(try contents(processed + "a.json.1") == "second")
    #expect(try contents(processed + "a.json.2") == "third")
    #expect(spool.processingNames().isEmpty)
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
}
