public import Foundation
public import SparrowCore

// MARK: - PolicyDirectory

/// Reads a policy set from disk: every `*.yaml` / `*.yml` file under a directory (or one file), validated by the
/// core, with its revision (SHA-256 of the canonical form) filled in.
public struct PolicyDirectory: Sendable {
  /// The directory or file.
  public let url: URL
  /// The path as given (what messages name).
  public let path: String

  /// A policy directory at `path`.
  public init(path: String) {
    self.url = URL(fileURLWithPath: path)
    self.path = path
  }

  /// The most bytes one policy file may have.
  public static let maxFileBytes = 1_048_576

  /// Loads and validates the set, or returns every problem found.
  public func load() -> Result<PolicySet, PolicyLoadFailure> {
    loadKeepingFiles().map(\.set)
  }

  /// Each problem of a failed load as `FILE:LINE:COLUMN: message` (the form compilers use, so editors jump to it),
  /// FILE named as the user named the directory or file, then a summary line.
  public func diagnostics(_ failure: PolicyLoadFailure) -> [String] {
    var isDirectory: ObjCBool = false
    let directory = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    let lines = failure.errors.map { error in
      let file: String
      if error.file.hasPrefix("/") || error.file == path {
        file = error.file
      } else if directory {
        file = (path.hasSuffix("/") ? path : path + "/") + error.file
      } else {
        file = path
      }
      return "\(file):\(error.line):\(error.column): \(error.message)"
    }
    return lines + ["sparrow: error: \(path): \(failure.errors.count) problem(s)"]
  }

  /// Loads and validates the set, with the files it was read from (for a last-good copy).
  public func loadKeepingFiles() -> Result<(set: PolicySet, files: [PolicyFile]), PolicyLoadFailure> {
    let files: [PolicyFile]
    switch readFiles() {
    case .success(let read): files = read
    case .failure(let error): return .failure(PolicyLoadFailure(errors: [error]))
    }
    return PolicyLoader.load(files).map { set in
      var set = set
      set.revision = PolicyDirectory.revision(of: set.canonicalForm)
      return (set, files)
    }
  }

  /// Writes `files` as the last good set at `path` (a directory): into `path.new` first, then swapped in, so a
  /// crash leaves either copy whole. OPA keeps its last good bundle the same way.
  public static func saveLastGood(_ files: [PolicyFile], at path: String) throws {
    let manager = FileManager.default
    let fresh = path + ".new"
    try? manager.removeItem(atPath: fresh)
    for file in files {
      let target = URL(fileURLWithPath: fresh).appendingPathComponent(file.path)
      try manager.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
      try Data(file.text.utf8).write(to: target)
    }
    try? manager.removeItem(atPath: path)
    try manager.moveItem(atPath: fresh, toPath: path)
  }

  /// The last good set saved at `path` (or its `.new` twin, if a crash came between the two renames).
  public static func lastGood(at path: String) -> Result<PolicySet, PolicyLoadFailure> {
    let saved = PolicyDirectory(path: path).load()
    if case .failure = saved, FileManager.default.fileExists(atPath: path + ".new") {
      return PolicyDirectory(path: path + ".new").load()
    }
    return saved
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

  /// The directory itself when `url` is a symbolic link to it (the usual atomic symlink-swap deploy).
  private var resolved: URL { url.resolvingSymlinksInPath() }

  private func readFiles() -> Result<[PolicyFile], PolicyError> {
    let manager = FileManager.default
    guard manager.fileExists(atPath: url.path) else {
      return .failure(PolicyError(file: url.path, line: 1, column: 1, message: "no such policy directory or file"))
    }
    let entries: [(relative: String, url: URL)]
    if isDirectory {
      let directory = resolved
      guard let enumerator = manager.enumerator(at: directory, includingPropertiesForKeys: [.isRegularFileKey]) else {
        return .failure(PolicyError(file: url.path, line: 1, column: 1, message: "cannot list the policy directory"))
      }
      let root = directory.standardizedFileURL.path
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
