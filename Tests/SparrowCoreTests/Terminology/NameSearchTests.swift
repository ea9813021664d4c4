import Testing

@testable import SparrowCore

/// Order names are searched faster than they were: brands by their first word instead of every brand against
/// every text (the linear scan cost half the daemon's CPU on orders that name no opioid), and separators in the
/// UTF-8 bytes instead of String's substring search. The answers must not change.
@Suite struct NameSearchTests {
  /// The linear scan the index replaced: the first brand, longest first, that the text holds.
  private func linearScan(_ text: String) -> String? {
    let words =
      " " + text.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).joined(separator: " ") + " "
    return TerminologyCatalog.standard.brandNames.first { words.contains(" " + $0 + " ") }
  }

  @Test func theIndexFindsWhatTheLinearScanFound() {
    let catalog = TerminologyCatalog.standard
    let identifier = MedicationIdentifier()
    var texts = catalog.products.values.map(\.name) + catalog.brandNames.map { "\($0) 5 mg tablet" }
    texts += catalog.brandNames.prefix(40).map { "Synthetic order: \($0.uppercased()), and acetaminophen" }
    texts += ["Acetaminophen 500 mg tablet", "Ondansetron 4 mg", "", "ms contin 30 mg", "MS Contin 15mg ER"]
    var withBrand = 0
    for text in texts {
      let expected = linearScan(text)
      let found = identifier.brand(in: text)
      #expect(
        found?.detail
          == expected.map { brand in
            let entry = catalog.brands[brand]
            return
              "brand '\(brand)' is \(([entry?.ingredient ?? ""] + (entry?.otherIngredients ?? [])).joined(separator: " + ")) in the catalog"
          }, "\(text)")
      if expected != nil { withBrand += 1 }
    }
    #expect(withBrand > 50)
  }

  /// The string replacement the byte one replaced.
  private func stringSplit(_ text: String) -> [String] {
    var lowered = " " + text.lowercased() + " "
    for separator in [" w/ ", " w/", "/", "+", ",", ";", " and ", " with ", " & ", "-"] {
      lowered = lowered.split(separator: separator, omittingEmptySubsequences: false).joined(separator: "|")
    }
    return lowered.split(separator: "|").map(String.init)
  }

  @Test func separatorsSplitAsTheStringSearchDid() {
    let texts =
      TerminologyCatalog.standard.products.values.map(\.name) + [
        "Oxycodone HCl 5 mg w/ Acetaminophen", "codeine w/guaifenesin", "A and B with C & D-E", "Ünïcödé/ÄÖ + ß",
        "", "///", " w/ ", "tramadol-acetaminophen 37.5/325",
      ]
    for text in texts {
      var lowered = Array((" " + text.lowercased() + " ").utf8)
      for separator in MedicationIdentifier.separators {
        lowered = MedicationIdentifier.replacing(separator, in: lowered)
      }
      #expect(
        String(decoding: lowered, as: UTF8.self).split(separator: "|").map(String.init) == stringSplit(text), "\(text)")
    }
  }

  @Test func trackedTokensAreFoundAsBefore() {
    for text in ["levorphanol 2 mg", "Unknown-morphine", "diazepam", "nothing here", "KETAMINE", ""] {
      let lowered = text.lowercased()
      let expected = MedicationIdentifier.trackedTokens.first { lowered.contains($0.token) }?.token
      let found = MedicationIdentifier.trackedTokens.first {
        MedicationIdentifier.bytes(Array(lowered.utf8), contain: $0.bytes)
      }?.token
      #expect(found == expected, "\(text)")
    }
  }
}
