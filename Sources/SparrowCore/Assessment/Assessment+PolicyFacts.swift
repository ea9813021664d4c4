// MARK: - Facts for policies

extension Assessment {
  /// Facts read straight from the record (pregnancy, history flags, latest vital signs), for policies.
  static func recordFacts(record: PatientRecord, load: OpioidLoad, on evaluatedOn: CalendarDate) -> [Fact] {
    var facts: [Fact] = []
    let evidence = RecordEvidence(record: record, load: load)
    // Pregnancy: the status sent, or a pregnancy code; unknown when neither says (never "not pregnant").
    let pregnancy = record.patient.pregnancy
    let pregnancyCodes = evidence.conditions(in: .pregnancy)
    if pregnancy == .pregnant || !pregnancyCodes.isEmpty {
      facts.append(
        Fact(
          "patient.pregnant", .bool(true),
          evidence: (pregnancy == .pregnant ? ["patient.pregnancyStatus"] : []) + pregnancyCodes,
          note: evidence.codeNote(.pregnancy)))
    } else if pregnancy == .notPregnant {
      facts.append(Fact("patient.pregnant", .bool(false), evidence: ["patient.pregnancyStatus"]))
    } else {
      facts.append(
        Fact(
          "patient.pregnant", .unknown, evidence: pregnancy == nil ? [] : ["patient.pregnancyStatus"],
          note: pregnancy == nil ? "not reported" : "reported as unknown"))
    }
    for flag in HistoryFlag.allCases {
      facts.append(evidence.flagOrCondition("history.\(flag.rawValue)", flag: flag, list: flag.codeList))
    }
    for (name, kind) in [
      ("vitals.systolicBP", ObservationKind.systolicBloodPressure), ("vitals.diastolicBP", .diastolicBloodPressure),
    ] {
      if let (index, observation) = evidence.latestObservation(kind, on: evaluatedOn) {
        facts.append(Fact(name, .number(observation.value), evidence: ["observations[\(index)]"]))
      } else {
        facts.append(Fact(name, .unknown, note: "no measurement on or before the evaluation date"))
      }
    }
    return facts
  }

  /// Every fact a policy may use: `facts` and `recordFacts`, keyed by name.
  public var policyFacts: [String: Fact] {
    Dictionary((facts + recordFacts).map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
  }
}
