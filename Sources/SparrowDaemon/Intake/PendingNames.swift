import DequeModule

/// Names waiting to be claimed: ordered, without repeats, bounded.
struct PendingNames {
  let limit: Int
  /// Names in arrival order: a deque, so that taking a batch from the front costs the batch, not the whole queue.
  private var order: Deque<String> = []
  private var members: Set<String> = []

  init(limit: Int) { self.limit = limit }

  var isEmpty: Bool { order.isEmpty }

  /// Adds names; false if some were left out because the limit was reached (a rescan finds them later).
  @discardableResult
  mutating func add(_ names: [String]) -> Bool {
    var complete = true
    for name in names where !members.contains(name) {
      guard order.count < limit else {
        complete = false
        break
      }
      order.append(name)
      members.insert(name)
    }
    return complete
  }

  /// Removes and returns up to `count` names, oldest first.
  mutating func take(_ count: Int) -> [String] {
    let taken = Array(order.prefix(count))
    order.removeFirst(taken.count)
    for name in taken { members.remove(name) }
    return taken
  }
}
