// MARK: - RxNormCatalog

/// RxNorm concepts Sparrow can read without a contained Medication: ingredients (TTY IN) and a few products
/// (TTY SCD) with their strength and form. Data, with the source of each entry; a site's pharmacy should review
/// and extend it. A code not listed here is never guessed: the order's ingredient then comes from a contained
/// Medication's ingredient codes, or from the product text, and the conversion notes say so.
public struct RxNormCatalog: Sendable, Equatable {
  /// One concept.
  public struct Entry: Sendable, Equatable {
    public var ingredient: String
    public var strength: Strength?
    public var transdermalRateMcgPerHour: Double?
    public var doseForm: DoseForm?
    public var route: Route?
    public var extendedRelease: Bool?
    public var source: String

    /// An entry from its parts.
    public init(
      ingredient: String, strength: Strength?, transdermalRateMcgPerHour: Double?, doseForm: DoseForm?, route: Route?,
      extendedRelease: Bool?, source: String
    ) {
      self.ingredient = ingredient
      self.strength = strength
      self.transdermalRateMcgPerHour = transdermalRateMcgPerHour
      self.doseForm = doseForm
      self.route = route
      self.extendedRelease = extendedRelease
      self.source = source
    }
  }

  /// Concepts by RxCUI.
  public var entries: [String: Entry]

  static let cdcTestData = "CDC opioid MME IG test data (cqframework/opioid-mme-r4 input/tests)"
  static let clinicalReference = "clinical reference (OMTKLogic ingredient codes)"
  static let publicList = "RxNorm ingredient code, corroborated by a public RxNorm list"
  static let unreviewed = "RxNorm ingredient code, not yet verified against RxNorm here: review before relying on it"

  /// The built-in catalog.
  public static let standard = RxNormCatalog(entries: [
    // Products (SCD).
    "197696": Entry(
      ingredient: "fentanyl", strength: nil, transdermalRateMcgPerHour: 75, doseForm: .patch, route: .transdermal,
      extendedRelease: true, source: cdcTestData + ": 72 HR Fentanyl 0.075 MG/HR Transdermal System"),
    "1049593": Entry(
      ingredient: "oxycodone", strength: Strength(60, .mg), transdermalRateMcgPerHour: nil, doseForm: .tablet,
      route: .oral, extendedRelease: true,
      source: cdcTestData + ": 12 HR Oxycodone Hydrochloride 60 MG Extended Release Oral Tablet"),
    // Ingredients (IN).
    "4337": ingredient("fentanyl", clinicalReference), "1819": ingredient("buprenorphine", clinicalReference),
    "7804": ingredient("oxycodone", publicList), "5489": ingredient("hydrocodone", publicList),
    "7052": ingredient("morphine", publicList), "10689": ingredient("tramadol", publicList),
    "25480": ingredient("gabapentin", publicList), "187832": ingredient("pregabalin", publicList),
    "6470": ingredient("lorazepam", publicList), "596": ingredient("alprazolam", publicList),
    "2598": ingredient("clonazepam", publicList), "3322": ingredient("diazepam", publicList),
    "39993": ingredient("zolpidem", publicList), "72625": ingredient("duloxetine", publicList),
    "3423": ingredient("hydromorphone", unreviewed), "6813": ingredient("methadone", unreviewed),
    "2670": ingredient("codeine", unreviewed), "7814": ingredient("oxymorphone", unreviewed),
    "787390": ingredient("tapentadol", unreviewed), "6130": ingredient("ketamine", unreviewed),
    "7243": ingredient("naltrexone", unreviewed), "7242": ingredient("naloxone", unreviewed),
  ])

  private static func ingredient(_ name: String, _ source: String) -> Entry {
    Entry(
      ingredient: name, strength: nil, transdermalRateMcgPerHour: nil, doseForm: nil, route: nil,
      extendedRelease: nil, source: source)
  }
}
