// MARK: - PlainText

/// Advisory text for plain-text readers (the terminal, FHIR `DetectedIssue.detail`, an R4 string): the policy's
/// Markdown emphasis removed and soft line breaks joined, so that a wrap in the policy file never splits a phrase.
/// CDS Hooks `detail` is Markdown by specification and keeps the text as written.
public enum PlainText {
  /// `markdown` as plain paragraphs: `**`/`__` emphasis markers removed, the lines of a paragraph joined with a
  /// space, paragraphs (blank lines) and list items (`- `) kept on their own lines.
  public static func paragraphs(_ markdown: String) -> String {
    var blocks: [[String]] = [[]]
    for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
      let text = stripEmphasis(line.trimmingSpaces)
      if text.isEmpty {
        if !(blocks.last?.isEmpty ?? true) { blocks.append([]) }
      } else if text.hasPrefix("- ") || blocks[blocks.count - 1].isEmpty {
        blocks[blocks.count - 1].append(text)
      } else {
        blocks[blocks.count - 1][blocks[blocks.count - 1].count - 1] += " " + text
      }
    }
    return blocks.filter { !$0.isEmpty }.map { $0.joined(separator: "\n") }.joined(separator: "\n\n")
  }

  private static func stripEmphasis(_ text: String) -> String {
    text.replacing("**", with: "").replacing("__", with: "")
  }
}

extension Substring {
  fileprivate var trimmingSpaces: String {
    var text = self
    while text.first == " " || text.first == "\t" { text = text.dropFirst() }
    while text.last == " " || text.last == "\t" || text.last == "\r" { text = text.dropLast() }
    return String(text)
  }
}
