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
          .patientPregnant, .bool(true),
          evidence: (pregnancy == .pregnant ? ["patient.pregnancyStatus"] : []) + pregnancyCodes,
          note: evidence.codeNote(.pregnancy)))
    } else if pregnancy == .notPregnant {
      facts.append(Fact(.patientPregnant, .bool(false), evidence: ["patient.pregnancyStatus"]))
    } else {
      facts.append(
        Fact(
          .patientPregnant, .unknown, evidence: pregnancy == nil ? [] : ["patient.pregnancyStatus"],
          note: pregnancy == nil ? "not reported" : "reported as unknown"))
    }
    for flag in HistoryFlag.allCases {
      facts.append(evidence.flagOrCondition(.history(flag), flag: flag, list: flag.codeList))
    }
    for (name, kind) in [
      (FactName.vitalsSystolicBP, ObservationKind.systolicBloodPressure), (.vitalsDiastolicBP, .diastolicBloodPressure),
    ] {
      if let (index, observation) = evidence.latestObservation(kind, on: evaluatedOn) {
        facts.append(Fact(name, .number(observation.value), evidence: ["observations[\(index)]"]))
      } else {
        facts.append(Fact(name, .unknown, note: "no measurement on or before the evaluation date"))
      }
    }
    facts += drugScreenFacts(record.drugScreens, on: evaluatedOn)
    return facts
  }

  /// Days since the latest urine drug screen, and whether a cocaine or PCP screen in the past 12 months was
  /// positive: unknown when no such screen was reported (CDC 2022 Recommendation 10).
  static func drugScreenFacts(_ screens: [DrugScreen], on date: CalendarDate) -> [Fact] {
    let dated = screens.enumerated().filter { $0.element.date.map { $0 <= date } ?? false }
    let latest = dated.max { ($0.element.date ?? date, $0.offset) < ($1.element.date ?? date, $1.offset) }
    var facts = [
      latest.flatMap { latest in
        latest.element.date.map { day in
          Fact(
            .drugScreenDaysSinceLast, .number(Double(date.daysSinceEpoch - day.daysSinceEpoch)),
            evidence: ["drugScreens[\(latest.offset)]"])
        }
      }
        ?? Fact(
          .drugScreenDaysSinceLast, .unknown, note: "no dated urine drug screen on or before the evaluation date")
    ]
    let yearAgo = date.adding(days: -365)
    for (name, valueSet) in [
      (FactName.drugScreenCocainePositive, DrugScreen.cocaineScreens),
      (.drugScreenPhencyclidinePositive, DrugScreen.phencyclidineScreens),
    ] {
      let recent = dated.filter { entry in
        (entry.element.date.map { $0 >= yearAgo } ?? false)
          && TerminologyCatalog.standard.contains(valueSet, code: entry.element.loinc, in: .loinc)
      }
      let positive = recent.filter { $0.element.result == .positive }
      if !positive.isEmpty {
        facts.append(Fact(name, .bool(true), evidence: positive.map { "drugScreens[\($0.offset)]" }))
      } else if !recent.isEmpty {
        facts.append(Fact(name, .bool(false), evidence: recent.map { "drugScreens[\($0.offset)]" }))
      } else {
        facts.append(Fact(name, .unknown, note: "no \(valueSet) result in the past 12 months"))
      }
    }
    return facts
  }

  /// Every fact a policy may use: `facts` and `recordFacts`, keyed by name.
  public var policyFacts: [String: Fact] {
    Dictionary((facts + recordFacts).map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
  }
}
