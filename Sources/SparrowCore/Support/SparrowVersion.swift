// MARK: - SparrowVersion

/// The program's version, which both binaries (`sparrow` and `sparrow-console`) and the package report.
public enum SparrowVersion {
  /// The version, as `--version` prints it.
  public static let current = "0.1.0"
}
