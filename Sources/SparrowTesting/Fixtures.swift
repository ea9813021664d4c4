public import Foundation
public import SparrowCore

// MARK: - Fixtures

/// Locates and loads the synthetic fixture files under `Tests/Fixtures/`.
public enum Fixtures {
  /// The repository root, found from this source file's location (`Sources/SparrowTesting/Fixtures.swift`).
  public static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  /// `Tests/Fixtures/`.
  public static let directory = repositoryRoot.appendingPathComponent("Tests/Fixtures")

  /// The evaluation date every fixture is written for.
  public static let evaluationDate = CalendarDate(year: 2026, month: 11, day: 20) ?? CalendarDate(daysSinceEpoch: 0)

  /// The URL of `Tests/Fixtures/<relativePath>`.
  public static func url(_ relativePath: String) -> URL {
    directory.appendingPathComponent(relativePath)
  }

  /// The bytes of a fixture file.
  public static func bytes(_ relativePath: String) throws -> [UInt8] {
    Array(try Data(contentsOf: url(relativePath)))
  }

  /// A record fixture by case name (`records/<name>.json`), decoded.
  public static func record(_ name: String) throws -> PatientRecord {
    try RecordDecoder().decode(bytes("records/\(name).json"))
  }

  /// The names of all record fixtures, sorted.
  public static func recordNames() throws -> [String] {
    try names(in: "records")
  }

  /// The names (without `.json`) of the JSON fixtures in `Tests/Fixtures/<directory>`, sorted.
  public static func names(in directory: String) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: url(directory).path)
      .filter { $0.hasSuffix(".json") }
      .map { String($0.dropLast(5)) }
      .sorted()
  }
}
