import SparrowCore

// MARK: - FuzzRecords

/// libFuzzer entry point for both record decoders (v1 JSON and FHIR R4 Bundles, detected by content), then the
/// assessment of whatever decodes: any crash, trap or sanitizer report is a bug. Built by scripts/fuzz.sh.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRecords(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
  let bytes = UnsafeBufferPointer(start: data, count: size)
  if let record = try? RecordInput.decode(bytes) {
    let date = CalendarDate(year: 2026, month: 11, day: 20) ?? CalendarDate(daysSinceEpoch: 0)
    _ = JSONWriter.compactString(Assessment(record: record, on: date).jsonValue)
  }
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
  @_cdecl("FuzzRecords_main")
  public func fuzzRecordsMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    var count = argc
    var arguments = argv
    return runDriver(&count, &arguments, fuzzRecords)
  }
#else
  /// Outside a fuzzing build the harness only says how to build it.
  @main
  enum FuzzRecordsEntry {
    static func main() {
      print("build and run with scripts/fuzz.sh (libFuzzer, -sanitize=fuzzer,address)")
    }
  }
#endif
