import Foundation
import SparrowCore
import SparrowDaemon
import SparrowTesting
import Testing

@Suite struct PolicyDirectoryTests {
  private let defaultSet = Fixtures.repositoryRoot.appendingPathComponent("Policies").path

  // MARK: - Broken policies

  /// One fault per file, each with the exact error a policy author sees.
  static let brokenPolicies: [(String, [String])] = [
    ("boolean-as-yes", ["26:15: rule 'benzo'.when: 'sideEffect.benzodiazepine' is true/false; got 'yes'"]),
    ("duplicate-rule-id", ["20:9: duplicate rule id 'load-50' (first defined at duplicate-rule-id.yaml:10)"]),
    ("missing-code-list", ["25:20: rule 'crps-rule'.when: code list 'crsp' is not defined; did you mean 'crps'?"]),
    ("no-policy-section", ["1:1: no 'policy' section (name, version, mmeTable) in any file of the set"]),
    (
      "ordering-on-boolean-fact",
      ["26:16: rule 'benzo'.when: 'atLeast' needs a number fact; 'sideEffect.benzodiazepine' is true/false"]
    ),
    ("rule-without-source", ["10:5: rule 'load-50': missing required key 'source'"]),
    ("source-url-not-http", ["19:12: rule 'load-50'.source.url: expected an http(s) URL; got 'www.cdc.gov/mmwr'"]),
    (
      "summary-too-long",
      ["12:14: rule 'load-50'.summary: 183 characters when rendered (placeholders counted at 8); the limit is 140"]
    ),
    ("test-names-unknown-rule", ["24:19: test 'fifty fires'.expectFired: no rule 'load-5O'; did you mean 'load-50'?"]),
    ("threshold-wrong-type", ["16:16: rule 'load-50'.when: 'load.totalMME' is a number; got quoted text 'fifty'"]),
    ("threshold-yaml11-octal", ["16:16: rule 'load-50'.when: 'load.totalMME' is a number; got '010'"]),
    ("unknown-fact", ["15:13: rule 'load-50'.when: unknown fact 'load.totalMMe'; did you mean 'load.totalMME'?"]),
    (
      "unknown-mme-table",
      ["5:13: policy.mmeTable: expected one of cdc-2022, cdc-2016; got 'cdc-2018'; did you mean 'cdc-2016'?"]
    ),
    ("unknown-operator", ["16:7: rule 'load-50'.when: unknown key 'atleast'; did you mean 'atLeast'?"]),
    (
      "unknown-placeholder",
      ["13:13: rule 'load-50'.detail: unknown fact '{load.total}'; did you mean 'load.totalMME'?"]
    ),
    ("yaml-syntax-error", ["12:4: YAML syntax: while parsing a block collection did not find expected '-' indicator"]),
  ]

  @Test(arguments: brokenPolicies)
  func brokenPolicyGivesItsExactError(name: String, expected: [String]) {
    let path = Fixtures.url("policies/broken/\(name).yaml").path
    switch PolicyDirectory(path: path).load() {
    case .success: Issue.record("\(name) loaded")
    case .failure(let failure):
      #expect(failure.errors.map { "\($0.line):\($0.column): \($0.message)" } == expected)
      #expect(failure.errors.allSatisfy { $0.file == "\(name).yaml" })
    }
  }

  @Test func everyBrokenFixtureIsCovered() throws {
    let files = try FileManager.default.contentsOfDirectory(atPath: Fixtures.url("policies/broken").path)
      .filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }.sorted()
    #expect(files == Self.brokenPolicies.map(\.0).sorted())
    #expect(files.count >= 10)
  }

  /// Diagnostics name each problem's file as the user named it: the file itself, or the file inside the
  /// directory given (with or without its trailing slash).
  @Test func diagnosticsNameTheFileAsGiven() throws {
    let file = Fixtures.url("policies/broken/unknown-fact.yaml").path
    let directory = try TemporaryDirectory()
    try FileManager.default.copyItem(at: URL(fileURLWithPath: file), to: directory.url.appendingPathComponent("x.yaml"))
    let message = "15:13: rule 'load-50'.when: unknown fact 'load.totalMMe'; did you mean 'load.totalMME'?"
    for (path, named) in [
      (file, file), (directory.url.path, directory.url.path + "/x.yaml"),
      (directory.url.path + "/", directory.url.path + "/x.yaml"),
    ] {
      let policies = PolicyDirectory(path: path)
      guard case .failure(let failure) = policies.load() else {
        Issue.record("\(path) loaded")
        continue
      }
      #expect(policies.diagnostics(failure) == ["\(named):\(message)", "sparrow: error: \(path): 1 problem(s)"])
    }
  }

  @Test func missingDirectoryIsAClearError() {
    guard case .failure(let failure) = PolicyDirectory(path: "/nonexistent/policies").load() else {
      Issue.record("loaded")
      return
    }
    #expect(failure.errors.map(\.description) == ["/nonexistent/policies:1:1: no such policy directory or file"])
  }

  // MARK: - The default set

  @Test func defaultSetLoadsAndItsOwnTestsPassAndFireEveryRule() throws {
    let directory = PolicyDirectory(path: defaultSet)
    let set = try directory.load().get()
    #expect(set.name == "sparrow-default")
    #expect(set.mmeTable.name == "cdc-2022")
    #expect(set.rules.count >= 50)
    #expect(set.rules.allSatisfy { ($0.source.url?.hasPrefix("https://") ?? true) && !$0.source.label.isEmpty })
    let report = PolicyTestRunner.run(set, fileRecords: directory.testRecordFiles(for: set))
    #expect(report.cases.count >= 100)
    #expect(report.failedCount == 0, "\(report.cases.filter { !$0.passed }.map { "\($0.name): \($0.failures)" })")
    #expect(report.unfiredRules.isEmpty)
    #expect(report.unquietRules.isEmpty)
    #expect(report.isComplete)
  }

  @Test func revisionIsSHA256OfTheCanonicalFormAndStableAcrossCopies() throws {
    let original = try PolicyDirectory(path: defaultSet).load().get()
    #expect(original.revision.count == 64)
    #expect(original.revision.allSatisfy { $0.isHexDigit && !$0.isUppercase })
    #expect(PolicyDirectory.revision(of: "abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")

    let copy = try TemporaryDirectory()
    try FileManager.default.copyItem(atPath: defaultSet, toPath: copy.url.appendingPathComponent("p").path)
    let copied = copy.url.appendingPathComponent("p")
    #expect(try PolicyDirectory(path: copied.path).load().get().revision == original.revision)

    // Comments and blank lines do not change the revision; a threshold does.
    let rules = copied.appendingPathComponent("rules/opioid-load.yaml")
    let text = try String(contentsOf: rules, encoding: .utf8)
    try ("# reviewed by the P&T committee\n\n" + text).write(to: rules, atomically: true, encoding: .utf8)
    #expect(try PolicyDirectory(path: copied.path).load().get().revision == original.revision)
    try text.replacingOccurrences(of: "atLeast: 90", with: "atLeast: 100").write(
      to: rules, atomically: true, encoding: .utf8)
    #expect(try PolicyDirectory(path: copied.path).load().get().revision != original.revision)
  }

  @Test func changingATestDoesNotChangeTheRevision() throws {
    let copy = try TemporaryDirectory()
    try FileManager.default.copyItem(atPath: defaultSet, toPath: copy.url.appendingPathComponent("p").path)
    let copied = copy.url.appendingPathComponent("p")
    let original = try PolicyDirectory(path: copied.path).load().get().revision
    try FileManager.default.removeItem(at: copied.appendingPathComponent("tests/load.yaml"))
    #expect(try PolicyDirectory(path: copied.path).load().get().revision == original)
  }
}
