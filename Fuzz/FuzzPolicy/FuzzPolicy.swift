import SparrowCore

// MARK: - FuzzPolicy

/// libFuzzer entry point for the policy loader (YAML composed by Yams, then Sparrow's strict reader). Built by
/// scripts/fuzz.sh.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPolicy(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
  let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
  _ = PolicyLoader.load([PolicyFile(path: "fuzz.yaml", text: text)])
  _ = SparrowConfiguration.parse(text, path: "fuzz.yaml")
  return 0
}

// MARK: - Entry point

#if SPARROW_FUZZ
  /// libFuzzer's driver, from the fuzzer runtime linked by -sanitize=fuzzer.
  @_silgen_name("LLVMFuzzerRunDriver")
  private func runDriver(
    _ argc: UnsafeMutablePointer<Int32>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> Int32
  ) -> Int32

  /// SwiftPM links an executable's entry point as `<module>_main`; here it hands control to libFuzzer.
  @_cdecl("FuzzPolicy_main")
  public func fuzzPolicyMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    var count = argc
    var arguments = argv
    return runDriver(&count, &arguments, fuzzPolicy)
  }
#else
  /// Outside a fuzzing build the harness only says how to build it.
  @main
  enum FuzzPolicyEntry {
    static func main() {
      print("build and run with scripts/fuzz.sh (libFuzzer, -sanitize=fuzzer,address)")
    }
  }
#endif
