import FuzzSupport
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

@main
enum FuzzRecordsEntry {
  static func main() { LibFuzzer.run(fuzzRecords) }
}
