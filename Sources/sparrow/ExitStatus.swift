import ArgumentParser

// MARK: - ExitStatus

/// Documented exit statuses, after sysexits.h.
enum ExitStatus {
  /// The input is not a valid record (EX_DATAERR).
  static let dataError = ExitCode(65)
  /// The input file does not exist or cannot be opened (EX_NOINPUT).
  static let noInput = ExitCode(66)
  /// Reading failed part-way (EX_IOERR).
  static let ioError = ExitCode(74)
  /// The daemon cannot be reached, or is running when it must not be (EX_UNAVAILABLE).
  static let unavailable = ExitCode(69)
  /// Not allowed (EX_NOPERM).
  static let noPermission = ExitCode(77)
  /// A policy set or configuration is invalid (EX_CONFIG).
  static let configError = ExitCode(78)
}
