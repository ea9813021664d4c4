// MARK: - SideEffectRisk

/// Respiratory-depression and oversedation risk: the facts and a documented count score.
///
/// Each factor comes from the CDC 2022 guideline (Recommendations 8 and 11), the FDA Drug Safety
/// Communications on benzodiazepines (2016-08-31) and gabapentinoids (2019-12-19), and Zedler 2014/2015
/// (sleep apnea, pulmonary, renal and hepatic disease, age). See `../shared/reference/clinical.md` §4.
public struct SideEffectRisk: Sendable, Equatable {
  /// The facts, in a stable order.
  public var facts: [Fact]
  /// One point per present factor; MME/day 50–<90 adds 1 and ≥ 90 adds 2.
  public var score: Int
  /// The score's band.
  public var level: RiskLevel

  /// How many of the facts are unknown (not reported): the score counts only the factors present, so a low score
  /// with many unknowns is not a low risk.
  public var unknownFactCount: Int { facts.filter { $0.value == .unknown }.count }

  /// Age from which extra caution applies (CDC 2022 draft, Recommendation 8: "extra caution at ≥ 65").
  public static let olderAdultAge = 65
  /// The hepatic severity of coded liver disease whose grade was not sent: a screen is required.
  public static let hepaticScreenRequired = "screen-required"
  /// eGFR below which renal function counts as impaired: KDIGO 2012 categories G3a–G5 (< 60 mL/min/1.73 m²).
  public static let renalImpairmentEGFR = 60.0
  /// How old an eGFR may be and still describe renal function today. An undated eGFR is not current either.
  /// Ninety days is KDIGO's interval for chronicity; an inpatient's function may change faster, so the rules
  /// name the result's date in their evidence.
  public static let egfrMaxAgeDays = 90

  /// Derives the facts from a record and its load.
  static func derive(record: PatientRecord, load: OpioidLoad, on date: CalendarDate) -> SideEffectRisk {
    let evidence = RecordEvidence(record: record, load: load)
    var facts: [Fact] = [
      evidence.concurrent(.sideEffectBenzodiazepine) { $0 == .benzodiazepine },
      evidence.concurrent(.sideEffectGabapentinoid) { $0 == .gabapentinoid },
      evidence.concurrent(.sideEffectOtherCNSDepressant) { $0.isOtherCNSDepressant },
      evidence.flagOrCondition(.sideEffectSleepApnea, flag: .sleepApnea, list: .sleepApnea),
      evidence.flagOrCondition(.sideEffectCOPD, flag: .copd, list: .copd),
    ]
    facts += renalFacts(evidence, on: date)
    facts += hepaticFacts(evidence, on: date)
    let age = record.patient.age(on: date)
    let ageEvidence = record.patient.birthDate != nil ? "patient.birthDate" : "patient.age"
    facts.append(Fact(.sideEffectAge, age.map { .number(Double($0)) } ?? .unknown, evidence: [ageEvidence]))
    facts.append(
      Fact(
        .sideEffectOlderAdult, age.map { .bool($0 >= olderAdultAge) } ?? .unknown, evidence: [ageEvidence],
        note: "threshold: age 65")
    )
    facts.append(evidence.flagOrCondition(.sideEffectOverdoseHistory, flag: .overdose, list: .opioidOverdose))
    facts.append(
      evidence.flagOrCondition(
        .sideEffectSubstanceUseDisorder, flag: .substanceUseDisorder, list: .substanceUseDisorder))

    let present = facts.filter { $0.value.boolValue == true && $0.name != FactName.sideEffectHepaticSeverity.rawValue }
      .count
    let mmePoints =
      load.totalMME >= MMEThreshold.avoidOrJustify ? 2 : load.totalMME >= MMEThreshold.reassess ? 1 : 0
    let score = present + mmePoints
    return SideEffectRisk(facts: facts, score: score, level: RiskLevel(score: score))
  }

  private static func renalFacts(_ evidence: RecordEvidence, on date: CalendarDate) -> [Fact] {
    let codes = evidence.conditions(in: .chronicKidneyDisease)
    guard let (index, egfr) = evidence.latestObservation(.egfr, on: date, maxAgeDays: egfrMaxAgeDays) else {
      return [
        Fact(
          .sideEffectEGFR, .unknown, note: "no dated eGFR in the \(egfrMaxAgeDays) days up to the evaluation date"),
        Fact(.sideEffectRenalStage, .unknown),
        Fact(.sideEffectRenalImpairment, codes.isEmpty ? .unknown : .bool(true), evidence: codes),
      ]
    }
    let stage = kdigoCategory(egfr: egfr.value)
    let path = "observations[\(index)]"
    return [
      Fact(.sideEffectEGFR, .number(egfr.value), evidence: [path]),
      Fact(
        .sideEffectRenalStage, .text(stage), evidence: [path],
        note: "eGFR \(MMEArithmetic.text(egfr.value)) → KDIGO \(stage)"),
      Fact(
        .sideEffectRenalImpairment, .bool(egfr.value < renalImpairmentEGFR || !codes.isEmpty),
        evidence: [path] + codes, note: "eGFR < 60 or chronic kidney disease"),
    ]
  }

  /// KDIGO 2012 GFR categories (Kidney Int Suppl 2013;3:1–150): G1 ≥ 90, G2 60–89, G3a 45–59, G3b 30–44,
  /// G4 15–29, G5 < 15 mL/min/1.73 m².
  public static func kdigoCategory(egfr: Double) -> String {
    switch egfr {
    case 90...: "G1"
    case 60..<90: "G2"
    case 45..<60: "G3a"
    case 30..<45: "G3b"
    case 15..<30: "G4"
    default: "G5"
    }
  }

  private static func hepaticFacts(_ evidence: RecordEvidence, on date: CalendarDate) -> [Fact] {
    var severity: Severity? = evidence.record.history.hepaticImpairment
    var paths: [String] = severity.map { _ in ["history.hepaticImpairment"] } ?? []
    if let (index, childPugh) = evidence.latestObservation(.childPugh, on: date) {
      // Child-Pugh class A 5–6 mild, B 7–9 moderate, C 10–15 severe.
      let fromScore: Severity = childPugh.value >= 10 ? .severe : childPugh.value >= 7 ? .moderate : .mild
      severity = max(severity ?? .none, fromScore)
      paths.append("observations[\(index)]")
    }
    let codes = evidence.conditions(in: .hepaticImpairment)
    paths += codes
    // Hepatic failure is severe whatever else was sent.
    if !evidence.conditions(in: .hepaticFailure).isEmpty { severity = .severe }
    let impaired = (severity ?? .none) > .none || !codes.isEmpty
    // Coded liver disease of unknown grade needs a screen before a drug that depends on hepatic function.
    let severityValue: FactValue =
      if let severity, severity > .none || codes.isEmpty { .text(severity.rawValue) } else if !codes.isEmpty {
        .text(Self.hepaticScreenRequired)
      } else { .unknown }
    let impairedValue: FactValue =
      impaired ? .bool(true) : severity == nil && codes.isEmpty ? .unknown : .bool(false)
    return [
      Fact(.sideEffectHepaticImpairment, impairedValue, evidence: paths, note: evidence.codeNote(.hepaticImpairment)),
      Fact(.sideEffectHepaticSeverity, severityValue, evidence: paths),
    ]
  }
}
