import Foundation
import SparrowTesting
import Testing

/// The README is a short front door; the rest of the documentation lives in `docs/` and `CONTRIBUTING.md`, and
/// every page is reached from the README's index by a link that works.
@Suite struct DocumentationTests {
  private static let root = Fixtures.repositoryRoot

  /// The text of a file under the repository root.
  private static func text(_ relativePath: String) throws -> String {
    try String(contentsOf: root.appendingPathComponent(relativePath), encoding: .utf8)
  }

  /// The targets of the Markdown links `[…](target)` in `text` that are relative paths (no scheme, not an anchor
  /// in the same page), each without its `#fragment`.
  private static func relativeLinks(in text: String) -> [String] {
    var links: [String] = []
    var rest = text[...]
    while let opening = rest.range(of: "](") {
      let after = rest[opening.upperBound...]
      guard let closing = after.firstIndex(of: ")") else { break }
      let target = String(after[..<closing])
      rest = after[closing...]
      if target.isEmpty || target.hasPrefix("#") || target.contains("://") || target.hasPrefix("mailto:") {
        continue
      }
      links.append(String(target.prefix { $0 != "#" }))
    }
    return links
  }

  /// Whether `relativePath` (from the repository root) names a regular file.
  private static func isFile(_ relativePath: String) -> Bool {
    var isDirectory: ObjCBool = false
    let path = root.appendingPathComponent(relativePath).standardizedFileURL.path
    return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
  }

  /// The Markdown pages in `docs/`, sorted.
  private static func docsPages() throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("docs").path)
      .filter { $0.hasSuffix(".md") }
      .sorted()
  }

  @Test func theReadmeHasAtMost200Lines() throws {
    let readme = try Self.text("README.md")
    let pieces = readme.split(separator: "\n", omittingEmptySubsequences: false)
    // A final newline ends the last line; it does not start another one.
    let lines = readme.hasSuffix("\n") ? pieces.count - 1 : pieces.count
    #expect(lines <= 200, "README.md has \(lines) lines")
  }

  @Test func everyReadmeLinkToDocsOrContributingNamesAFile() throws {
    let links = Self.relativeLinks(in: try Self.text("README.md"))
      .filter { $0.hasPrefix("docs/") || $0 == "CONTRIBUTING.md" }
    #expect(links.contains("CONTRIBUTING.md"))
    #expect(links.contains { $0.hasPrefix("docs/") })
    for link in links {
      #expect(Self.isFile(link), "README.md links to \(link), which is not a file")
    }
  }

  @Test func theReadmeIndexLinksEveryPageInDocs() throws {
    let links = Set(Self.relativeLinks(in: try Self.text("README.md")))
    let pages = try Self.docsPages()
    #expect(!pages.isEmpty)
    for page in pages {
      #expect(links.contains("docs/\(page)"), "README.md does not link docs/\(page)")
    }
  }

  @Test func linksInTheDocsPagesAndContributingNameFiles() throws {
    var pages = try Self.docsPages().map { "docs/\($0)" }
    pages.append("CONTRIBUTING.md")
    for page in pages {
      let directory = page.split(separator: "/").dropLast().joined(separator: "/")
      for link in Self.relativeLinks(in: try Self.text(page)) {
        let target = directory.isEmpty ? link : "\(directory)/\(link)"
        #expect(Self.isFile(target), "\(page) links to \(link), which is not a file")
      }
    }
  }
}
