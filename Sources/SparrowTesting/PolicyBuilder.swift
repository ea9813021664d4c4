public import SparrowCore

// MARK: - PolicyBuilder

/// Builds small policy sets from YAML text for tests.
public enum PolicyBuilder {
  /// A manifest section for a test set.
  public static let manifest = """
    policy:
      name: test-set
      version: "1"
      mmeTable: cdc-2022

    """

  /// A rule with `when` (YAML, indented by 6 spaces inside) and a source.
  public static func rule(_ id: String, indicator: String = "warning", summary: String? = nil, when: String) -> String {
    """
      - id: \(id)
        indicator: \(indicator)
        summary: "\(summary ?? "Rule \(id)")"
        detail: "Detail of \(id)."
        when:
    \(when.split(separator: "\n").map { "      " + $0 }.joined(separator: "\n"))
        source:
          label: Test source
          url: https://example.invalid/source

    """
  }

  /// Loads one file of text (with the manifest prepended unless `manifest` is false), or fails the caller.
  public static func load(_ text: String, manifest includeManifest: Bool = true) throws -> PolicySet {
    let files = [PolicyFile(path: "test.yaml", text: (includeManifest ? manifest : "") + text)]
    return try PolicyLoader.load(files).get()
  }

  /// The errors of loading `text` as one file (empty if it loads).
  public static func errors(_ text: String, manifest includeManifest: Bool = true) -> [String] {
    let files = [PolicyFile(path: "test.yaml", text: (includeManifest ? manifest : "") + text)]
    switch PolicyLoader.load(files) {
    case .success: return []
    case .failure(let failure): return failure.errors.map(\.description)
    }
  }
}
