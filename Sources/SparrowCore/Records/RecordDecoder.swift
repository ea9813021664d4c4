// MARK: - RecordDecoder

/// Decodes Sparrow's patient record format v1 (JSON) into a `PatientRecord`.
///
/// Every error names the JSON path and what was expected. Fields the format does not define are kept out of
/// the decision and listed in `PatientRecord.ignoredFields`. The format is documented in docs/record-format-v1.md and in
/// `docs/patient-record-v1.schema.json`.
public struct RecordDecoder: Sendable {
  /// The schema version this decoder reads.
  public static let schemaVersion = 1

  /// Size, depth and count limits.
  public var limits: RecordLimits
  /// What identifies each order's medication.
  public var identifier: MedicationIdentifier

  /// A decoder enforcing `limits`, identifying medications with `identifier`.
  public init(limits: RecordLimits = .standard, identifier: MedicationIdentifier = MedicationIdentifier()) {
    self.limits = limits
    self.identifier = identifier
  }

  /// Decodes one file's bytes.
  public func decode(_ bytes: some Collection<UInt8>) throws(RecordError) -> PatientRecord {
    try decode(Self.parse(bytes, limits: limits))
  }

  /// Parses a file's bytes as JSON within `limits` (size, emptiness, depth), for either record format.
  static func parse(_ bytes: some Collection<UInt8>, limits: RecordLimits) throws(RecordError) -> JSONValue {
    guard bytes.count <= limits.maxBytes else {
      throw RecordError(
        path: "", message: "file is \(bytes.count) bytes; the limit is \(limits.maxBytes) bytes")
    }
    guard !bytes.isEmpty else { throw RecordError(path: "", message: "file is empty") }
    do {
      return try JSONParser(maxDepth: limits.maxDepth).parse(bytes)
    } catch {
      throw RecordError(
        path: error.path,
        message: "invalid JSON at line \(error.line), column \(error.column): \(error.message)")
    }
  }

  /// Decodes an already parsed document.
  public func decode(_ document: JSONValue) throws(RecordError) -> PatientRecord {
    var reader = JSONReader(limits: limits)
    var record = try reader.object(document, at: "") { fields, reader throws(RecordError) in
      let version = try reader.integer(fields.required("schemaVersion"), at: "schemaVersion", range: 0...999)
      guard version == RecordDecoder.schemaVersion else {
        throw RecordError(
          path: "schemaVersion", message: "expected \(RecordDecoder.schemaVersion); got \(version)")
      }
      if let comment = fields.optional("comment") { _ = try reader.string(comment, at: "comment") }
      let patient = try Self.patient(fields.required("patient"), &reader)
      let source = try Self.source(fields.required("source"), &reader)
      let medications = try reader.array(
        fields.required("medications"), at: "medications", limit: limits.maxMedications
      ) { value, path, reader throws(RecordError) in try Self.medication(value, at: path, identifier, &reader) }
      let conditions =
        try fields.optional("conditions").map { value throws(RecordError) in
          try reader.array(value, at: "conditions", limit: limits.maxConditions) {
            value, path, reader throws(RecordError) in try Self.condition(value, at: path, &reader)
          }
        } ?? []
      let observations =
        try fields.optional("observations").map { value throws(RecordError) in
          try reader.array(value, at: "observations", limit: limits.maxObservations) {
            value, path, reader throws(RecordError) in try Self.observation(value, at: path, &reader)
          }
        } ?? []
      let drugScreens =
        try fields.optional("drugScreens").map { value throws(RecordError) in
          try reader.array(value, at: "drugScreens", limit: limits.maxObservations) {
            value, path, reader throws(RecordError) in try Self.drugScreen(value, at: path, &reader)
          }
        } ?? []
      let history =
        try fields.optional("history").map { value throws(RecordError) in try Self.history(value, &reader) }
        ?? ClinicalHistory()
      let opioidHistory =
        try fields.optional("opioidHistory").map { value throws(RecordError) in
          try Self.opioidHistory(value, &reader)
        } ?? OpioidHistory()
      var record = PatientRecord(
        schemaVersion: version, patient: patient, source: source, medications: medications,
        conditions: conditions, observations: observations, history: history, opioidHistory: opioidHistory)
      record.drugScreens = drugScreens
      if let encounter = fields.optional("encounter") { record.encounter = try Self.encounter(encounter, &reader) }
      return record
    }
    record.ignoredFields = reader.ignoredFields
    record.conversionNotes += reader.notes
    return record
  }

  // MARK: - Sections

  private static func patient(_ value: JSONValue, _ reader: inout JSONReader) throws(RecordError) -> Patient {
    try reader.object(value, at: "patient") { fields, reader throws(RecordError) in
      let id = try reader.identifier(fields.required("id"), at: "patient.id")
      let age = try fields.optional("age").map { value throws(RecordError) in
        try reader.integer(value, at: "patient.age", range: 0...130)
      }
      let birthDate = try fields.optional("birthDate").map { value throws(RecordError) in
        try reader.date(value, at: "patient.birthDate")
      }
      guard age != nil || birthDate != nil else {
        throw RecordError(path: "patient", message: "expected age or birthDate; got neither")
      }
      let sex = try fields.optional("sex").map { value throws(RecordError) in
        try reader.oneOf(value, at: "patient.sex", Sex.self)
      }
      let weight = try fields.optional("weightKg").map { value throws(RecordError) in
        try reader.positiveNumber(value, at: "patient.weightKg", max: 700)
      }
      let pregnancy = try fields.optional("pregnancyStatus").map { value throws(RecordError) in
        try reader.oneOf(value, at: "patient.pregnancyStatus", PregnancyStatus.self)
      }
      return Patient(
        id: id, age: age, birthDate: birthDate, sex: sex, weightKg: weight, pregnancy: pregnancy)
    }
  }

  private static func encounter(_ value: JSONValue, _ reader: inout JSONReader) throws(RecordError) -> Encounter {
    try reader.object(value, at: "encounter") { fields, reader throws(RecordError) in
      Encounter(
        unit: try fields.optional("unit").map { value throws(RecordError) in
          try reader.identifier(value, at: "encounter.unit")
        },
        service: try fields.optional("service").map { value throws(RecordError) in
          try reader.identifier(value, at: "encounter.service")
        })
    }
  }

  private static func source(_ value: JSONValue, _ reader: inout JSONReader) throws(RecordError) -> RecordSource {
    try reader.object(value, at: "source") { fields, reader throws(RecordError) in
      let pipeline = try reader.string(fields.required("pipeline"), at: "source.pipeline")
      let generatedAt = try reader.string(fields.required("generatedAt"), at: "source.generatedAt")
      guard CalendarDate(parsing: generatedAt) != nil else {
        throw RecordError(
          path: "source.generatedAt", message: "expected an RFC 3339 timestamp; got \"\(generatedAt)\"")
      }
      return RecordSource(pipeline: pipeline, generatedAt: generatedAt)
    }
  }

  private static func medication(
    _ value: JSONValue, at path: String, _ identifier: MedicationIdentifier, _ reader: inout JSONReader
  ) throws(RecordError) -> MedicationOrder {
    try reader.object(value, at: path) { fields, reader throws(RecordError) in
      let id = try fields.optional("id").map { value throws(RecordError) in
        try reader.identifier(value, at: fields.path("id"))
      }
      let name = try reader.identifier(fields.required("name"), at: fields.path("name"))
      let rxnorm = try fields.optional("rxnorm").map { value throws(RecordError) in
        let code = try reader.string(value, at: fields.path("rxnorm"))
        guard code.count <= 12, code.allSatisfy(\.isASCIIDigit) else {
          throw RecordError(path: fields.path("rxnorm"), message: "expected an RxNorm code (digits); got \"\(code)\"")
        }
        return code
      }
      let ingredient = try reader.identifier(fields.required("ingredient"), at: fields.path("ingredient"))
      let route = try reader.oneOf(fields.required("route"), at: fields.path("route"), Route.self)
      let doseForm = try fields.optional("doseForm").map { value throws(RecordError) in
        try reader.oneOf(value, at: fields.path("doseForm"), DoseForm.self)
      }
      let extendedRelease = try fields.optional("extendedRelease").map { value throws(RecordError) in
        try reader.bool(value, at: fields.path("extendedRelease"))
      }
      let strength = try fields.optional("strength").map { value throws(RecordError) in
        let amount = try Self.amount(value, at: fields.path("strength"), StrengthUnit.self, &reader)
        return Strength(amount.value, amount.unit)
      }
      let doseAmount = try Self.amount(fields.required("dose"), at: fields.path("dose"), DoseUnit.self, &reader)
      let dose = Dose(doseAmount.value, doseAmount.unit)
      let frequency = try fields.optional("frequency").map { value throws(RecordError) in
        try Self.frequency(value, at: fields.path("frequency"), &reader)
      }
      let asNeeded =
        try fields.optional("asNeeded").map { value throws(RecordError) in
          try reader.bool(value, at: fields.path("asNeeded"))
        } ?? false
      let maxDailyDose = try fields.optional("maxDailyDose").map { value throws(RecordError) in
        let amount = try Self.amount(value, at: fields.path("maxDailyDose"), DoseUnit.self, &reader)
        return Dose(amount.value, amount.unit)
      }
      if maxDailyDose != nil && !asNeeded {
        throw RecordError(
          path: fields.path("maxDailyDose"), message: "only allowed on an as-needed order (asNeeded: true)")
      }
      let rate = try fields.optional("transdermalRate").map { value throws(RecordError) in
        try Self.amount(value, at: fields.path("transdermalRate"), TransdermalRateUnit.self, &reader).value
      }
      let start = try fields.optional("start").map { value throws(RecordError) in
        try reader.date(value, at: fields.path("start"))
      }
      let end = try fields.optional("end").map { value throws(RecordError) in
        try reader.date(value, at: fields.path("end"))
      }
      if let start, let end, end < start {
        throw RecordError(path: fields.path("end"), message: "end \(end) is before start \(start)")
      }
      let status = try reader.oneOf(fields.required("status"), at: fields.path("status"), OrderStatus.self)
      // A combination may list each ingredient with its own strength (an addition to v1; optional).
      let parts = try fields.optional("ingredients").map { value throws(RecordError) in
        try reader.array(value, at: fields.path("ingredients"), limit: 16) {
          value, path, reader throws(RecordError) in try Self.ingredientPart(value, at: path, &reader)
        }
      }
      // The most reliable identity first: the RxNorm code, then each listed ingredient, then the names.
      var identity = rxnorm.flatMap { identifier.concept(codes: [$0]) }
      if identity == nil, let parts { identity = identifier.identify(ingredients: parts) }
      var found = identity ?? identifier.identify(ingredientText: ingredient, name: name)
      if identity != nil {
        // The code wins, but a written ingredient that names another drug is said, not passed over.
        let written = identifier.identify(ingredientText: ingredient, name: name)
        if written.method == .ingredientName || written.method == .brandName, written.ingredient != found.ingredient {
          let disagreement = "'\(ingredient)' is \(written.ingredient); the RxNorm code is used"
          found.detail += "; but the written ingredient \(disagreement)"
          reader.notes.append(
            "\(path).rxnorm: RxNorm \(rxnorm ?? found.rxnorm ?? "?") is \(found.ingredient) but the written ingredient \(disagreement)"
          )
        }
      }
      return MedicationOrder(
        id: id, name: name, rxnorm: rxnorm ?? found.rxnorm, ingredient: found.ingredient, route: route,
        doseForm: doseForm ?? found.doseForm, extendedRelease: extendedRelease ?? found.extendedRelease,
        strength: strength ?? found.strength, dose: dose,
        frequency: frequency, asNeeded: asNeeded, maxDailyDose: maxDailyDose,
        transdermalRateMcgPerHour: rate ?? found.transdermalRateMcgPerHour, start: start, end: end, status: status,
        otherIngredients: found.otherIngredients, identifiedBy: found.method, identificationDetail: found.detail,
        unresolvedClass: found.unresolvedClass)
    }
  }

  private static func condition(
    _ value: JSONValue, at path: String, _ reader: inout JSONReader
  ) throws(RecordError) -> Condition {
    try reader.object(value, at: path) { fields, reader throws(RecordError) in
      let system = try reader.oneOf(fields.required("system"), at: fields.path("system"), CodeSystem.self)
      let code = try reader.string(fields.required("code"), at: fields.path("code"))
      let text = try fields.optional("text").map { value throws(RecordError) in
        try reader.string(value, at: fields.path("text"))
      }
      let status =
        try fields.optional("status").map { value throws(RecordError) in
          try reader.oneOf(value, at: fields.path("status"), ConditionStatus.self)
        } ?? .active
      return Condition(system: system, code: code, text: text, status: status)
    }
  }

  private static func observation(
    _ value: JSONValue, at path: String, _ reader: inout JSONReader
  ) throws(RecordError) -> Observation {
    try reader.object(value, at: path) { fields, reader throws(RecordError) in
      let kind = try reader.oneOf(fields.required("kind"), at: fields.path("kind"), ObservationKind.self)
      let value = try reader.number(fields.required("value"), at: fields.path("value"))
      guard value >= 0 else {
        throw RecordError(
          path: fields.path("value"), message: "expected a number of at least 0; got \(JSONWriter.numberText(value))")
      }
      let unit = try reader.string(fields.required("unit"), at: fields.path("unit"))
      guard unit == kind.unit else {
        throw RecordError(
          path: fields.path("unit"), message: "expected \(kind.unit) for \(kind.rawValue); got \"\(unit)\"")
      }
      let date = try fields.optional("date").map { value throws(RecordError) in
        try reader.date(value, at: fields.path("date"))
      }
      let loinc = try fields.optional("loinc").map { value throws(RecordError) in
        try reader.string(value, at: fields.path("loinc"))
      }
      return Observation(kind: kind, value: value, unit: unit, date: date, loinc: loinc)
    }
  }

  private static func history(_ value: JSONValue, _ reader: inout JSONReader) throws(RecordError) -> ClinicalHistory {
    try reader.object(value, at: "history") { fields, reader throws(RecordError) in
      var history = ClinicalHistory()
      for flag in HistoryFlag.allCases {
        if let value = fields.optional(flag.rawValue) {
          history.flags[flag] = try reader.bool(value, at: fields.path(flag.rawValue))
        }
      }
      history.hepaticImpairment = try fields.optional("hepaticImpairment").map { value throws(RecordError) in
        try reader.oneOf(value, at: fields.path("hepaticImpairment"), Severity.self)
      }
      return history
    }
  }

  private static func opioidHistory(
    _ value: JSONValue, _ reader: inout JSONReader
  ) throws(RecordError) -> OpioidHistory {
    try reader.object(value, at: "opioidHistory") { fields, reader throws(RecordError) in
      let since = try fields.optional("continuousSince").map { value throws(RecordError) in
        try reader.date(value, at: fields.path("continuousSince"))
      }
      let figures: [DatedMME] =
        try fields.optional("dailyMME").map { value throws(RecordError) -> [DatedMME] in
          try reader.array(value, at: fields.path("dailyMME"), limit: reader.limits.maxObservations) {
            value, path, reader throws(RecordError) -> DatedMME in
            try reader.object(value, at: path) { fields, reader throws(RecordError) -> DatedMME in
              let date = try reader.date(fields.required("date"), at: fields.path("date"))
              let mme = try reader.number(fields.required("mme"), at: fields.path("mme"))
              guard mme >= 0 else {
                throw RecordError(
                  path: fields.path("mme"),
                  message: "expected a number of at least 0; got \(JSONWriter.numberText(mme))")
              }
              return DatedMME(date: date, mme: mme)
            }
          }
        } ?? []
      return OpioidHistory(continuousSince: since, dailyMME: figures.sorted { $0.date < $1.date })
    }
  }

  // MARK: - Values

  /// Reads `{ "value": number > 0, "unit": one of Unit }`.
  private static func amount<Unit: RawRepresentable & CaseIterable>(
    _ value: JSONValue, at path: String, _ unit: Unit.Type, _ reader: inout JSONReader
  ) throws(RecordError) -> (value: Double, unit: Unit) where Unit.RawValue == String {
    try reader.object(value, at: path) { fields, reader throws(RecordError) in
      let number = try reader.positiveNumber(fields.required("value"), at: fields.path("value"), max: 1_000_000)
      let unit = try reader.oneOf(fields.required("unit"), at: fields.path("unit"), Unit.self)
      return (number, unit)
    }
  }

  private static func frequency(
    _ value: JSONValue, at path: String, _ reader: inout JSONReader
  ) throws(RecordError) -> Frequency {
    try reader.object(value, at: path) { fields, reader throws(RecordError) in
      switch (fields.has("timesPerDay"), fields.has("everyHours")) {
      case (true, false):
        return .timesPerDay(
          try reader.positiveNumber(fields.required("timesPerDay"), at: fields.path("timesPerDay"), max: 96))
      case (false, true):
        return .everyHours(
          try reader.positiveNumber(fields.required("everyHours"), at: fields.path("everyHours"), max: 2016))
      default:
        _ = fields.optional("timesPerDay")
        _ = fields.optional("everyHours")
        throw RecordError(path: path, message: "expected exactly one of timesPerDay, everyHours")
      }
    }
  }

  /// One `drugScreens` entry: a LOINC-coded urine drug screen with its qualitative result.
  private static func drugScreen(
    _ value: JSONValue, at path: String, _ reader: inout JSONReader
  ) throws(RecordError) -> DrugScreen {
    try reader.object(value, at: path) { fields, reader throws(RecordError) in
      let loinc = try reader.string(fields.required("loinc"), at: fields.path("loinc"))
      guard TerminologyCatalog.standard.contains(DrugScreen.anyScreen, code: loinc, in: .loinc) else {
        throw RecordError(
          path: fields.path("loinc"),
          message: "LOINC \(loinc) is not a urine drug screen in the CDC IG's \(DrugScreen.anyScreen) value set")
      }
      let result = try reader.oneOf(fields.required("result"), at: fields.path("result"), DrugScreenResult.self)
      let date = try fields.optional("date").map { value throws(RecordError) in
        try reader.date(value, at: fields.path("date"))
      }
      return DrugScreen(loinc: loinc, result: result, date: date)
    }
  }

  /// One entry of a combination's `ingredients`: a name (or RxNorm code) and its strength.
  private static func ingredientPart(
    _ value: JSONValue, at path: String, _ reader: inout JSONReader
  ) throws(RecordError) -> MedicationIdentifier.IngredientInput {
    try reader.object(value, at: path) { fields, reader throws(RecordError) in
      let name = try reader.string(fields.required("name"), at: fields.path("name"))
      let rxnorm = try fields.optional("rxnorm").map { value throws(RecordError) in
        try reader.string(value, at: fields.path("rxnorm"))
      }
      let strength = try fields.optional("strength").map { value throws(RecordError) in
        let amount = try Self.amount(value, at: fields.path("strength"), StrengthUnit.self, &reader)
        return Strength(amount.value, amount.unit)
      }
      return MedicationIdentifier.IngredientInput(
        rxnormCodes: rxnorm.map { [$0] } ?? [], name: name, strength: strength)
    }
  }
}

// MARK: - TransdermalRateUnit

/// The one unit a transdermal rate may be given in.
enum TransdermalRateUnit: String, CaseIterable {
  case mcgPerHour = "mcg/h"
}

extension Character {
  fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
