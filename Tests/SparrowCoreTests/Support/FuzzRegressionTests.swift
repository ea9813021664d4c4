import Foundation
import SparrowCore
import SparrowTesting
import Testing

/// Replays the fuzzers' seed corpus through the harnesses' code paths: the fixtures (which `scripts/fuzz.sh` seeds
/// the fuzzers with) and every input that ever crashed (Fuzz/regressions/). Each must decode to a value or fail
/// with a clear error, and the fixtures must do what they are named for.
@Suite struct FuzzRegressionTests {
  private func files(_ directory: String) throws -> [URL] {
    let url = Fixtures.repositoryRoot.appendingPathComponent(directory)
    return try FileManager.default.contentsOfDirectory(at: url, includingPropertiesForKeys: nil)
      .filter { !$0.lastPathComponent.hasPrefix(".") && $0.lastPathComponent != "README.md" }
      .sorted { $0.path < $1.path }
  }

  @Test func recordCorpusDecodesOrFailsWithARecordError() throws {
    let valid = try files("Tests/Fixtures/records") + files("Tests/Fixtures/fhir")
    let invalid = try files("Tests/Fixtures/invalid")
    let crashes = try files("Fuzz/regressions/records")
    #expect(valid.count >= 20 && invalid.count >= 5, "the seed corpus is empty")
    for file in valid {
      let record = try RecordInput.decode(Array(try Data(contentsOf: file)))
      #expect(!JSONWriter.compactString(Assessment(record: record, on: Fixtures.evaluationDate).jsonValue).isEmpty)
    }
    for file in invalid + crashes {
      do {
        let record = try RecordInput.decode(Array(try Data(contentsOf: file)))
        _ = JSONWriter.compactString(Assessment(record: record, on: Fixtures.evaluationDate).jsonValue)
        #expect(!invalid.contains(file), "\(file.lastPathComponent) is in invalid/ but decodes")
      } catch {
        #expect(error is RecordError, "\(file.lastPathComponent): \(error)")
      }
    }
  }

  @Test func policyCorpusLoadsOrFailsWithLocatedErrors() throws {
    let valid =
      try files("Policies/rules") + [Fixtures.repositoryRoot.appendingPathComponent("Policies/codelists.yaml")]
    let broken = try files("Tests/Fixtures/policies/broken")
    let crashes = try files("Fuzz/regressions/policy")
    #expect(valid.count >= 5 && broken.count >= 5, "the seed corpus is empty")
    for file in broken + crashes {
      let text = String(decoding: try Data(contentsOf: file), as: UTF8.self)
      if case .failure(let failure) = PolicyLoader.load([PolicyFile(path: file.lastPathComponent, text: text)]) {
        #expect(failure.errors.allSatisfy { $0.description.hasPrefix(file.lastPathComponent + ":") })
      }
      _ = SparrowConfiguration.parse(text, path: file.lastPathComponent)
    }
    for file in broken {
      let text = String(decoding: try Data(contentsOf: file), as: UTF8.self)
      guard case .failure = PolicyLoader.load([PolicyFile(path: file.lastPathComponent, text: text)]) else {
        Issue.record("\(file.lastPathComponent) is in broken/ but loads")
        continue
      }
    }
    // A rule file alone names code lists defined elsewhere, so only the whole set must load.
    let files = (valid + [Fixtures.repositoryRoot.appendingPathComponent("Policies/policy.yaml")]).map {
      PolicyFile(
        path: $0.lastPathComponent, text: String(decoding: (try? Data(contentsOf: $0)) ?? Data(), as: UTF8.self))
    }
    #expect(throws: Never.self) { try PolicyLoader.load(files).get() }
  }
}
