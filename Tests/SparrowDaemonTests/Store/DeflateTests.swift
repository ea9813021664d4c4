import CZlib
import Foundation
import SparrowCore
import Synchronization
import Testing

@testable import SparrowDaemon

@Suite struct DeflateTests {
  /// Stored values name their dictionary; a dictionary that changed would make them unreadable.
  @Test func theDictionariesAreTheOnesStoredValuesNeed() {
    #expect(
      ContentDigest.sha256(Deflate.PresetDictionary.inputV1.bytes)
        == "cbde850aaa5a3a261ef1a2a54568fda89999c0d2149882caf5646895a5999608")
    #expect(
      ContentDigest.sha256(Deflate.PresetDictionary.recordV1.bytes)
        == "deab87a60051bf4a8cb6a6f9ff6a56343da4294e215e5f86fda4c235d786bc52")
  }

  @Test(arguments: Deflate.PresetDictionary.allCases)
  func valuesComeBackWithEveryDictionary(dictionary: Deflate.PresetDictionary) throws {
    let text = Array(#"{"schemaVersion": 1, "medications": [{"ingredient": "oxycodone"}]} × 3"#.utf8)
    for original in [[], text, Array(repeating: text, count: 2000).flatMap { $0 }] {
      let stored = Deflate.compress(original, dictionary: dictionary)
      #expect(stored[0] == dictionary.rawValue)
      #expect(try Deflate.decompress(stored) == original)
    }
  }

  /// What `compress` did before it copied a primed stream: a stream set up afresh for each value.
  private func deflatedAfresh(_ bytes: [UInt8], dictionary: Deflate.PresetDictionary) -> [UInt8] {
    let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
    stream.initialize(to: z_stream())
    defer { stream.deallocate() }
    _ = deflateInit2_(
      stream, Deflate.level, Z_DEFLATED, Deflate.windowBits, Deflate.memoryLevel, Z_DEFAULT_STRATEGY, zlibVersion(),
      Int32(MemoryLayout<z_stream>.size))
    defer { deflateEnd(stream) }
    let preset = dictionary.bytes
    if !preset.isEmpty {
      _ = preset.withUnsafeBufferPointer { deflateSetDictionary(stream, $0.baseAddress, uInt($0.count)) }
    }
    var output = [UInt8](repeating: 0, count: Int(deflateBound(stream, uLong(bytes.count))))
    let written = bytes.withUnsafeBufferPointer { source in
      output.withUnsafeMutableBufferPointer { target in
        stream.pointee.next_in = UnsafeMutablePointer(mutating: source.baseAddress)
        stream.pointee.avail_in = uInt(source.count)
        stream.pointee.next_out = target.baseAddress
        stream.pointee.avail_out = uInt(target.count)
        _ = deflate(stream, Z_FINISH)
        return Int(stream.pointee.total_out)
      }
    }
    return Array(output.prefix(written))
  }

  /// Synthetic records of both kinds the store deflates.
  private static let samples: [[UInt8]] = [
    Array(#"{"schemaVersion": 1, "patient": {"id": "SYN-Z1"}, "medications": [{"ingredient": "oxycodone"}]}"#.utf8),
    Array(#"{"assessment":{"formatVersion":1,"orders":[{"ingredient":"oxycodone","route":"oral"}]},"facts":[]}"#.utf8),
    Array(repeating: Array("synthetic filler, ".utf8), count: 500).flatMap { $0 },
  ]

  /// Copying a primed stream is a speed-up only: the stored bytes are those of a stream set up afresh.
  @Test(arguments: Deflate.PresetDictionary.allCases)
  func aCopiedStreamDeflatesAsAFreshOneDid(dictionary: Deflate.PresetDictionary) {
    for sample in Self.samples {
      #expect(
        Array(Deflate.compress(sample, dictionary: dictionary).dropFirst(5))
          == deflatedAfresh(sample, dictionary: dictionary))
    }
  }

  /// The intake's workers copy the same primed streams at once.
  @Test func workersDeflatingAtOnceGetTheSameBytes() {
    let inputs = (0..<64).map { index in Self.samples[index % Self.samples.count] + Array("\(index)".utf8) }
    let expected = inputs.map { Deflate.compress($0, dictionary: .recordV1) }
    let results = Mutex([[UInt8]?](repeating: nil, count: inputs.count))
    DispatchQueue.concurrentPerform(iterations: inputs.count) { index in
      let stored = Deflate.compress(inputs[index], dictionary: .recordV1)
      results.withLock { $0[index] = stored }
    }
    #expect(results.withLock { $0 } == expected)
  }

  @Test func aDictionaryShrinksARecord() throws {
    let text = Array(#"{"assessment":{"formatVersion":1,"orders":[{"ingredient":"oxycodone","route":"oral"}]}}"#.utf8)
    #expect(Deflate.compress(text, dictionary: .recordV1).count < Deflate.compress(text, dictionary: .none).count)
  }

  @Test func damagedValuesAreRefused() {
    let stored = Deflate.compress(Array("some text to keep, some text to keep".utf8), dictionary: .recordV1)
    var wrongDictionary = stored
    wrongDictionary[0] = Deflate.PresetDictionary.inputV1.rawValue
    var wrongLength = stored
    wrongLength[1] &+= 1
    var unknownHeader = stored
    unknownHeader[0] = 200
    for damaged in [
      [], Array(stored.prefix(4)), Array(stored.dropLast(3)), wrongDictionary, wrongLength, unknownHeader,
    ] {
      #expect(throws: StoreError.self) { try Deflate.decompress(damaged) }
    }
  }
}
