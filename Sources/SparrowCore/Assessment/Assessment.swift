// MARK: - Assessment

/// Everything Sparrow concludes about one record at one date: the opioid load and the risk facts, with the
/// factor table that produced them. Pure: the same record, date and table always give the same assessment.
public struct Assessment: Sendable, Equatable {
  /// The version of this assessment's JSON shape.
  public static let formatVersion = 1

  /// The evaluation date (passed in, never read from a clock).
  public var evaluatedOn: CalendarDate
  /// The record assessed.
  public var record: PatientRecord
  /// The factor table used.
  public var table: MMEFactorTable
  /// Opioid load per order and in total.
  public var load: OpioidLoad
  /// Respiratory-depression / oversedation risk.
  public var sideEffectRisk: SideEffectRisk
  /// Tolerance risk.
  public var toleranceRisk: ToleranceRisk

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
    self.sideEffectRisk = SideEffectRisk.derive(record: record, load: load, on: date)
    self.toleranceRisk = ToleranceRisk.derive(record: record, load: load, on: date)
  }

  /// MME/day bands after the CDC thresholds (2022 Rec 4 implementation: pause and reassess at ≥ 50;
  /// 2016 Rec 5 and the CDC CDS logic: ≥ 90 avoid or justify).
  public static func mmeBand(_ mme: Double) -> String {
    switch mme {
    case ..<20: "<20"
    case 20..<50: "20-<50"
    case 50..<90: "50-<90"
    default: ">=90"
    }
  }

  /// The load facts, named for policies.
  public var loadFacts: [Fact] {
    let opioidPaths = load.activeOpioidOrders.map { "medications[\($0.index)]" }
    return [
      Fact("load.opioidActive", .bool(!opioidPaths.isEmpty), evidence: opioidPaths),
      Fact("load.totalMME", .number(load.totalMME), evidence: opioidPaths),
      Fact("load.scheduledMME", .number(load.scheduledMME), evidence: opioidPaths),
      Fact("load.asNeededMaximumMME", .number(load.asNeededMaximumMME), evidence: opioidPaths),
      Fact("load.drivenBy", .text(load.drivenBy.rawValue)),
      Fact("load.band", .text(Assessment.mmeBand(load.totalMME))),
      Fact(
        "load.complete", .bool(load.isComplete), evidence: load.unknownOrders.map { "medications[\($0.index)]" },
        note: load.isComplete ? nil : "total is a lower bound: some opioid MME is unknown"),
      Fact(
        "load.unknownCount", .number(Double(load.unknownOrders.count)),
        evidence: load.unknownOrders.map { "medications[\($0.index)]" }),
      Fact(
        "load.excludedCount", .number(Double(load.excludedOrders.count)),
        evidence: load.excludedOrders.map { "medications[\($0.index)]" }),
    ]
  }

  /// Every fact, in a stable order: load, side-effect risk with its score, tolerance risk with its score.
  public var facts: [Fact] {
    loadFacts + sideEffectRisk.facts + [
      Fact("sideEffect.score", .number(Double(sideEffectRisk.score))),
      Fact("sideEffect.level", .text(sideEffectRisk.level.rawValue)),
    ] + toleranceRisk.facts + [
      Fact("tolerance.score", .number(Double(toleranceRisk.score))),
      Fact("tolerance.level", .text(toleranceRisk.level.rawValue)),
    ]
  }

  /// The fact called `name`, if any.
  public func fact(_ name: String) -> Fact? {
    facts.first { $0.name == name }
  }
}
