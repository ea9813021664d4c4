// MARK: - Observation

/// A laboratory result or vital sign.
public struct Observation: Sendable, Equatable {
  /// What was measured.
  public var kind: ObservationKind
  /// The value, in the kind's documented unit.
  public var value: Double
  /// The unit as sent (checked against the kind's unit).
  public var unit: String
  /// When it was measured, when sent.
  public var date: CalendarDate?
  /// LOINC code, when sent.
  public var loinc: String?

  /// An observation from its parts.
  public init(kind: ObservationKind, value: Double, unit: String, date: CalendarDate? = nil, loinc: String? = nil) {
    self.kind = kind
    self.value = value
    self.unit = unit
    self.date = date
    self.loinc = loinc
  }
}

// MARK: - ObservationKind

/// Kinds of observation Sparrow reads, each with the one unit it accepts.
public enum ObservationKind: String, Sendable, CaseIterable {
  case egfr
  case childPugh = "child-pugh"
  case systolicBloodPressure = "systolic-bp"
  case diastolicBloodPressure = "diastolic-bp"
  case alt, ast, bilirubin
  case respiratoryRate = "respiratory-rate"
  case oxygenSaturation = "spo2"

  /// The unit a value of this kind must be sent in.
  public var unit: String {
    switch self {
    case .egfr: "mL/min/1.73m2"
    case .childPugh: "score"
    case .systolicBloodPressure, .diastolicBloodPressure: "mmHg"
    case .alt, .ast: "U/L"
    case .bilirubin: "mg/dL"
    case .respiratoryRate: "/min"
    case .oxygenSaturation: "%"
    }
  }
}
