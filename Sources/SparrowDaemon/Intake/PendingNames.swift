/// Names waiting to be claimed: ordered, without repeats, bounded.
struct PendingNames {
  let limit: Int
  /// Names in arrival order; those before `head` are taken, and are dropped in bulk rather than one `removeFirst` each.
  private var order: [String] = []
  private var head = 0
  private var members: Set<String> = []

  init(limit: Int) { self.limit = limit }

  var isEmpty: Bool { head == order.count }

  /// Adds names; false if some were left out because the limit was reached (a rescan finds them later).
  @discardableResult
  mutating func add(_ names: [String]) -> Bool {
    var complete = true
    for name in names where !members.contains(name) {
      guard members.count < limit else {
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
    let end = Swift.min(order.count, head + Swift.max(0, count))
    let taken = Array(order[head..<end])
    head = end
    for name in taken { members.remove(name) }
    if head == order.count {
      order.removeAll(keepingCapacity: true)
      head = 0
    } else if head >= 4_096 && head * 2 >= order.count {
      order.removeFirst(head)
      head = 0
    }
    return taken
  }
}
