import Foundation
import SparrowCore
import SparrowDaemon
import SparrowTesting
import Testing

/// Checks on the text the default set actually renders, over every advisory its own test cases raise: what a
/// pharmacist reads must be plain, must not claim an absence that is only "not reported", and must cite a
/// primary source.
@Suite struct DefaultPolicyTextTests {
  private static let directory = PolicyDirectory(
    path: Fixtures.repositoryRoot.appendingPathComponent("Policies").path)

  /// Every advisory the default set's test cases raise, with the case that raised it.
  private static func renderedAdvisories() throws -> [(testCase: String, advisory: Advisory)] {
    let set = try directory.load().get()
    return try set.tests.flatMap { testCase -> [(String, Advisory)] in
      guard case .inline(let value) = testCase.record else { return [] }
      let record = try RecordDecoder().decode(value)
      return set.evaluate(set.assess(record, on: testCase.evaluatedOn)).map { (testCase.name, $0) }
    }
  }

  /// Phrases no advisory may render: Markdown emphasis, an absence claimed from missing data, and unknown
  /// values printed into a sentence.
  static let forbidden = [
    "**", "none is recorded", "unknown/unknown", "eGFR unknown", "KDIGO unknown", "unknown mmHg",
    "unknown days", "Do not combine", "Do not suggest",
  ]

  @Test func noAdvisoryTextHasMarkdownAClaimedAbsenceOrAnUnknownValue() throws {
    let rendered = try Self.renderedAdvisories()
    #expect(rendered.count > 200)
    #expect(Set(rendered.map(\.advisory.ruleID)).count == 50)
    for (testCase, advisory) in rendered {
      let texts =
        [advisory.summary, advisory.detail]
        + advisory.suggestions.flatMap { [$0.label] + ($0.detail.map { [$0] } ?? []) }
      for text in texts {
        for phrase in Self.forbidden where text.contains(phrase) {
          Issue.record("\(advisory.ruleID) in '\(testCase)' renders '\(phrase)': \(text)")
        }
      }
      // Hard wraps are gone: the detail is paragraphs, never a line broken inside a sentence.
      for paragraph in advisory.detail.split(separator: "\n", omittingEmptySubsequences: true) {
        #expect(paragraph.last.map { ".:)".contains($0) } ?? true, "\(advisory.ruleID): '\(paragraph)'")
      }
    }
  }

  @Test func theTextCheckCatchesWhatItLooksFor() {
    // The forbidden list is tested against the kinds of text the first rule set rendered.
    let first = [
      "Total opioid load is **95 MME/day**",
      "active substance misuse are relative contraindications (none is recorded here)",
      "uncontrolled hypertension (blood pressure unknown/unknown mmHg)",
    ]
    #expect(first.allSatisfy { text in Self.forbidden.contains { text.contains($0) } })
  }

  @Test func everySourceIsADOIALabelOrAGuidelineURL() throws {
    let set = try Self.directory.load().get()
    let primary = ["https://doi.org/10.", "https://www.fda.gov/drugs/drug-safety-and-availability/"]
    for rule in set.rules {
      if let url = rule.source.url {
        #expect(primary.contains { url.hasPrefix($0) }, "\(rule.id): \(url)")
        #expect(!url.contains("?") && !url.contains("search"), "\(rule.id): \(url)")
      } else {
        #expect(rule.source.label.contains("label"), "\(rule.id): \(rule.source.label)")
      }
    }
  }

  @Test func theRuleTableInDocsPolicyLanguageListsEveryRuleOnce() throws {
    let set = try Self.directory.load().get()
    let page = try String(
      contentsOf: Fixtures.repositoryRoot.appendingPathComponent("docs/policy-language.md"), encoding: .utf8)
    let table = try #require(page.range(of: "| rule | severity | fires when | source (grade) |\n"))
    let rows = page[table.upperBound...].split(separator: "\n", omittingEmptySubsequences: false)
      .prefix { !$0.isEmpty }.dropFirst()
    let listed = rows.compactMap { row in
      row.split(separator: "`").dropFirst().first.map(String.init)
    }
    #expect(listed.sorted() == set.rules.map(\.id).sorted())
    // Each row names the rule's severity.
    for rule in set.rules {
      let row = rows.first { $0.hasPrefix("| `\(rule.id)` |") }
      #expect(row?.contains("| \(rule.indicator.rawValue) |") == true, "\(rule.id)")
    }
  }
}
