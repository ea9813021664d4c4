import Synchronization

// MARK: - WorkCursor

/// Hands out the indices of a batch, each once, to whichever worker asks next.
final class WorkCursor: Sendable {
  private let next = Atomic(0)

  /// The next index not yet taken, or nil once all below `count` are.
  func take(below count: Int) -> Int? {
    let index = next.wrappingAdd(1, ordering: .relaxed).oldValue
    return index < count ? index : nil
  }
}
