import Foundation
import Testing

@testable import SparrowDaemon

@Suite struct TimeOrderedUUIDTests {
  /// RFC 9562 Appendix A.6 test vector: 2022-02-22 19:22:22 UTC (0x017F22E279B0 ms).
  @Test func matchesTheRFCLayout() {
    let text = TimeOrderedUUID.make(milliseconds: 0x017F_22E2_79B0, random: (0xFFFF_FFFF_FFFF_FFFF, 0))
    #expect(text.hasPrefix("017f22e2-79b0-7"))
    let variant = text[text.index(text.startIndex, offsetBy: 19)]
    #expect("89ab".contains(variant))
  }

  @Test func laterTimesSortLaterAndValuesDiffer() {
    let start = Date(timeIntervalSince1970: 1_795_000_000)
    let values = (0..<200).flatMap { TimeOrderedUUID.make(count: 1, at: start.addingTimeInterval(Double($0) * 0.002)) }
    #expect(values == values.sorted())
    #expect(Set(values).count == values.count)
    #expect(values.allSatisfy { UUID(uuidString: $0) != nil && $0 == $0.lowercased() })
  }

  /// A batch made in one millisecond from one random draw: every value distinct, every one a version 7 UUID.
  @Test func aBatchInOneMillisecondIsDistinct() {
    let values = TimeOrderedUUID.make(count: 64, at: Date(timeIntervalSince1970: 1_795_000_000))
    #expect(values.count == 64)
    #expect(Set(values).count == 64)
    #expect(values.allSatisfy { UUID(uuidString: $0) != nil && $0[$0.index($0.startIndex, offsetBy: 14)] == "7" })
  }
}
