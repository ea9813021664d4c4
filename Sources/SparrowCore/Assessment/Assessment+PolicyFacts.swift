// MARK: - Facts for policies

extension Assessment {
  /// Facts read straight from the record (pregnancy, history flags, latest vital signs), for policies.
  static func recordFacts(record: PatientRecord, load: OpioidLoad, on evaluatedOn: CalendarDate) -> [Fact] {
    var facts: [Fact] = []
    let pregnancy = record.patient.pregnancy
    facts.append(
      Fact(
        "patient.pregnant", .bool(pregnancy == .pregnant),
        evidence: pregnancy == nil ? [] : ["patient.pregnancyStatus"],
        note: pregnancy == nil ? "not reported" : nil))
    for flag in HistoryFlag.allCases {
      let value = record.history.flags[flag]
      facts.append(
        Fact(
          "history.\(flag.rawValue)", .bool(value == true), evidence: value == nil ? [] : ["history.\(flag.rawValue)"],
          note: value == nil ? "not reported" : nil))
    }
    let evidence = RecordEvidence(record: record, load: load)
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
