// MARK: - ExitStatus

/// Every exit status Sparrow documents, after sysexits.h (and LSB for `status`). The daemon's control replies
/// carry one, and the command line exits with it.
public enum ExitStatus: Int32, Sendable, CaseIterable {
  /// Done.
  case success = 0
  /// Policy tests failed.
  case failure = 1
  /// `sparrow status`: the daemon is not running (LSB).
  case notRunning = 3
  /// The command line or a request is malformed (EX_USAGE).
  case usage = 64
  /// The input is not valid: a record, a review reason (EX_DATAERR).
  case dataError = 65
  /// The input file or advisory does not exist (EX_NOINPUT).
  case noInput = 66
  /// The daemon cannot be reached, or is running when it must not be (EX_UNAVAILABLE).
  case unavailable = 69
  /// An internal error, such as a database fault (EX_SOFTWARE).
  case software = 70
  /// Reading failed part-way (EX_IOERR).
  case ioError = 74
  /// Busy or timed out: try again (EX_TEMPFAIL).
  case temporaryFailure = 75
  /// Not allowed (EX_NOPERM).
  case noPermission = 77
  /// A policy set or configuration is invalid (EX_CONFIG).
  case configError = 78
}
