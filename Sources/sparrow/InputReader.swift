import Foundation
import SparrowCore

// MARK: - InputReader

/// Reads one input file (or standard input for `-`) with a size cap, so an oversize file is refused before
/// it is held in memory.
enum InputReader {
  /// Why input could not be read.
  enum Failure: Error {
    case missing(String)
    case tooLarge(String, limit: Int)
    case unreadable(String, String)
  }

  /// The bytes of `path`, at most `limit` bytes.
  static func read(_ path: String, limit: Int) throws(Failure) -> [UInt8] {
    let handle: FileHandle
    if path == "-" {
      handle = FileHandle.standardInput
    } else {
      var isDirectory: ObjCBool = false
      guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
        throw .missing("\(path): no such file")
      }
      guard !isDirectory.boolValue else { throw .unreadable(path, "is a directory") }
      guard let opened = FileHandle(forReadingAtPath: path) else {
        throw .missing("\(path): cannot open for reading")
      }
      handle = opened
    }
    defer { if path != "-" { try? handle.close() } }
    do {
      // Read one byte past the limit: enough to know the file is too large, never the whole of it.
      var bytes: [UInt8] = []
      while bytes.count <= limit {
        guard let chunk = try handle.read(upToCount: min(65_536, limit + 1 - bytes.count)), !chunk.isEmpty
        else { break }
        bytes.append(contentsOf: chunk)
      }
      guard bytes.count <= limit else { throw Failure.tooLarge(path, limit: limit) }
      return bytes
    } catch let failure as Failure {
      throw failure
    } catch {
      throw .unreadable(path, "\(error)")
    }
  }
}
