import Dispatch
import Synchronization
import Testing

@testable import SparrowDaemon

@Suite struct WorkCursorTests {
  /// However the workers interleave, each index is taken exactly once and none past the end.
  @Test(arguments: [0, 1, 63, 10_000])
  func everyIndexIsTakenOnceAcrossWorkers(count: Int) {
    let cursor = WorkCursor()
    let taken = Mutex([Int](repeating: 0, count: count))
    DispatchQueue.concurrentPerform(iterations: 8) { _ in
      while let index = cursor.take(below: count) {
        taken.withLock { $0[index] += 1 }
      }
    }
    #expect(taken.withLock { $0 } == [Int](repeating: 1, count: count))
    #expect(cursor.take(below: count) == nil)
  }
}
