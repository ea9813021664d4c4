import Foundation
public import SparrowCore

// MARK: - DecisionFixtures

/// Builds assessed, evaluated fixtures for store tests.
public enum DecisionFixtures {
  /// The default policy set, loaded from `Policies/` (revision left empty: tests set one when they need it).
  public static func defaultPolicySet(revision: String = "test-revision") throws -> PolicySet {
    var files: [PolicyFile] = []
    let root = Fixtures.repositoryRoot.appendingPathComponent("Policies")
    let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)
    while let url = enumerator?.nextObject() as? URL {
      guard url.pathExtension == "yaml" else { continue }
      let relative = String(url.standardizedFileURL.path.dropFirst(root.standardizedFileURL.path.count + 1))
      files.append(PolicyFile(path: relative, text: try String(contentsOf: url, encoding: .utf8)))
    }
    var set = try PolicyLoader.load(files).get()
    set.revision = revision
    return set
  }

  /// The assessment and advisories of a record fixture under `set`.
  public static func evaluate(_ name: String, set: PolicySet) throws -> (Assessment, [Advisory], [UInt8]) {
    let bytes = try Fixtures.bytes("records/\(name).json")
    let assessment = set.assess(try RecordDecoder().decode(bytes), on: Fixtures.evaluationDate)
    return (assessment, set.evaluate(assessment), bytes)
  }
}
