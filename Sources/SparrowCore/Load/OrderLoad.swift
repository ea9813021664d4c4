// MARK: - OrderLoad

/// One order's part in the opioid load: its class, daily dose, factor and MME/day, or why it has none.
public struct OrderLoad: Sendable, Equatable {
  /// Position of the order in the record (`medications[index]`).
  public var index: Int
  /// The order's ingredient.
  public var ingredient: String
  /// The order's route.
  public var route: Route
  /// The ingredient's class.
  public var drugClass: DrugClass
  /// The classes of a combination's other ingredients (butalbital makes a codeine product a barbiturate too).
  public var otherClasses: [DrugClass] = []
  /// How the order's medication was identified.
  public var identifiedBy: IdentificationMethod = .ingredientName
  /// Whether the order is in force at the evaluation date.
  public var isActive: Bool
  /// Whether it is an extended-release / long-acting opioid.
  public var isLongActing: Bool
  /// Whether it is an as-needed order.
  public var isAsNeeded: Bool
  /// The daily amount, when it could be worked out.
  public var dailyDose: DailyDose?
  /// The conversion factor used, when one applied.
  public var factor: Double?
  /// MME/day, when counted.
  public var mme: Double?
  /// What happened to the order.
  public var status: MMEStatus
  /// The reason for an `unknown`, `excluded` or `inactive` status.
  public var reason: String?

  /// A trace line in the style of the CDC CDS IG (`oxycodone 10 mg × 2/day = 20 mg/day × 1.5 = 30 MME/day`).
  public var trace: String {
    var text = "\(ingredient)"
    if let dailyDose {
      text += " \(dailyDose.derivation) = \(MMEArithmetic.text(dailyDose.value)) \(dailyDose.unit.rawValue)"
    }
    switch status {
    case .counted:
      if let factor, let mme { text += " × \(MMEArithmetic.text(factor)) = \(MMEArithmetic.text(mme)) MME/day" }
    case .unknown: text += ": MME unknown (\(reason ?? "no reason"))"
    case .excluded: text += ": not summed (\(reason ?? "no reason"))"
    case .inactive: text += ": inactive (\(reason ?? "no reason"))"
    case .notAnOpioid: text += ": not an opioid"
    case .unclassified: text += ": unclassified (\(reason ?? "not identified")); not counted"
    }
    return text
  }

  /// An order load from its parts.
  public init(
    index: Int, ingredient: String, route: Route, drugClass: DrugClass, isActive: Bool, isLongActing: Bool,
    isAsNeeded: Bool, dailyDose: DailyDose?, factor: Double?, mme: Double?, status: MMEStatus, reason: String?
  ) {
    self.index = index
    self.ingredient = ingredient
    self.route = route
    self.drugClass = drugClass
    self.isActive = isActive
    self.isLongActing = isLongActing
    self.isAsNeeded = isAsNeeded
    self.dailyDose = dailyDose
    self.factor = factor
    self.mme = mme
    self.status = status
    self.reason = reason
  }
}

// MARK: - MMEStatus

/// What happened to an order in the MME sum.
public enum MMEStatus: String, Sendable {
  /// An active opioid whose MME/day is in the total.
  case counted
  /// An active opioid whose MME/day cannot be computed: reported, never counted as 0.
  case unknown
  /// An active opioid the table excludes from MME (buprenorphine): reported, not summed.
  case excluded
  /// An order not in force at the evaluation date.
  case inactive
  /// An active order of another class.
  case notAnOpioid = "not-an-opioid"
  /// An active order Sparrow could not identify, whose name suggests no tracked class: listed, not counted.
  case unclassified
}
