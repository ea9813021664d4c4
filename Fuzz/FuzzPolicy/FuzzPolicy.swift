import FuzzSupport
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

@main
enum FuzzPolicyEntry {
  static func main() { LibFuzzer.run(fuzzPolicy) }
}
