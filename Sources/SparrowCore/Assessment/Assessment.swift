// MARK: - Assessment

/// Everything Sparrow concludes about one record at one date: the opioid load and the risk facts, with the
/// factor table that produced them. Pure: the same record, date and table always give the same assessment.
public struct Assessment: Sendable, Equatable {
  /// The version of this assessment's JSON shape.
  public static let formatVersion = 1

  /// The evaluation date (passed in, never read from a clock).
  public let evaluatedOn: CalendarDate
  /// The record assessed.
  public let record: PatientRecord
  /// The factor table used.
  public let table: MMEFactorTable
  /// Opioid load per order and in total.
  public let load: OpioidLoad
  /// Respiratory-depression / oversedation risk.
  public let sideEffectRisk: SideEffectRisk
  /// Tolerance risk.
  public let toleranceRisk: ToleranceRisk
  /// Every fact, in a stable order: load, side-effect risk with its score, tolerance risk with its score.
  public let facts: [Fact]
  /// Facts read straight from the record (pregnancy, history flags, latest vital signs), for policies.
  public let recordFacts: [Fact]

  /// Assesses `record` on `date` with `table`.
  public init(
    record: PatientRecord, on date: CalendarDate, table: MMEFactorTable = .cdc2022,
    classifier: DrugClassifier = .standard
  ) {
    let load = OpioidLoad.compute(for: record, on: date, table: table, classifier: classifier)
    self.evaluatedOn = date
    self.record = record
    self.table = table
    self.load = load
    let sideEffectRisk = SideEffectRisk.derive(record: record, load: load, on: date)
    let toleranceRisk = ToleranceRisk.derive(record: record, load: load, on: date, table: table)
    self.sideEffectRisk = sideEffectRisk
    self.toleranceRisk = toleranceRisk
    // Computed once: policies, renderings and the store all read them.
    self.facts =
      Self.loadFacts(load) + sideEffectRisk.facts + [
        Fact(.sideEffectScore, .number(Double(sideEffectRisk.score))),
        Fact(.sideEffectLevel, .text(sideEffectRisk.level.rawValue)),
      ] + toleranceRisk.facts + [
        Fact(.toleranceScore, .number(Double(toleranceRisk.score))),
        Fact(.toleranceLevel, .text(toleranceRisk.level.rawValue)),
      ]
    self.recordFacts = Self.recordFacts(record: record, load: load, on: date)
    assert(
      (facts + recordFacts).map(\.name) == FactCatalog.ordered.map(\.name), "facts out of FactCatalog order")
  }

  /// MME/day bands after the CDC thresholds (2022 Rec 4 implementation: pause and reassess at ≥ 50;
  /// 2016 Rec 5 and the CDC CDS logic: ≥ 90 avoid or justify).
  public static func mmeBand(_ mme: Double) -> String {
    let (low, reassess, avoid) = (MMEThreshold.low, MMEThreshold.reassess, MMEThreshold.avoidOrJustify)
    return switch mme {
    case ..<low: "<\(MMEArithmetic.text(low))"
    case low..<reassess: "\(MMEArithmetic.text(low))-<\(MMEArithmetic.text(reassess))"
    case reassess..<avoid: "\(MMEArithmetic.text(reassess))-<\(MMEArithmetic.text(avoid))"
    default: ">=\(MMEArithmetic.text(avoid))"
    }
  }

  /// The load facts, named for policies.
  static func loadFacts(_ load: OpioidLoad) -> [Fact] {
    let opioidPaths = load.activeOpioidOrders.map { "medications[\($0.index)]" }
    return [
      Fact(.loadOpioidActive, .bool(!opioidPaths.isEmpty), evidence: opioidPaths),
      Fact(.loadTotalMME, .number(load.totalMME), evidence: opioidPaths),
      Fact(.loadScheduledMME, .number(load.scheduledMME), evidence: opioidPaths),
      Fact(.loadAsNeededMaximumMME, .number(load.asNeededMaximumMME), evidence: opioidPaths),
      Fact(.loadDrivenBy, .text(load.drivenBy.rawValue)),
      Fact(.loadBand, .text(Assessment.mmeBand(load.totalMME))),
      Fact(
        .loadComplete, .bool(load.isComplete), evidence: load.unknownOrders.map { "medications[\($0.index)]" },
        note: load.isComplete ? nil : "total is a lower bound: some opioid MME is unknown"),
      Fact(
        .loadUnknownCount, .number(Double(load.unknownOrders.count)),
        evidence: load.unknownOrders.map { "medications[\($0.index)]" }),
      Fact(
        .loadExcludedCount, .number(Double(load.excludedOrders.count)),
        evidence: load.excludedOrders.map { "medications[\($0.index)]" }),
    ]
  }

  /// The value of the fact at a `FactCatalog` slot.
  func factValue(slot: Int) -> FactValue {
    slot < facts.count ? facts[slot].value : recordFacts[slot - facts.count].value
  }

  /// The fact called `name` (an assessment or a record fact), if any: one lookup, since facts sit in
  /// `FactCatalog` order (checked when the assessment is made, and for every fixture by a test).
  public func fact(_ name: String) -> Fact? {
    guard let slot = FactCatalog.slots[name] else { return nil }
    let fact = slot < facts.count ? facts[slot] : recordFacts[slot - facts.count]
    assert(fact.name == name, "facts out of FactCatalog order")
    return fact
  }
}
