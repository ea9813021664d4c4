// MARK: - TerminologyCatalog

/// Sparrow's committed terminology: the CDC Opioid IG's RxNorm opioid products with their opioid strengths, and
/// its value sets (RxNorm, ICD-10-CM, LOINC and, when built with the `SNOMEDCT` trait, SNOMED CT). Parsed once from
/// `TerminologyData`; each entry keeps where it came from.
public struct TerminologyCatalog: Sendable {
  /// An RxNorm product with an opioid ingredient.
  public struct Product: Sendable, Equatable {
    /// The product's RxCUI.
    public var rxcui: String
    /// Its RxNorm name.
    public var name: String
    /// Its RxNorm dose form name (`Oral Tablet`).
    public var doseFormName: String
    /// The opioid ingredient, lower case.
    public var ingredient: String
    /// The opioid's strength per unit or per mL; nil for transdermal systems (see `transdermalRateMcgPerHour`) and
    /// metered sprays (see `milligramsPerActuation`).
    public var strength: Strength?
    /// Delivery rate of a transdermal system, mcg/h.
    public var transdermalRateMcgPerHour: Double?
    /// Milligrams per actuation of a metered spray.
    public var milligramsPerActuation: Double?
    /// Whether the CDC IG counts it as extended-release or long-acting.
    public var extendedRelease: Bool
    /// The product's other (non-opioid) ingredients, lower case.
    public var otherIngredients: [String]
    /// The brand name, when the product is branded.
    public var brand: String?
    /// Where the entry came from.
    public var provenance: String

    /// The dose form in Sparrow's vocabulary.
    public var doseForm: DoseForm {
      let form = doseFormName.lowercased()
      if form.contains("transdermal") { return .patch }
      if form.contains("tablet") { return .tablet }
      if form.contains("capsule") { return .capsule }
      if form.contains("film") { return .film }
      if form.contains("spray") { return .spray }
      if form.contains("suppository") { return .suppository }
      if form.contains("lozenge") { return .lozenge }
      if form.contains("inject") || form.contains("syringe") || form.contains("cartridge") { return .injection }
      if form.contains("solution") || form.contains("suspension") || form.contains("elixir") { return .solution }
      return .other
    }

    /// The route the dose form implies, when it implies one.
    public var route: Route? {
      let form = doseFormName.lowercased()
      if form.contains("transdermal") { return .transdermal }
      if form.contains("sublingual") { return .sublingual }
      if form.contains("buccal") { return .buccal }
      if form.contains("nasal") { return .nasal }
      if form.contains("rectal") { return .rectal }
      if form.contains("oral") { return .oral }
      return nil
    }
  }

  /// A code system of the value sets.
  public enum System: String, Sendable, CaseIterable {
    case rxnorm
    case icd10cm
    case loinc
    case snomedct
  }

  /// Where a value set came from.
  public struct ValueSetSource: Sendable, Equatable {
    /// The ValueSet's `id` (`conditions-documenting-substance-misuse`).
    public var id: String
    /// Its canonical URL.
    public var url: String
    /// Its title.
    public var title: String
  }

  /// Products by RxCUI.
  public let products: [String: Product]
  /// Opioid ingredient names by their RxCUI, from the products.
  public let ingredients: [String: String]
  /// Every ingredient name the products mention: their opioids and their other ingredients.
  public let knownIngredients: Set<String>
  /// Value set ids by (system, code); ICD-10-CM codes without dots, upper case.
  private let memberships: [String: [String]]
  /// The value sets' sources, by id.
  public let valueSets: [String: ValueSetSource]
  /// A brand's ingredients and release, from every catalog product of that brand.
  public struct Brand: Sendable {
    /// The opioid ingredient.
    public var ingredient: String
    /// The other ingredients.
    public var otherIngredients: [String]
    /// True when every product of the brand is ER/LA, false when none is, nil when the brand has both.
    public var extendedRelease: Bool?
  }

  /// Brands by name, lower case, words separated by single spaces (`ms contin`, `synalgos dc`).
  public let brands: [String: Brand]
  /// The brand names, longest first (the order a text is searched in).
  public let brandNames: [String]
  /// The brand names by their first word, each list longest first, with each name's place in `brandNames`: a
  /// text is searched only for the brands that start with one of its words.
  let brandsByFirstWord: [Substring: [(name: String, rank: Int)]]

  /// Whether the SNOMED CT value-set codes are built in (the `SNOMEDCT` package trait).
  public static var includesSNOMEDCT: Bool {
    #if SNOMEDCT
    true
    #else
    false
    #endif
  }

  /// The committed catalog.
  public static let standard = TerminologyCatalog()

  private init() {
    var products: [String: Product] = [:]
    var brands: [String: Brand] = [:]
    var ingredients: [String: String] = [:]
    var knownIngredients: Set<String> = []
    for fields in Self.rows(TerminologyData.omtkProducts) where fields.count == 12 {
      let value = Double(fields[6]) ?? 0
      var product = Product(
        rxcui: fields[0], name: fields[1], doseFormName: fields[3], ingredient: fields[5], strength: nil,
        transdermalRateMcgPerHour: nil, milligramsPerActuation: nil, extendedRelease: fields[10] == "1",
        otherIngredients: fields[8].isEmpty ? [] : fields[8].split(separator: ";").map(String.init),
        brand: fields[9].isEmpty ? nil : fields[9], provenance: fields[11])
      switch fields[7] {
      case "MG": product.strength = Strength(value, .mg)
      case "MG/ML": product.strength = Strength(value, .mgPerML)
      case "MG/HR": product.transdermalRateMcgPerHour = value * 1000
      case "MG/ACTUAT": product.milligramsPerActuation = value
      default: break
      }
      products[product.rxcui] = product
      ingredients[fields[4]] = product.ingredient
      knownIngredients.insert(product.ingredient)
      knownIngredients.formUnion(product.otherIngredients)
      if let brand = product.brand.map(Self.brandKey), !brand.isEmpty {
        if var known = brands[brand] {
          if known.extendedRelease != product.extendedRelease { known.extendedRelease = nil }
          // A brand sold with other ingredients is kept only when they agree on the opioid.
          if known.ingredient == product.ingredient { brands[brand] = known } else { brands[brand] = nil }
        } else {
          brands[brand] = Brand(
            ingredient: product.ingredient, otherIngredients: product.otherIngredients,
            extendedRelease: product.extendedRelease)
        }
      }
    }
    self.products = products
    self.brands = brands
    self.brandNames = brands.keys.sorted { ($0.count, $0) > ($1.count, $1) }
    var byFirstWord: [Substring: [(name: String, rank: Int)]] = [:]
    for (rank, name) in brandNames.enumerated() {
      byFirstWord[name.split(separator: " ").first ?? Substring(name), default: []].append((name, rank))
    }
    self.brandsByFirstWord = byFirstWord
    self.ingredients = ingredients
    self.knownIngredients = knownIngredients

    var memberships: [String: [String]] = [:]
    var codeRows = Self.rows(TerminologyData.valueSetCodes)
    #if SNOMEDCT
    codeRows += Self.rows(TerminologyData.valueSetCodesSNOMEDCT)
    #endif
    for fields in codeRows where fields.count == 4 {
      guard let system = System(rawValue: fields[1]) else { continue }
      // ICD-10-CM range rows (`C00-C14`, `F10-F19`) are the classification's chapter headers, listed beside the
      // codes they cover; as matches they would be too broad (F10-F19 takes in nicotine dependence, F17).
      if system == .icd10cm && fields[2].contains("-") { continue }
      memberships[Self.key(system, fields[2]), default: []].append(fields[0])
    }
    self.memberships = memberships
    var sources: [String: ValueSetSource] = [:]
    for fields in Self.rows(TerminologyData.valueSetSources) where fields.count >= 3 {
      sources[fields[0]] = ValueSetSource(id: fields[0], url: fields[1], title: fields[2])
    }
    self.valueSets = sources
  }

  /// The value sets `code` of `system` belongs to.
  public func valueSets(containing code: String, in system: System) -> [String] {
    let normalized = system == .icd10cm ? Self.icd10(code) : code
    var found = memberships[Self.key(system, normalized)] ?? []
    if system == .icd10cm {
      // An ICD-10-CM value set lists codes with their dots; a record may send a more specific child code.
      var prefix = normalized
      while prefix.count > 3 {
        prefix.removeLast()
        found += memberships[Self.key(system, prefix)] ?? []
      }
    }
    return found
  }

  /// Whether `code` of `system` is in the value set `id`.
  public func contains(_ id: String, code: String, in system: System) -> Bool {
    valueSets(containing: code, in: system).contains(id)
  }

  /// A brand as matched in text: lower case, letters and digits only, up to the first number word
  /// (`Percodan Reformulated May 2009` → `percodan reformulated may`, and `Percodan` separately below).
  static func brandKey(_ brand: String) -> String {
    let words = brand.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber })
    let name = words.prefix { $0.first?.isNumber != true }
    // "Reformulated …" and similar qualifiers are not part of what a prescriber writes.
    let cut = name.prefix { $0 != "reformulated" }
    return cut.joined(separator: " ")
  }

  private static func key(_ system: System, _ code: String) -> String {
    system == .icd10cm ? "\(system.rawValue)|\(icd10(code))" : "\(system.rawValue)|\(code)"
  }

  private static func icd10(_ code: String) -> String {
    String(code.uppercased().filter { $0 != "." && $0 != " " })
  }

  private static func rows(_ table: String) -> [[String]] {
    table.split(separator: "\n").map { line in
      line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
    }
  }
}
