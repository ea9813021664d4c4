import Testing

@testable import SparrowDaemon

@Suite struct PendingNamesTests {
  /// Names come out oldest first, once each, however the takes are sized.
  @Test(arguments: [1, 7, 64, 5_000])
  func namesComeOutOnceInArrivalOrder(batch: Int) {
    var pending = PendingNames(limit: 20_000)
    let names = (0..<12_000).map { "n\($0).json" }
    let first = pending.add(Array(names[..<6_000]))
    let second = pending.add(Array(names[3_000...]))  // half already waiting: no repeats
    #expect(first && second)
    var taken: [String] = []
    while !pending.isEmpty { taken += pending.take(batch) }
    #expect(taken == names)
    let after = pending.take(batch)
    #expect(after.isEmpty)
  }

  /// The limit counts the names still waiting, not those already taken; names over it are left for a rescan.
  @Test func theLimitCountsOnlyNamesStillWaiting() {
    var pending = PendingNames(limit: 3)
    let overLimit = pending.add(["a", "b", "c", "d"])
    #expect(!overLimit)
    let firstTwo = pending.take(2)
    #expect(firstTwo == ["a", "b"])
    let withinLimit = pending.add(["d", "e"])
    #expect(withinLimit)
    let overAgain = pending.add(["f"])
    #expect(!overAgain)
    let rest = pending.take(10)
    #expect(rest == ["c", "d", "e"])
    #expect(pending.isEmpty)
  }

  /// A name taken and then found again (a file sent once more) waits again.
  @Test func aTakenNameCanWaitAgain() {
    var pending = PendingNames(limit: 10)
    pending.add(["a", "b"])
    let first = pending.take(1)
    #expect(first == ["a"])
    pending.add(["a"])
    let rest = pending.take(5)
    #expect(rest == ["b", "a"])
  }
}
