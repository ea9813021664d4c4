public import Foundation
public import SparrowCore

// MARK: - PolicyDirectory

/// Reads a policy set from disk: every `*.yaml` / `*.yml` file under a directory (or one file), validated by the
/// core, with its revision (SHA-256 of the canonical form) filled in.
public struct PolicyDirectory: Sendable {
  /// The directory or file.
  public let url: URL

  /// A policy directory at `path`.
  public init(path: String) {
    self.url = URL(fileURLWithPath: path)
  }

  /// The most bytes one policy file may have.
  public static let maxFileBytes = 1_048_576

  /// Loads and validates the set, or returns every problem found.
  public func load() -> Result<PolicySet, PolicyLoadFailure> {
    let files: [PolicyFile]
    switch readFiles() {
    case .success(let read): files = read
    case .failure(let error): return .failure(PolicyLoadFailure(errors: [error]))
    }
    return PolicyLoader.load(files).map { set in
      var set = set
      set.revision = PolicyDirectory.revision(of: set.canonicalForm)
      return set
    }
  }

  /// The bytes of every record file the set's tests name, keyed by the name as written.
  public func testRecordFiles(for set: PolicySet) -> [String: [UInt8]] {
    var records: [String: [UInt8]] = [:]
    for testCase in set.tests {
      guard case .file(let path) = testCase.record else { continue }
      let base = isDirectory ? url : url.deletingLastPathComponent()
      let fileURL = path.hasPrefix("/") ? URL(fileURLWithPath: path) : base.appendingPathComponent(path)
      if let data = try? Data(contentsOf: fileURL), data.count <= PolicyDirectory.maxFileBytes {
        records[path] = Array(data)
      }
    }
    return records
  }

  /// SHA-256 of `canonicalForm` in lower-case hex.
  public static func revision(of canonicalForm: String) -> String {
    ContentDigest.sha256(Array(canonicalForm.utf8))
  }

  // MARK: - Reading

  private var isDirectory: Bool {
    var directory: ObjCBool = false
    return FileManager.default.fileExists(atPath: url.path, isDirectory: &directory) && directory.boolValue
  }

  private func readFiles() -> Result<[PolicyFile], PolicyError> {
    let manager = FileManager.default
    guard manager.fileExists(atPath: url.path) else {
      return .failure(PolicyError(file: url.path, line: 1, column: 1, message: "no such policy directory or file"))
    }
    let entries: [(relative: String, url: URL)]
    if isDirectory {
      guard let enumerator = manager.enumerator(at: url, includingPropertiesForKeys: [.isRegularFileKey]) else {
        return .failure(PolicyError(file: url.path, line: 1, column: 1, message: "cannot list the policy directory"))
      }
      let root = url.standardizedFileURL.path
      entries = enumerator.compactMap { $0 as? URL }
        .filter { ["yaml", "yml"].contains($0.pathExtension) && !$0.lastPathComponent.hasPrefix(".") }
        .map { file in
          let path = file.standardizedFileURL.path
          let relative = path.hasPrefix(root + "/") ? String(path.dropFirst(root.count + 1)) : file.lastPathComponent
          return (relative, file)
        }
        .sorted { $0.relative < $1.relative }
    } else {
      entries = [(url.lastPathComponent, url)]
    }
    var files: [PolicyFile] = []
    for entry in entries {
      guard let data = try? Data(contentsOf: entry.url) else {
        return .failure(PolicyError(file: entry.relative, line: 1, column: 1, message: "cannot read the file"))
      }
      guard data.count <= PolicyDirectory.maxFileBytes else {
        return .failure(
          PolicyError(
            file: entry.relative, line: 1, column: 1,
            message: "file is \(data.count) bytes; the limit is \(PolicyDirectory.maxFileBytes)"))
      }
      guard let text = String(data: data, encoding: .utf8) else {
        return .failure(PolicyError(file: entry.relative, line: 1, column: 1, message: "file is not valid UTF-8"))
      }
      files.append(PolicyFile(path: entry.relative, text: text))
    }
    if files.isEmpty {
      return .failure(
        PolicyError(file: url.path, line: 1, column: 1, message: "no .yaml files in the policy directory"))
    }
    return .success(files)
  }
}
