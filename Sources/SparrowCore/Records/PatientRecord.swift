// MARK: - PatientRecord

/// One patient's medication file, as Sparrow understands it: the input to every assessment.
///
/// Produced by `RecordDecoder` from Sparrow's own JSON format (schema v1, `docs/patient-record-v1.schema.json`).
/// Every value is already validated; fields the decoder did not recognise are listed in `ignoredFields` and
/// play no part in any decision.
public struct PatientRecord: Sendable, Equatable {
  /// The record format's version; this build reads version 1.
  public var schemaVersion: Int
  /// Who the record is about (pseudonymous).
  public var patient: Patient
  /// Which pipeline produced the record, and when.
  public var source: RecordSource
  /// The unit and service caring for the patient, when sent (worklist filters only).
  public var encounter = Encounter()
  /// Every medication order in the file, active or not, in file order.
  public var medications: [MedicationOrder]
  /// Coded diagnoses and problems.
  public var conditions: [Condition]
  /// Laboratory results and vital signs.
  public var observations: [Observation]
  /// Urine drug screen results.
  public var drugScreens: [DrugScreen] = []
  /// Yes/no history flags (sleep apnea, overdose history, …) and hepatic impairment severity.
  public var history: ClinicalHistory
  /// Earlier opioid exposure, for duration and escalation.
  public var opioidHistory: OpioidHistory
  /// JSON paths of fields present in the file that this version does not read.
  public var ignoredFields: [String]
  /// What a conversion from another format (FHIR R4) could not interpret, with resource id and path.
  public var conversionNotes: [String] = []

  /// A record from its parts.
  public init(
    schemaVersion: Int = 1, patient: Patient, source: RecordSource, medications: [MedicationOrder],
    conditions: [Condition] = [], observations: [Observation] = [], history: ClinicalHistory = .init(),
    opioidHistory: OpioidHistory = .init(), ignoredFields: [String] = []
  ) {
    self.schemaVersion = schemaVersion
    self.patient = patient
    self.source = source
    self.medications = medications
    self.conditions = conditions
    self.observations = observations
    self.history = history
    self.opioidHistory = opioidHistory
    self.ignoredFields = ignoredFields
  }
}

// MARK: - RecordSource

/// Where a record came from.
public struct RecordSource: Sendable, Equatable {
  /// The sending pipeline's name (`pharmacy-etl`).
  public var pipeline: String
  /// When the pipeline produced the record, as sent (RFC 3339).
  public var generatedAt: String

  /// A source from its parts.
  public init(pipeline: String, generatedAt: String) {
    self.pipeline = pipeline
    self.generatedAt = generatedAt
  }
}
