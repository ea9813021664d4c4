import Foundation
import SparrowCore
import SparrowTesting
import Testing

/// Replays the fuzzing regression corpus (Fuzz/regressions/) through the harnesses' code paths: every input that
/// ever crashed must now decode to a value or a clear error.
@Suite struct FuzzRegressionTests {
  private func files(_ directory: String) throws -> [URL] {
    let url = Fixtures.repositoryRoot.appendingPathComponent("Fuzz/regressions/\(directory)")
    return try FileManager.default.contentsOfDirectory(at: url, includingPropertiesForKeys: nil)
      .filter { !$0.lastPathComponent.hasPrefix(".") }
  }

  @Test func recordRegressionsDecodeOrFailCleanly() throws {
    for file in try files("records") {
      let bytes = Array(try Data(contentsOf: file))
      if let record = try? RecordInput.decode(bytes) {
        _ = JSONWriter.compactString(Assessment(record: record, on: Fixtures.evaluationDate).jsonValue)
      }
    }
  }

  @Test func policyRegressionsLoadOrFailCleanly() throws {
    for file in try files("policy") {
      let text = String(decoding: try Data(contentsOf: file), as: UTF8.self)
      _ = PolicyLoader.load([PolicyFile(path: file.lastPathComponent, text: text)])
      _ = SparrowConfiguration.parse(text, path: file.lastPathComponent)
    }
  }
}
