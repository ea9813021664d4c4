// MARK: - Encounter

/// Where the patient is being cared for, as the pipeline sent it: the worklist's unit (ward) and service filters.
/// Both are optional, and neither plays any part in a decision.
public struct Encounter: Sendable, Equatable {
  /// The unit or ward (`4 West`, `PACU`).
  public var unit: String?
  /// The clinical service (`Orthopaedics`, `Oncology`).
  public var service: String?

  /// An encounter from its parts (both unknown by default).
  public init(unit: String? = nil, service: String? = nil) {
    self.unit = unit
    self.service = service
  }
}
