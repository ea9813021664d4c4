// MARK: - Fact

/// One named fact about the patient, with the inputs that produced it.
///
/// Facts are what policies reason over (`sideEffect.benzodiazepine`, `load.totalMME`, …). Their names are a
/// stable, documented vocabulary; their evidence is a list of JSON paths into the record (never values), so
/// that a fact can be traced without copying patient data.
public struct Fact: Sendable, Equatable {
  /// The fact's name, dotted (`tolerance.longTerm`).
  public var name: String
  /// Its value.
  public var value: FactValue
  /// JSON paths of the inputs that produced it (`medications[1]`, `history.sleepApnea`).
  public var evidence: [String]
  /// How it was derived, when that needs saying (`eGFR 42 → KDIGO G3b`).
  public var note: String?

  /// A fact an assessment produces: its name comes from the one list of facts.
  public init(_ name: FactName, _ value: FactValue, evidence: [String] = [], note: String? = nil) {
    self.init(named: name.rawValue, value, evidence: evidence, note: note)
  }

  /// A fact read back by name (from the store), whatever version wrote it.
  public init(named name: String, _ value: FactValue, evidence: [String] = [], note: String? = nil) {
    self.name = name
    self.value = value
    self.evidence = evidence
    self.note = note
  }
}

// MARK: - FactValue

/// A fact's value. `unknown` means the record does not say (no eGFR, no opioid history).
public enum FactValue: Sendable, Equatable {
  case bool(Bool)
  case number(Double)
  case text(String)
  case unknown

  /// The boolean, if it is one.
  public var boolValue: Bool? {
    if case .bool(let flag) = self { return flag }
    return nil
  }

  /// The number, if it is one.
  public var numberValue: Double? {
    if case .number(let number) = self { return number }
    return nil
  }

  /// The text, if it is one.
  public var textValue: String? {
    if case .text(let text) = self { return text }
    return nil
  }
}
