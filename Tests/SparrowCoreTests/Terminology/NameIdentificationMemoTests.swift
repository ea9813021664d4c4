import Testing

@testable import SparrowCore

/// The standard identifier remembers name identifications. A remembered answer must be the answer worked out, the
/// memo must stay within its bound, and an identifier over other catalogs must not use answers from the standard
/// ones.
@Suite struct NameIdentificationMemoTests {
  /// Synthetic order texts of every kind: ingredients with salts, combinations, brands, opioid-like names Sparrow
  /// cannot resolve, other drugs and nothing at all.
  static let orders: [(ingredient: String, name: String)] = [
    ("oxycodone", "Oxycodone 5 mg tablet"),
    ("oxycodone hydrochloride / acetaminophen", "Percocet 5/325"),
    ("", "MS Contin 30 mg ER"),
    ("benzhydrocodone", "Apadaz 6.12/325"),
    ("morphine sulfate", "Morphine 2 mg/mL injection"),
    ("opioid analgesic", "unknown opioid 10 mg"),
    ("metformin", "Metformin 500 mg tablet"),
    ("", ""),
  ]

  @Test(arguments: orders)
  func aRememberedAnswerIsTheWorkedOutAnswer(order: (ingredient: String, name: String)) {
    let identifier = MedicationIdentifier()
    let worked = identifier.workOut(ingredientText: order.ingredient, name: order.name)
    #expect(identifier.identify(ingredientText: order.ingredient, name: order.name) == worked)
    // The second time it comes from the memo.
    #expect(identifier.identify(ingredientText: order.ingredient, name: order.name) == worked)
  }

  @Test func theMemoStaysWithinItsBound() {
    let memo = NameIdentificationMemo(capacity: 3)
    let identifier = MedicationIdentifier()
    var worked = 0
    for round in 0..<2 {
      for index in 0..<10 {
        let found = memo.identification(ingredientText: "synthetic-\(index)", name: "") {
          worked += 1
          return identifier.workOut(ingredientText: "synthetic-\(index)", name: "")
        }
        #expect(found.ingredient == identifier.workOut(ingredientText: "synthetic-\(index)", name: "").ingredient)
        #expect(memo.count <= 3, "round \(round), name \(index)")
      }
    }
    // Ten distinct names through a memo of three are worked out again the second time round.
    #expect(worked == 20)
    _ = memo.identification(ingredientText: "synthetic-9", name: "") {
      worked += 1
      return identifier.workOut(ingredientText: "synthetic-9", name: "")
    }
    #expect(worked == 20, "the newest answer is remembered")
  }

  @Test func anIdentifierOverOtherCatalogsRemembersNothing() {
    let other = MedicationIdentifier(rxnorm: .standard, terminology: .standard, classifier: .standard)
    #expect(other.nameMemo == nil)
    #expect(MedicationIdentifier().nameMemo === NameIdentificationMemo.standard)
  }
}
