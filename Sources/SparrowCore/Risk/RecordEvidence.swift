// MARK: - RecordEvidence

/// Finds the inputs behind a fact: history flags, active conditions in a code list, orders of a class.
struct RecordEvidence {
  let record: PatientRecord
  let load: OpioidLoad

  /// Paths of active conditions in `list`.
  func conditions(in list: ClinicalCodeList) -> [String] {
    record.conditions.enumerated().compactMap { index, condition in
      condition.status.isCurrent && list.contains(condition) ? "conditions[\(index)]" : nil
    }
  }

  /// The codes of the active conditions in `list`, as a note for the evidence (`ICD-10-CM O09.90`, or the value
  /// set it matched through).
  func codeNote(_ list: ClinicalCodeList) -> String? {
    let codes = record.conditions.filter { $0.status.isCurrent && list.contains($0) }.map { condition in
      let system = condition.system == .icd10cm ? "ICD-10-CM" : "SNOMED CT"
      let through = list.valueSet(matching: condition).map { " (value set \($0))" } ?? ""
      return "\(system) \(condition.code)\(through)"
    }
    return codes.isEmpty ? nil : "coded: " + codes.joined(separator: ", ")
  }

  /// A fact that is true, false or unknown: true if the flag says so or a code in `list` matches; false only if
  /// the flag was sent as false and no code matches; unknown when neither was reported.
  func flagOrCondition(_ name: FactName, flag: HistoryFlag, list: ClinicalCodeList?) -> Fact {
    var evidence = list.map(conditions(in:)) ?? []
    let flagValue = record.history.flags[flag]
    if flagValue == true { evidence.insert("history.\(flag.rawValue)", at: 0) }
    if !evidence.isEmpty { return Fact(name, .bool(true), evidence: evidence, note: list.flatMap(codeNote)) }
    if flagValue == false { return Fact(name, .bool(false), evidence: ["history.\(flag.rawValue)"]) }
    return Fact(name, .unknown, note: "not reported: no history.\(flag.rawValue) flag and no matching condition")
  }

  /// A yes/no fact: an active order of a class while an opioid is active.
  func concurrent(_ name: FactName, with matches: (DrugClass) -> Bool) -> Fact {
    let orders = load.orders.filter {
      $0.isActive && (matches($0.drugClass) || $0.otherClasses.contains(where: matches))
    }
    let opioids = load.activeOpioidOrders
    guard !orders.isEmpty, !opioids.isEmpty else {
      // An active order Sparrow could not identify may be of this class: then "no" is not known.
      let unidentified = load.unidentifiedOrders
      if !opioids.isEmpty && !unidentified.isEmpty {
        return Fact(
          name, .unknown, evidence: unidentified.map { "medications[\($0.index)]" },
          note: "an active order could not be identified")
      }
      return Fact(name, .bool(false), evidence: orders.map { "medications[\($0.index)]" })
    }
    return Fact(name, .bool(true), evidence: (opioids + orders).map { "medications[\($0.index)]" })
  }

  /// The latest observation of `kind` on or before `date`. Without `maxAgeDays` an undated one counts as current;
  /// with it, only a dated one from the last `maxAgeDays` days does.
  func latestObservation(
    _ kind: ObservationKind, on date: CalendarDate, maxAgeDays: Int? = nil
  ) -> (index: Int, observation: Observation)? {
    let oldest = maxAgeDays.map { date.adding(days: -$0) }
    return record.observations.enumerated()
      .filter { entry in
        guard entry.element.kind == kind else { return false }
        guard let day = entry.element.date else { return oldest == nil }
        return day <= date && oldest.map { day >= $0 } ?? true
      }
      .max { ($0.element.date ?? date, $0.offset) < ($1.element.date ?? date, $1.offset) }
      .map { ($0.offset, $0.element) }
  }
}
