#if canImport(Glibc)
  import Glibc
#endif

// MARK: - LibFuzzer

/// What every Sparrow fuzz harness shares: handing the process to libFuzzer's driver.
///
/// A harness exports `LLVMFuzzerTestOneInput` and calls `run` from its `@main`. In a fuzzing build
/// (`-DSPARROW_FUZZ`, with `-sanitize=fuzzer` linking the fuzzer runtime) that runs the driver on the process's
/// arguments; in an ordinary build it only says how to build the harness.
public enum LibFuzzer {
  /// A harness's test function, as libFuzzer calls it.
  public typealias TestOneInput = @convention(c) (UnsafePointer<UInt8>, Int) -> Int32

  /// Runs libFuzzer's driver with `testOneInput` and exits with its status.
  public static func run(_ testOneInput: TestOneInput) -> Never {
    #if SPARROW_FUZZ
      var count = CommandLine.argc
      var arguments = CommandLine.unsafeArgv
      exit(runDriver(&count, &arguments, testOneInput))
    #else
      print("build and run with scripts/fuzz.sh (libFuzzer, -sanitize=fuzzer,address)")
      exit(0)
    #endif
  }
}

#if SPARROW_FUZZ
  /// libFuzzer's driver, from the fuzzer runtime linked by -sanitize=fuzzer.
  @_silgen_name("LLVMFuzzerRunDriver")
  private func runDriver(
    _ argc: UnsafeMutablePointer<Int32>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: LibFuzzer.TestOneInput
  ) -> Int32
#endif
