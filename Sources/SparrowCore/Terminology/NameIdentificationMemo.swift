import Synchronization

// MARK: - NameIdentificationMemo

/// Remembered answers of `MedicationIdentifier.identify(ingredientText:name:)` over the committed catalogs.
///
/// A hospital's feed names the same few hundred products over and over, and working a name out (splitting,
/// salts, brands, tracked tokens) was the largest single cost of reading a record. The answer depends only on
/// the two texts and on the terminology catalog and classifier, which are fixed for the standard identifier, so
/// a remembered answer is the answer. Bounded: when full it starts again, so a feed of endless distinct names
/// costs memory once, never more.
final class NameIdentificationMemo: Sendable {
  /// The memo of identifiers over `TerminologyCatalog.standard` and `DrugClassifier.standard`.
  static let standard = NameIdentificationMemo(capacity: 4_096)

  /// The most answers kept.
  let capacity: Int
  private let answers = Mutex<[Key: MedicationIdentifier.Identification]>([:])

  struct Key: Hashable, Sendable {
    var ingredientText: String
    var name: String
  }

  init(capacity: Int) { self.capacity = capacity }

  /// The remembered answer for the two texts, or `work`'s, remembered.
  func identification(
    ingredientText: String, name: String, work: () -> MedicationIdentifier.Identification
  ) -> MedicationIdentifier.Identification {
    let key = Key(ingredientText: ingredientText, name: name)
    if let known = answers.withLock({ $0[key] }) { return known }
    // Worked out outside the lock: two workers may both work out a new name, and agree.
    let found = work()
    answers.withLock { answers in
      if answers.count >= capacity { answers.removeAll(keepingCapacity: true) }
      answers[key] = found
    }
    return found
  }

  /// How many answers are kept.
  var count: Int { answers.withLock { $0.count } }
}
