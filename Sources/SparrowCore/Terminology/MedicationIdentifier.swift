// MARK: - MedicationIdentifier

/// Works out what an order is from whatever it carries: RxNorm codes, a FHIR Medication's ingredients, a v1
/// ingredient name (salts, combinations, brands), or last a display name. Pure; the catalogs are data.
public struct MedicationIdentifier: Sendable {
  /// Concepts a policy's `rxnorm` section adds to (or overrides in) the built-in list.
  public var rxnorm: RxNormCatalog
  /// The committed terminology catalog.
  public let terminology: TerminologyCatalog
  /// Ingredient classes.
  public let classifier: DrugClassifier
  /// Remembered name identifications; only over the standard catalogs, which is what the answers depend on.
  let nameMemo: NameIdentificationMemo?

  /// An identifier over the committed terminology catalog and classes, and `rxnorm` (a policy's additions).
  public init(rxnorm: RxNormCatalog = .standard) {
    self.rxnorm = rxnorm
    self.terminology = .standard
    self.classifier = .standard
    self.nameMemo = .standard
  }

  /// An identifier over the given catalogs.
  public init(rxnorm: RxNormCatalog, terminology: TerminologyCatalog, classifier: DrugClassifier) {
    self.rxnorm = rxnorm
    self.terminology = terminology
    self.classifier = classifier
    self.nameMemo = nil
  }

  /// One ingredient as an order or its Medication names it.
  public struct IngredientInput: Sendable, Equatable {
    /// RxNorm codes of the ingredient, when coded.
    public var rxnormCodes: [String]
    /// Its name, when written.
    public var name: String?
    /// Its strength, when given.
    public var strength: Strength?
    /// A transdermal rate, when its strength is per hour.
    public var transdermalRateMcgPerHour: Double?

    /// An ingredient from its parts.
    public init(
      rxnormCodes: [String] = [], name: String? = nil, strength: Strength? = nil,
      transdermalRateMcgPerHour: Double? = nil
    ) {
      self.rxnormCodes = rxnormCodes
      self.name = name
      self.strength = strength
      self.transdermalRateMcgPerHour = transdermalRateMcgPerHour
    }
  }

  /// What an order turned out to be.
  public struct Identification: Sendable, Equatable {
    /// The ingredient that matters for Sparrow (the opioid in a combination), lower case; `unidentified` when none.
    public var ingredient: String
    /// The other ingredients, lower case.
    public var otherIngredients: [String] = []
    /// How it was identified.
    public var method: IdentificationMethod
    /// The RxNorm code used, when one was.
    public var rxnorm: String?
    /// Strength of `ingredient`, when known from the source used.
    public var strength: Strength?
    /// Transdermal rate, mcg/h, when known.
    public var transdermalRateMcgPerHour: Double?
    /// Dose form, route and release, when a product gives them.
    public var doseForm: DoseForm?
    public var route: Route?
    public var extendedRelease: Bool?
    /// Where the identity came from (catalog provenance, or what was matched).
    public var detail: String
    /// For an unresolved order: the class it points to (an IG value set of its code, or a token in its name).
    public var unresolvedClass: DrugClass?
  }

  /// The ingredient name Sparrow records for an order it could not identify.
  public static let unidentified = "unidentified"

  // MARK: - Codes

  /// The most specific concept among `codes`: a product (with strength) over an ingredient. A policy's entries
  /// come first, then the committed catalog.
  public func concept(codes: [String]) -> Identification? {
    var ingredientLevel: Identification?
    for code in codes {
      if let entry = rxnorm.entries[code] {
        let identification = Identification(
          ingredient: entry.ingredient,
          method: entry.strength != nil || entry.transdermalRateMcgPerHour != nil
            ? .rxnormProduct : .rxnormIngredient,
          rxnorm: code, strength: entry.strength, transdermalRateMcgPerHour: entry.transdermalRateMcgPerHour,
          doseForm: entry.doseForm, route: entry.route, extendedRelease: entry.extendedRelease,
          detail: entry.source)
        if identification.method == .rxnormProduct { return identification }
        ingredientLevel = ingredientLevel ?? identification
      } else if let product = terminology.products[code] {
        return Identification(
          ingredient: product.ingredient, otherIngredients: product.otherIngredients, method: .rxnormProduct,
          rxnorm: code, strength: product.strength, transdermalRateMcgPerHour: product.transdermalRateMcgPerHour,
          doseForm: product.doseForm, route: product.route, extendedRelease: product.extendedRelease,
          detail: "RxNorm \(code) \(product.name); \(product.provenance)")
      } else if let ingredient = terminology.ingredients[code] {
        ingredientLevel =
          ingredientLevel
          ?? Identification(
            ingredient: ingredient, method: .rxnormIngredient, rxnorm: code,
            detail: "RxNorm ingredient \(code) (\(ingredient)), from the catalog's products")
      }
    }
    return ingredientLevel
  }

  // MARK: - Names

  /// Splits a name into its ingredients: lower case, combinations split on `/`, `+`, `,` and "and", strengths
  /// and salt words dropped (`Oxycodone HCl 5 mg / Acetaminophen 325 mg` → `oxycodone`, `acetaminophen`).
  public static func ingredientNames(in text: String) -> [String] {
    // Separators are ASCII, so they are replaced in the UTF-8 bytes (never inside a multi-byte character):
    // String's substring search was a tenth of the daemon's CPU on orders that name no opioid.
    var lowered = Array((" " + text.lowercased() + " ").utf8)
    for separator in separators { lowered = replacing(separator, in: lowered) }
    return String(decoding: lowered, as: UTF8.self).split(separator: "|").compactMap { part in
      var words: [Substring] = []
      var leading = true
      for word in part.split(whereSeparator: { $0.isWhitespace || $0 == "(" || $0 == ")" }) {
        // RxNorm names may start with a duration or volume (`12 HR`, `1 ML`); after the name, a number ends it.
        if word.first?.isNumber == true {
          if leading { continue }
          break
        }
        if leading && leadingUnitWords.contains(String(word)) { continue }
        leading = false
        if saltWords.contains(String(word)) || releaseWords.contains(String(word)) { continue }
        words.append(word)
      }
      return words.isEmpty ? nil : words.joined(separator: " ")
    }
  }

  /// What separates the ingredients of a combination, replaced in this order (` w/ ` before `/`).
  static let separators = [" w/ ", " w/", "/", "+", ",", ";", " and ", " with ", " & ", "-"].map { Array($0.utf8) }

  /// `bytes` with every occurrence of `pattern`, left to right and not overlapping, replaced by `|`.
  static func replacing(_ pattern: [UInt8], in bytes: [UInt8]) -> [UInt8] {
    guard let first = pattern.first, bytes.contains(first) else { return bytes }
    var output: [UInt8] = []
    output.reserveCapacity(bytes.count)
    var index = 0
    while index < bytes.count {
      if bytes[index] == first && index + pattern.count <= bytes.count
        && bytes[index..<index + pattern.count].elementsEqual(pattern)
      {
        output.append(UInt8(ascii: "|"))
        index += pattern.count
      } else {
        output.append(bytes[index])
        index += 1
      }
    }
    return output
  }

  /// Units that follow a leading number in RxNorm names (`12 HR`, `1 ML`, `80 ACTUAT`).
  static let leadingUnitWords: Set<String> = ["hr", "ml", "actuat", "day"]

  /// Release, preservative and presentation words that name no ingredient (`morphine ER`, `hydromorphone PF`).
  static let releaseWords: Set<String> = [
    "er", "ir", "sr", "xr", "cr", "la", "xl", "dr", "ec", "ods", "odt", "pf", "abuse", "deterrent", "extended",
    "immediate", "release", "oral", "tablet", "tablets", "tab", "tabs", "capsule", "capsules", "cap", "solution",
    "injection", "injectable", "patch", "transdermal", "po", "iv", "im", "sl", "concentrate", "liquid", "elixir",
    "syrup", "suspension", "film", "spray", "nasal", "sublingual", "buccal", "rectal", "suppository", "system",
    "matrix", "delivery", "preservative", "free",
  ]

  /// Salt, ester and release words that name no ingredient of their own.
  static let saltWords: Set<String> = [
    "hydrochloride", "hcl", "sulfate", "sulphate", "bitartrate", "citrate", "phosphate", "tartrate",
    "terephthalate", "polistirex", "napsylate", "hydrobromide", "hbr", "mesylate", "maleate", "acetate", "succinate",
    "besylate", "sodium", "potassium", "bromide", "chloride", "pamoate", "resinate", "tannate", "mucate",
    "anhydrous", "methylbromide", "liposomal", "tincture", "salt", "base", "dipotassium", "monohydrate",
    "dihydrate", "bit", "bitart",
  ]

  /// What a v1 order's `ingredient` (and `name`) say: a known ingredient after normalising, a brand, or an
  /// unresolved opioid-like name.
  public func identify(ingredientText: String, name: String) -> Identification {
    guard let nameMemo else { return workOut(ingredientText: ingredientText, name: name) }
    return nameMemo.identification(ingredientText: ingredientText, name: name) {
      workOut(ingredientText: ingredientText, name: name)
    }
  }

  /// `identify(ingredientText:name:)` worked out, without the memo.
  func workOut(ingredientText: String, name: String) -> Identification {
    if let found = known(in: Self.ingredientNames(in: ingredientText), method: .ingredientName, source: ingredientText)
    {
      return found
    }
    if let found = brand(in: ingredientText) ?? brand(in: name) { return found }
    if let found = known(in: Self.ingredientNames(in: name), method: .displayName, source: name) { return found }
    return unresolved(ingredientText + " " + name, fallback: Self.ingredientNames(in: ingredientText).first)
  }

  /// The ingredients of `names` Sparrow knows: the first opioid (else the first known ingredient) leads, the rest
  /// are its other ingredients.
  func known(in names: [String], method: IdentificationMethod, source: String) -> Identification? {
    let known = names.filter { isKnown($0) }
    guard !known.isEmpty else { return nil }
    let lead =
      known.first { classifier.drugClass(of: $0) == .opioid } ?? known.first { classifier.drugClass(of: $0) != .other }
      ?? known[0]
    // A part that was not matched but looks like an opioid (`benzhydrocodone`, `oxycodone w`) must not leave the
    // other ingredient to lead: the order is then an unresolved opioid.
    if classifier.drugClass(of: lead) != .opioid,
      names.contains(where: { !isKnown($0) && Self.trackedClass(of: $0) == .opioid })
    {
      return nil
    }
    return Identification(
      ingredient: lead, otherIngredients: known.filter { $0 != lead }, method: method,
      detail: "'\(source)' read as \(known.joined(separator: " + "))")
  }

  /// A brand name in `text` (`Percocet 5/325`), from the catalog's branded products.
  func brand(in text: String) -> Identification? {
    let lowered = text.lowercased()
    let tokens = lowered.split(whereSeparator: { !$0.isLetter && !$0.isNumber })
    let words = " " + tokens.joined(separator: " ") + " "
    // Of the brands the text holds, the one first in `brandNames` (longest first, so `ms contin` wins over a
    // shorter brand inside it). A brand the text holds starts with one of its words, so only those are tried.
    var found: (name: String, rank: Int)?
    for token in Set(tokens) {
      for candidate in terminology.brandsByFirstWord[token] ?? [] where candidate.rank < (found?.rank ?? .max) {
        if words.contains(" " + candidate.name + " ") { found = candidate }
      }
    }
    if let brand = found?.name {
      guard let entry = terminology.brands[brand] else { return nil }
      return Identification(
        ingredient: entry.ingredient, otherIngredients: entry.otherIngredients, method: .brandName,
        extendedRelease: entry.extendedRelease,
        detail:
          "brand '\(brand)' is \(([entry.ingredient] + entry.otherIngredients).joined(separator: " + ")) in the catalog"
      )
    }
    return nil
  }

  /// Whether `name` is an ingredient Sparrow knows: classed, or named as an ingredient of a catalog product.
  func isKnown(_ name: String) -> Bool {
    classifier.classes[name] != nil || terminology.knownIngredients.contains(name)
  }

  /// An order that matched nothing: unknown if its text holds a token of a tracked class, else unclassified.
  func unresolved(_ text: String, fallback: String?, codes: [String] = []) -> Identification {
    // A code the IG's own value sets place in a tracked class is that class, even without a strength here.
    for code in codes {
      if let (valueSet, drugClass) = Self.classValueSets.first(where: {
        terminology.contains($0.valueSet, code: code, in: .rxnorm)
      }) {
        return Identification(
          ingredient: fallback ?? Self.unidentified, method: .unresolvedName, rxnorm: code,
          detail:
            "RxNorm \(code) is in the IG's \(valueSet) value set (\(drugClass.rawValue)) but has no strength in the catalog",
          unresolvedClass: drugClass)
      }
    }
    let unmatched = Self.ingredientNames(in: text).filter { !isKnown($0) }.joined(separator: " ")
    let lowered = unmatched.isEmpty ? text.lowercased() : unmatched
    if let token = Self.trackedToken(in: lowered) {
      return Identification(
        ingredient: fallback ?? Self.unidentified, method: .unresolvedName,
        detail:
          "'\(text.trimmed)' suggests \(token.drugClass.rawValue) ('\(token.token)') but names no ingredient Sparrow knows",
        unresolvedClass: token.drugClass)
    }
    return Identification(
      ingredient: fallback ?? Self.unidentified, method: .unclassified,
      detail: "'\(text.trimmed)' matched no RxNorm code, ingredient or brand Sparrow knows")
  }

  /// Name fragments of the classes whose presence changes advice: opioids, benzodiazepines, opioid antagonists
  /// and ketamine. Checked only after every exact match failed.
  static let trackedTokens: [(token: String, drugClass: DrugClass, bytes: [UInt8])] =
    ([

      ("codon", .opioid), ("morph", .opioid), ("fentan", .opioid), ("opioid", .opioid), ("opiate", .opioid),
      ("codeine", .opioid), ("methadon", .opioid), ("orphan", .opioid), ("tapent", .opioid), ("tramad", .opioid),
      ("meperid", .opioid), ("pethidin", .opioid), ("buprenorph", .opioid), ("opium", .opioid),
      ("heroin", .opioid), ("sufent", .opioid), ("remifent", .opioid), ("alfent", .opioid), ("nalbuph", .opioid),
      ("butorph", .opioid), ("pentazo", .opioid), ("azepam", .benzodiazepine), ("azolam", .benzodiazepine),
      ("benzodiaz", .benzodiazepine), ("zepam", .benzodiazepine), ("naloxon", .opioidAntagonist),
      ("naltrex", .opioidAntagonist), ("nalmef", .opioidAntagonist), ("ketamin", .nmdaAntagonist),
    ] as [(String, DrugClass)]).map { (token: $0.0, drugClass: $0.1, bytes: Array($0.0.utf8)) }

  /// Whether `haystack` holds `needle` (UTF-8 bytes; the tokens are ASCII).
  static func bytes(_ haystack: [UInt8], contain needle: [UInt8]) -> Bool {
    guard let first = needle.first, haystack.count >= needle.count else { return needle.isEmpty }
    for index in 0...(haystack.count - needle.count)
    where haystack[index] == first && haystack[index..<index + needle.count].elementsEqual(needle) {
      return true
    }
    return false
  }

  /// The IG value sets that say a code is of a tracked class, checked when the catalog has no entry for it.
  static let classValueSets: [(valueSet: String, drugClass: DrugClass)] = [
    ("opioid-analgesics-with-ambulatory-misuse-potential", .opioid),
    ("extended-release-opioid-with-ambulatory-misuse-potential", .opioid),
    ("buprenorphine-and-methadone-medications", .opioid), ("fentanyl-type-medications", .opioid),
    ("benzodiazepine-medications", .benzodiazepine), ("naloxone-medications", .opioidAntagonist),
  ]

  /// The class an unresolved name points to, when it holds a tracked token.
  public static func trackedClass(of text: String) -> DrugClass? {
    trackedToken(in: text.lowercased())?.drugClass
  }

  /// The first tracked token `lowered` (lower-case text) holds, searched in its UTF-8 bytes.
  static func trackedToken(in lowered: String) -> (token: String, drugClass: DrugClass, bytes: [UInt8])? {
    let bytes = Array(lowered.utf8)
    return trackedTokens.first { Self.bytes(bytes, contain: $0.bytes) }
  }

  // MARK: - Display text

  /// Last resort for a coded order: a known ingredient in the display text, with the strength written after it
  /// (`oxycodone hydrochloride 5 MG Oral Tablet` → oxycodone, 5 mg).
  public func identify(displayText text: String) -> Identification? {
    let names = Self.ingredientNames(in: text)
    guard var found = known(in: names, method: .displayName, source: text) else { return nil }
    found.strength = Self.strength(after: found.ingredient, in: text)
    found.detail +=
      found.strength.map { ", strength \(MMEArithmetic.text($0.value)) \($0.unit.rawValue) from the text" } ?? ""
    return found
  }

  /// The first strength written after `ingredient` in `text` (`5 MG`, `2.5 mg/mL`, `100 MCG`).
  static func strength(after ingredient: String, in text: String) -> Strength? {
    let lowered = text.lowercased()
    guard let start = lowered.firstRange(of: ingredient)?.upperBound else { return nil }
    // Only up to the next ingredient: in `Tramadol / APAP 325 MG` the 325 mg is acetaminophen's.
    let own = lowered[start...].prefix { !"/+,;&".contains($0) }
    let words = own.split(whereSeparator: \.isWhitespace).prefix(4)
    for (offset, word) in words.enumerated() {
      guard let value = Double(word), value > 0, offset + 1 < words.count else { continue }
      switch words[words.index(words.startIndex, offsetBy: offset + 1)] {
      case "mg": return Strength(value, .mg)
      case "mcg", "ug": return Strength(value, .mcg)
      case "mg/ml": return Strength(value, .mgPerML)
      case "mcg/ml": return Strength(value, .mcgPerML)
      default: return nil
      }
    }
    return nil
  }

  // MARK: - FHIR Medication ingredients

  /// A Medication's ingredients, matched one by one: the opioid leads with its own strength, so a combination's
  /// other strengths are never taken for it.
  public func identify(ingredients: [IngredientInput]) -> Identification? {
    var matched: [(name: String, input: IngredientInput)] = []
    for input in ingredients {
      if let concept = concept(codes: input.rxnormCodes) {
        matched.append((concept.ingredient, input))
      } else if let name = input.name,
        let found = known(in: Self.ingredientNames(in: name), method: .ingredientName, source: name)
      {
        matched.append((found.ingredient, input))
        matched += found.otherIngredients.map { ($0, IngredientInput()) }
      }
    }
    guard !matched.isEmpty else { return nil }
    let lead = matched.first { classifier.drugClass(of: $0.name) == .opioid } ?? matched[0]
    let unmatchedOpioid = ingredients.contains { input in
      concept(codes: input.rxnormCodes) == nil
        && input.name.map { name in
          Self.ingredientNames(in: name).contains { !isKnown($0) && Self.trackedClass(of: $0) == .opioid }
        } == true
    }
    if classifier.drugClass(of: lead.name) != .opioid && unmatchedOpioid { return nil }
    return Identification(
      ingredient: lead.name, otherIngredients: matched.map(\.name).filter { $0 != lead.name },
      method: .medicationIngredient, rxnorm: lead.input.rxnormCodes.first, strength: lead.input.strength,
      transdermalRateMcgPerHour: lead.input.transdermalRateMcgPerHour,
      detail: "Medication.ingredient: \(matched.map(\.name).joined(separator: " + ")); \(lead.name)'s own strength")
  }
}

extension String {
  fileprivate var trimmed: String {
    split(whereSeparator: \.isWhitespace).joined(separator: " ")
  }
}
