import SparrowCore
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
