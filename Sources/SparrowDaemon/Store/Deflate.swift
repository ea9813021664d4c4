import CZlib

// MARK: - Deflate

/// zlib streams for what the store keeps but rarely reads: each input document and each decision's record.
///
/// The stored form is one byte naming the preset dictionary (`PresetDictionary`), the original length (4 bytes,
/// little-endian), then one zlib stream. A preset dictionary of the format's keys and common values takes a
/// decision record from about 1.5 KB deflated to about 0.6 KB; the byte keeps every stored value readable when a
/// later version adds a dictionary. A damaged value is refused rather than guessed at.
enum Deflate {
  /// A preset dictionary. Values are stored: never renumber, never change one (add a version instead).
  enum PresetDictionary: UInt8, CaseIterable {
    case none = 0
    case inputV1 = 1
    case recordV1 = 2

    static let inputBytes = Array(DeflateDictionaries.inputV1.utf8)
    static let recordBytes = Array(DeflateDictionaries.recordV1.utf8)

    var bytes: [UInt8] {
      switch self {
      case .none: []
      case .inputV1: Self.inputBytes
      case .recordV1: Self.recordBytes
      }
    }

    /// A stream already primed with this dictionary, copied for every value: loading a dictionary hashes all of
    /// it (24 KiB for the two), which cost more than deflating the record and the document themselves.
    var primed: PrimedStream {
      switch self {
      case .none: PrimedStream.none
      case .inputV1: PrimedStream.inputV1
      case .recordV1: PrimedStream.recordV1
      }
    }
  }

  /// A deflate stream set up once (level, window, memory level, preset dictionary) and never written to again;
  /// each value is deflated on a copy of it (`deflateCopy`), whose output is the same as a stream set up afresh.
  ///
  /// Unchecked: after `init` nothing writes to the stream, and `deflateCopy` only reads its source (it copies the
  /// state and buffers into the target), so workers may copy it at the same time without a lock.
  final class PrimedStream: @unchecked Sendable {
    static let none = PrimedStream(.none)
    static let inputV1 = PrimedStream(.inputV1)
    static let recordV1 = PrimedStream(.recordV1)

    /// The primed stream; never ended (the three live as long as the process).
    private let stream: UnsafeMutablePointer<z_stream>

    private init(_ dictionary: PresetDictionary) {
      // zlib keeps a pointer back to its stream and checks it on every call: the stream must not move.
      let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
      stream.initialize(to: z_stream())
      var status = deflateInit2_(
        stream, level, Z_DEFLATED, windowBits, memoryLevel, Z_DEFAULT_STRATEGY, zlibVersion(),
        Int32(MemoryLayout<z_stream>.size))
      precondition(status == Z_OK, "zlib deflateInit failed with status \(status)")
      let preset = dictionary.bytes
      if !preset.isEmpty {
        status = preset.withUnsafeBufferPointer { deflateSetDictionary(stream, $0.baseAddress, uInt($0.count)) }
        precondition(status == Z_OK, "zlib deflateSetDictionary failed with status \(status)")
      }
      self.stream = stream
    }

    /// Sets up `target` (allocated, not yet initialised by zlib) as a copy; the caller ends it with `deflateEnd`.
    func copy(into target: UnsafeMutablePointer<z_stream>) {
      let status = deflateCopy(target, stream)
      precondition(status == Z_OK, "zlib deflateCopy failed with status \(status)")
    }
  }

  /// Level 2 with a 16 KiB window (as large as the dictionaries) and a small hash table: on varied records it
  /// took half the CPU of zlib's defaults (level 6, 32 KiB, memory level 8) for 0.2 KB more per file; deflating
  /// was a fifth of the daemon's CPU with the defaults.
  static let level: Int32 = 2
  static let windowBits: Int32 = 14
  static let memoryLevel: Int32 = 5
  /// Above this a stored value is refused on reading (the intake limits files to 1 MiB; records are smaller).
  static let largestOriginal = 16 << 20
  private static let headerSize = 5

  /// `bytes`, deflated with `dictionary`, behind the dictionary's byte and their length.
  static func compress(_ bytes: [UInt8], dictionary: PresetDictionary) -> [UInt8] {
    // zlib keeps a pointer back to its stream and checks it on every call: the stream must not move.
    let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
    stream.initialize(to: z_stream())
    defer { stream.deallocate() }
    dictionary.primed.copy(into: stream)
    defer { deflateEnd(stream) }
    let bound = Int(deflateBound(stream, uLong(bytes.count)))
    var output = [UInt8](repeating: 0, count: headerSize + bound)
    output[0] = dictionary.rawValue
    let count = UInt32(bytes.count)
    for index in 0..<4 { output[1 + index] = UInt8(truncatingIfNeeded: count >> (8 * UInt32(index))) }
    let status = bytes.withUnsafeBufferPointer { source in
      output.withUnsafeMutableBufferPointer { target in
        // zlib never writes through next_in (its type predates const).
        stream.pointee.next_in = UnsafeMutablePointer(mutating: source.baseAddress)
        stream.pointee.avail_in = uInt(source.count)
        stream.pointee.next_out = target.baseAddress.map { $0 + headerSize }
        stream.pointee.avail_out = uInt(bound)
        return deflate(stream, Z_FINISH)
      }
    }
    // With deflateBound's room, one Z_FINISH call always completes the stream.
    precondition(status == Z_STREAM_END, "zlib deflate did not finish (status \(status))")
    output.removeLast(bound - Int(stream.pointee.total_out))
    return output
  }

  /// The bytes `compress` deflated, or `StoreError.damagedRecord`.
  static func decompress(_ stored: [UInt8]) throws -> [UInt8] {
    guard stored.count >= headerSize, let dictionary = PresetDictionary(rawValue: stored[0]) else {
      throw StoreError.damagedRecord("a deflated value of \(stored.count) bytes without a known header")
    }
    let count = (0..<4).reduce(0) { $0 | Int(stored[1 + $1]) << (8 * $1) }
    guard count <= largestOriginal else { throw StoreError.damagedRecord("a deflated value claiming \(count) bytes") }
    let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
    stream.initialize(to: z_stream())
    defer { stream.deallocate() }
    guard inflateInit_(stream, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
      throw StoreError.damagedRecord("zlib inflateInit failed")
    }
    defer { inflateEnd(stream) }
    var output = [UInt8](repeating: 0, count: max(count, 1))
    let status = stored.withUnsafeBufferPointer { source in
      output.withUnsafeMutableBufferPointer { target in
        stream.pointee.next_in = UnsafeMutablePointer(mutating: source.baseAddress.map { $0 + headerSize })
        stream.pointee.avail_in = uInt(source.count - headerSize)
        stream.pointee.next_out = target.baseAddress
        stream.pointee.avail_out = uInt(count)
        var status = inflate(stream, Z_FINISH)
        if status == Z_NEED_DICT {
          let preset = dictionary.bytes
          status = preset.withUnsafeBufferPointer { inflateSetDictionary(stream, $0.baseAddress, uInt($0.count)) }
          if status == Z_OK { status = inflate(stream, Z_FINISH) }
        }
        return status
      }
    }
    guard status == Z_STREAM_END, Int(stream.pointee.total_out) == count else {
      throw StoreError.damagedRecord("a deflated value that does not inflate (zlib status \(status))")
    }
    output.removeLast(output.count - count)
    return output
  }
}
