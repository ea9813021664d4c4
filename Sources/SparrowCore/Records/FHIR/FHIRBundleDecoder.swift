// MARK: - FHIRBundleDecoder

/// Turns a FHIR R4 `Bundle` (collection, searchset or transaction) into the same `PatientRecord` as the v1 format.
///
/// Reads `Patient`, `MedicationRequest`, `MedicationStatement` (with `medicationCodeableConcept` or a referenced or
/// contained `Medication`), `Condition` and `Observation`; other resource types are ignored and counted. What
/// cannot be interpreted is noted with the resource id and FHIR path, and an order whose dose cannot be read is
/// kept as "dose unknown" rather than dropped. Daily dose follows the CDC opioid CDS logic: dose × frequency ÷
/// period; ranges at their high end; as-needed at `maxDosePerPeriod`; patches by mcg/h.
public struct FHIRBundleDecoder: Sendable {
  /// RxNorm concepts known without a contained Medication.
  public var catalog: RxNormCatalog
  /// Count limits: orders, conditions and observations as for v1, and the Bundle's entries in all.
  public var limits: RecordLimits

  /// A decoder using `catalog`, enforcing `limits`.
  public init(catalog: RxNormCatalog = .standard, limits: RecordLimits = .standard) {
    self.catalog = catalog
    self.limits = limits
  }

  /// The most entries a Bundle may have: every order, condition and observation the limits allow, a patient,
  /// and as many again for Medication and other resources.
  var maxEntries: Int { 2 * (limits.maxMedications + limits.maxConditions + limits.maxObservations) + 1 }

  static let rxnorm = "http://www.nlm.nih.gov/research/umls/rxnorm"
  static let loinc = "http://loinc.org"
  static let snomed = "http://snomed.info/sct"
  static let icd10cm = "http://hl7.org/fhir/sid/icd-10-cm"

  /// Decodes a parsed Bundle.
  public func decode(_ document: JSONValue) throws(RecordError) -> PatientRecord {
    let bundle = FHIRNode(document, path: "Bundle")
    let type = bundle["type"].string
    guard let type, ["collection", "searchset", "transaction"].contains(type) else {
      throw RecordError(
        path: "Bundle.type",
        message: "expected one of collection, searchset, transaction; got \(bundle["type"].describe)")
    }
    var state = ConversionState()
    var medications: [String: FHIRNode] = [:]
    let entries = bundle["entry"].elements
    guard entries.count <= maxEntries else {
      throw RecordError(
        path: "Bundle.entry", message: "\(entries.count) entries; the limit is \(maxEntries)")
    }
    for entry in entries {
      let resource = entry["resource"]
      if resource.resourceType == "Medication", let id = resource["id"].string { medications[id] = resource }
    }
    var patients: [FHIRNode] = []
    var encounters: [FHIRNode] = []
    var record = PatientRecord(
      patient: Patient(id: "unknown", age: 0),
      source: RecordSource(pipeline: "fhir-r4-bundle", generatedAt: bundle["timestamp"].string ?? ""),
      medications: [])
    for entry in entries {
      let resource = entry["resource"]
      switch resource.resourceType {
      case "Patient": patients.append(resource)
      case "MedicationRequest", "MedicationStatement":
        if let order = medicationOrder(resource, medications: medications, state: &state) {
          record.medications.append(order)
        }
      case "Condition": record.conditions += conditions(resource, state: &state)
      case "Observation": observation(resource, into: &record, state: &state)
      case "Medication": break
      case "Encounter": encounters.append(resource)
      case let other?: state.ignored[other, default: 0] += 1
      case nil: state.note(resource.path, "entry without a resource or resourceType")
      }
    }
    guard let patient = patients.first else {
      throw RecordError(path: "Bundle.entry", message: "a Bundle must contain a Patient resource; none found")
    }
    if patients.count > 1 {
      throw RecordError(path: "Bundle.entry", message: "a Bundle must describe one patient; found \(patients.count)")
    }
    guard let patientID = patient["id"].string, !patientID.isEmpty else {
      throw RecordError(path: "\(patient.path).id", message: "required field is missing")
    }
    try JSONReader.checkIdentifier(patientID, at: "\(patient.path).id")
    guard let birthDateText = patient["birthDate"].string, let birthDate = CalendarDate(parsing: birthDateText) else {
      throw RecordError(
        path: "Patient/\(patientID).birthDate",
        message: "expected a date YYYY-MM-DD; got \(patient["birthDate"].describe)")
    }
    for (count, limit, what) in [
      (record.medications.count, limits.maxMedications, "medication orders"),
      (record.conditions.count, limits.maxConditions, "conditions"),
      (record.observations.count + record.drugScreens.count, limits.maxObservations, "observations"),
    ] where count > limit {
      throw RecordError(path: "Bundle.entry", message: "\(count) \(what); the limit is \(limit)")
    }
    for order in record.medications {
      try JSONReader.checkIdentifier(order.name, at: "MedicationRequest/\(order.id ?? "?").medication")
      if let id = order.id { try JSONReader.checkIdentifier(id, at: "MedicationRequest/\(id).id") }
    }
    record.patient.id = patientID
    record.patient.age = nil
    record.patient.birthDate = birthDate
    record.patient.sex = patient["gender"].string.flatMap(Sex.init(rawValue:))
    if let pregnancy = state.pregnancy { record.patient.pregnancy = pregnancy }
    if let encounter = encounters.first {
      record.encounter = try Self.encounter(encounter)
      if encounters.count > 1 {
        state.note(encounter.path, "\(encounters.count) Encounter resources; the unit and service are the first's")
      }
    }
    record.conversionNotes = state.notes
    for (type, count) in state.ignored.sorted(by: { $0.key < $1.key }) {
      record.conversionNotes.append("ignored \(count) \(type) resource(s): not read by Sparrow")
    }
    return record
  }

  // MARK: - Encounter

  /// The unit (the first location's display) and service (`serviceType`'s text or first coding's display) of an
  /// Encounter: worklist filters only.
  private static func encounter(_ resource: FHIRNode) throws(RecordError) -> Encounter {
    let id = resource["id"].string ?? "?"
    let unit = resource["location"].elements.first?["location"]["display"].string
    let serviceType = resource["serviceType"]
    let service = serviceType["text"].string ?? serviceType["coding"].elements.first?["display"].string
    if let unit { try JSONReader.checkIdentifier(unit, at: "Encounter/\(id).location.location.display") }
    if let service { try JSONReader.checkIdentifier(service, at: "Encounter/\(id).serviceType") }
    return Encounter(unit: unit, service: service)
  }

  // MARK: - Medication orders

  private func medicationOrder(
    _ resource: FHIRNode, medications: [String: FHIRNode], state: inout ConversionState
  ) -> MedicationOrder? {
    let isRequest = resource.resourceType == "MedicationRequest"
    let id = resource["id"].string ?? "?"
    let location = "\(resource.resourceType ?? "?")/\(id)"
    // The medication: a code, or a referenced or contained Medication.
    var concept = resource["medicationCodeableConcept"]
    var medication: FHIRNode?
    var medicationMissing = false
    if let reference = resource["medicationReference"]["reference"].string {
      if reference.hasPrefix("#") {
        medication = resource["contained"].elements.first { $0["id"].string == String(reference.dropFirst()) }
      } else {
        medication = medications[String(reference.split(separator: "/").last ?? "")]
      }
      if medication == nil {
        medicationMissing = true
        state.note("\(location).medicationReference", "Medication \(reference) not found in the Bundle")
      }
      concept = medication?["code"] ?? FHIRNode(.null, path: "")
    }
    let text = concept["text"].string ?? concept["coding"].elements.compactMap { $0["display"].string }.first
    let identifier = MedicationIdentifier(rxnorm: catalog)
    // Every RxNorm coding on the order or its Medication (Epic sends several): the most specific concept wins.
    var codes = concept.codes(system: Self.rxnorm)
    codes += resource["medicationCodeableConcept"].codes(system: Self.rxnorm).filter { !codes.contains($0) }
    var identity = identifier.concept(codes: codes)
    // A contained or referenced Medication's ingredients, matched one by one, each with its own strength.
    let parts = (medication?["ingredient"].elements ?? []).map { ingredient in
      var part = MedicationIdentifier.IngredientInput(
        rxnormCodes: ingredient["itemCodeableConcept"].codes(system: Self.rxnorm),
        name: ingredient["itemCodeableConcept"]["text"].string
          ?? ingredient["itemCodeableConcept"]["coding"].elements.compactMap { $0["display"].string }.first)
      let ratio = ingredient["strength"]
      if let value = ratio["numerator"]["value"].number, let unit = ratio["numerator"].unit {
        let per = ratio["denominator"].unit ?? "1"
        let amount = value / (ratio["denominator"]["value"].number ?? 1)
        switch (unit, per) {
        case ("mg", "1"), ("mg", "{tbl}"), ("mg", "{tablet}"), ("mg", "TAB"), ("mg", "{capsule}"):
          part.strength = Strength(amount, .mg)
        case ("ug", "1"), ("mcg", "1"): part.strength = Strength(amount, .mcg)
        case ("mg", "mL"): part.strength = Strength(amount, .mgPerML)
        case ("ug", "mL"), ("mcg", "mL"): part.strength = Strength(amount, .mcgPerML)
        case ("ug", "h"), ("mcg", "h"): part.transdermalRateMcgPerHour = amount
        default: state.note("\(location).contained.ingredient.strength", "strength \(unit)/\(per) not understood")
        }
      }
      return part
    }
    var strength: Strength?
    var rate: Double?
    if let fromIngredients = identifier.identify(ingredients: parts) {
      let leadIsOpioid = DrugClassifier.standard.drugClass(of: fromIngredients.ingredient) == .opioid
      let replacesIngredientCode =
        identity?.method == .rxnormIngredient && (leadIsOpioid || identity?.ingredient == fromIngredients.ingredient)
      if identity == nil || replacesIngredientCode {
        identity = fromIngredients
      } else if fromIngredients.ingredient != identity?.ingredient {
        state.note(
          "\(location).medication",
          "the product code says \(identity?.ingredient ?? "?") but the ingredients say \(fromIngredients.ingredient); the code is used"
        )
      }
      if fromIngredients.ingredient == identity?.ingredient {
        strength = fromIngredients.strength
        rate = fromIngredients.transdermalRateMcgPerHour
        if let product = identity, product.method == .rxnormProduct,
          (strength != nil && product.strength != nil && strength != product.strength)
            || (rate != nil && product.transdermalRateMcgPerHour != nil && rate != product.transdermalRateMcgPerHour)
        {
          state.note(
            "\(location).medication",
            "the Medication's ingredient strength differs from RxNorm \(product.rxnorm ?? "?")'s; the ingredient's is used"
          )
        }
        if identity?.otherIngredients.isEmpty == true { identity?.otherIngredients = fromIngredients.otherIngredients }
      }
    }
    if identity == nil, let text, let fromText = identifier.identify(displayText: text) {
      identity = fromText
      state.note(
        "\(location).medication",
        "ingredient '\(fromText.ingredient)' taken from the product text; no known RxNorm code")
    }
    if let identity, identity.method == .rxnormProduct || identity.method == .rxnormIngredient, let text,
      !text.lowercased().contains(identity.ingredient)
    {
      state.note(
        "\(location).medication",
        "RxNorm \(identity.rxnorm ?? "?") is \(identity.ingredient) but the text does not say so; check the order")
    }
    guard let identity else {
      let unresolved: MedicationIdentifier.Identification =
        if medicationMissing {
          MedicationIdentifier.Identification(
            ingredient: MedicationIdentifier.unidentified, method: .unresolvedReference,
            detail: "Medication reference not found in the Bundle")
        } else {
          identifier.unresolved(
            text ?? "", fallback: text.flatMap { MedicationIdentifier.ingredientNames(in: $0).first }, codes: codes)
        }
      state.note(
        "\(location).medication", "medication not identified (no known RxNorm code, ingredient or name in the text)")
      return MedicationOrder(
        id: id, name: text ?? "unidentified medication", rxnorm: codes.first, ingredient: unresolved.ingredient,
        route: .other, dose: nil, doseProblem: "medication not identified", status: .active,
        identifiedBy: unresolved.method, identificationDetail: unresolved.detail,
        unresolvedClass: unresolved.unresolvedClass)
    }
    let entry = identity
    let ingredient = identity.ingredient

    // Status and dates.
    let statusText = resource["status"].string ?? "unknown"
    var status = Self.status(statusText)
    if status == nil {
      state.note("\(location).status", "status '\(statusText)' not understood; counted as active")
      status = .active
    }
    let dosages = isRequest ? resource["dosageInstruction"].elements : resource["dosage"].elements
    if dosages.count > 1 { state.note("\(location).dosage", "\(dosages.count) dosages; only the first is read") }
    let dosage = dosages.first ?? FHIRNode(.null, path: "\(location).dosage")
    let timing = dosage["timing"]["repeat"]
    var start = timing["boundsPeriod"]["start"].date
    var end = timing["boundsPeriod"]["end"].date
    if isRequest {
      start = start ?? resource["authoredOn"].date
    } else {
      start = start ?? resource["effectivePeriod"]["start"].date ?? resource["effectiveDateTime"].date
      end = end ?? resource["effectivePeriod"]["end"].date
    }

    // Route.
    var route = dosage["route"].codes(system: Self.snomed).compactMap(Self.route).first ?? entry.route
    if route == nil {
      // A parenteral product without a coded route is not taken as oral: its factor would be the oral one.
      route = rate != nil ? .transdermal : entry.doseForm == .injection ? .other : .oral
      state.note("\(location).dosage.route", "no route given; taken as \(route?.rawValue ?? "oral")")
    }
    rate = rate ?? entry.transdermalRateMcgPerHour

    // Dose.
    let doseAndRate = dosage["doseAndRate"].elements.first ?? FHIRNode(.null, path: "")
    var doseProblem: String?
    var dose: Dose?
    let quantity =
      doseAndRate["doseQuantity"].isPresent ? doseAndRate["doseQuantity"] : doseAndRate["doseRange"]["high"]
    if let value = quantity["value"].number, value > 0 {
      if let unit = quantity.unit.flatMap(Self.doseUnit) {
        dose = Dose(value, unit)
      } else {
        doseProblem = "dose unit \(quantity.describeUnit) not understood at \(location).dosage.doseAndRate"
      }
    } else {
      doseProblem = "no doseQuantity or doseRange.high at \(location).dosage.doseAndRate"
    }
    if let doseProblem { state.note("\(location).dosage.doseAndRate", doseProblem) }

    // Frequency: frequency (or frequencyMax, the worst case) per period; else the count of timeOfDay.
    var frequency: Frequency?
    if let period = timing["period"].number, period > 0, let unit = timing["periodUnit"].string {
      if let days = Self.days(unit) {
        let count = timing["frequencyMax"].number ?? timing["frequency"].number ?? 1
        frequency = .timesPerDay(count / (period * days))
      } else {
        state.note("\(location).dosage.timing.repeat.periodUnit", "period unit '\(unit)' not understood")
      }
    } else if !timing["timeOfDay"].elements.isEmpty {
      frequency = .timesPerDay(Double(timing["timeOfDay"].elements.count))
    }

    // As needed, with its maximum per period.
    let asNeeded = dosage["asNeededBoolean"].bool == true || dosage["asNeededCodeableConcept"].isPresent
    var maxDaily: Dose?
    let maximum = dosage["maxDosePerPeriod"].elements.first ?? dosage["maxDosePerPeriod"]
    if let value = maximum["numerator"]["value"].number, let unit = maximum["numerator"].unit.flatMap(Self.doseUnit),
      let per = maximum["denominator"]["value"].number, per > 0,
      let days = maximum["denominator"].unit.flatMap(Self.days)
    {
      maxDaily = Dose(value / (per * days), unit)
    } else if maximum.isPresent {
      state.note("\(location).dosage.maxDosePerPeriod", "maxDosePerPeriod not understood")
    }

    return MedicationOrder(
      id: id, name: text ?? ingredient, rxnorm: identity.rxnorm ?? codes.first, ingredient: ingredient,
      route: route ?? .oral, doseForm: entry.doseForm, extendedRelease: entry.extendedRelease,
      strength: strength ?? entry.strength, dose: doseProblem == nil ? dose : nil, doseProblem: doseProblem,
      frequency: frequency, asNeeded: asNeeded, maxDailyDose: asNeeded ? maxDaily : nil,
      transdermalRateMcgPerHour: rate, start: start, end: end, status: status ?? .active,
      otherIngredients: identity.otherIngredients, identifiedBy: identity.method,
      identificationDetail: identity.detail)
  }

  // MARK: - Conditions and observations

  private func conditions(_ resource: FHIRNode, state: inout ConversionState) -> [Condition] {
    let statusCode = resource["clinicalStatus"].codes(system: nil).first ?? "active"
    let status = ConditionStatus(rawValue: statusCode) ?? .active
    let code = resource["code"]
    var found: [Condition] = []
    for coding in code["coding"].elements {
      guard let value = coding["code"].string else { continue }
      switch coding["system"].string {
      case Self.icd10cm:
        found.append(Condition(system: .icd10cm, code: value, text: code["text"].string, status: status))
      case Self.snomed: found.append(Condition(system: .snomed, code: value, text: code["text"].string, status: status))
      default: break
      }
    }
    if found.isEmpty {
      state.note("Condition/\(resource["id"].string ?? "?").code", "no ICD-10-CM or SNOMED CT coding")
    }
    return found
  }

  static let observationCodes: [String: ObservationKind] = [
    "98979-8": .egfr, "98980-6": .egfr, "62238-1": .egfr, "33914-3": .egfr, "48642-3": .egfr, "48643-1": .egfr,
    "8480-6": .systolicBloodPressure, "8462-4": .diastolicBloodPressure, "1742-6": .alt, "1920-8": .ast,
    "1975-2": .bilirubin, "9279-1": .respiratoryRate, "59408-5": .oxygenSaturation,
  ]

  private func observation(_ resource: FHIRNode, into record: inout PatientRecord, state: inout ConversionState) {
    guard resource["status"].string != "entered-in-error" else { return }
    let date = resource["effectiveDateTime"].date ?? resource["effectivePeriod"]["start"].date
    let codes = resource["code"].codes(system: Self.loinc)
    if codes.contains("82810-3") {
      let answer = resource["valueCodeableConcept"].codes(system: Self.snomed)
      if answer.contains("77386006") { state.pregnancy = .pregnant }
      if answer.contains("60001007") { state.pregnancy = .notPregnant }
      return
    }
    if let screen = codes.first(where: {
      TerminologyCatalog.standard.contains(DrugScreen.anyScreen, code: $0, in: .loinc)
    }) {
      if let result = Self.screenResult(resource) {
        record.drugScreens.append(DrugScreen(loinc: screen, result: result, date: date))
      } else {
        state.note(
          "Observation/\(resource["id"].string ?? "?").value",
          "urine drug screen \(screen) has no positive or negative result Sparrow understands")
      }
      return
    }
    for part in [resource] + resource["component"].elements {
      for code in part["code"].codes(system: Self.loinc) {
        guard let kind = Self.observationCodes[code], let value = part["valueQuantity"]["value"].number, value >= 0
        else { continue }
        record.observations.append(Observation(kind: kind, value: value, unit: kind.unit, date: date, loinc: code))
      }
    }
  }

  /// A screen's qualitative result: SNOMED CT 10828004 / 260385009, the v3 interpretation POS / NEG, or the
  /// words positive, detected / negative, not detected.
  static func screenResult(_ resource: FHIRNode) -> DrugScreenResult? {
    let answers = resource["valueCodeableConcept"].codes(system: snomed)
    if answers.contains("10828004") { return .positive }
    if answers.contains("260385009") { return .negative }
    let interpretation = resource["interpretation"].elements.flatMap { $0.codes(system: nil) }
    if interpretation.contains("POS") { return .positive }
    if interpretation.contains("NEG") { return .negative }
    switch resource["valueString"].string?.lowercased() {
    case "positive", "detected": return .positive
    case "negative", "not detected": return .negative
    default: return nil
    }
  }

  // MARK: - Vocabularies

  static func status(_ text: String) -> OrderStatus? {
    switch text {
    case "active": .active
    case "on-hold": .onHold
    case "completed": .completed
    case "stopped", "not-taken": .stopped
    case "cancelled": .cancelled
    case "draft", "intended": .draft
    case "entered-in-error": .enteredInError
    default: nil
    }
  }

  /// SNOMED CT route codes.
  static func route(_ code: String) -> Route? {
    switch code {
    case "26643006": .oral
    case "37839007": .sublingual
    case "54471007": .buccal
    case "45890007": .transdermal
    case "47625008": .intravenous
    case "78421000": .intramuscular
    case "34206005": .subcutaneous
    case "46713006": .nasal
    case "37161004": .rectal
    default: nil
    }
  }

  /// UCUM and common dose units.
  static func doseUnit(_ unit: String) -> DoseUnit? {
    switch unit {
    case "mg": .mg
    case "ug", "mcg": .mcg
    case "g": .g
    case "mL", "ml": .mL
    case "{tbl}", "{tablet}", "tablet", "TAB", "{tab}": .tablet
    case "{capsule}", "{cap}", "capsule", "CAP": .capsule
    case "{patch}", "patch", "{Patch}": .patch
    case "{actuat}", "{puff}", "actuation": .actuation
    default: nil
    }
  }

  /// Days in a UCUM period unit (mo = 30 d, a = 365 d, as the CDC logic).
  static func days(_ unit: String) -> Double? {
    switch unit {
    case "s": 1.0 / 86_400
    case "min": 1.0 / 1_440
    case "h": 1.0 / 24
    case "d": 1
    case "wk": 7
    case "mo": 30
    case "a": 365
    default: nil
    }
  }
}

// MARK: - ConversionState

private struct ConversionState {
  var notes: [String] = []
  var ignored: [String: Int] = [:]
  var pregnancy: PregnancyStatus?

  mutating func note(_ path: String, _ message: String) {
    notes.append("\(path): \(message)")
  }
}

// MARK: - FHIRNode

/// A JSON value with its FHIR path, read leniently (a missing element is `.null`).
struct FHIRNode {
  let value: JSONValue
  let path: String

  init(_ value: JSONValue, path: String) {
    self.value = value
    self.path = path
  }

  subscript(key: String) -> FHIRNode {
    guard case .object(let object) = value, let child = object[key] else {
      return FHIRNode(.null, path: "\(path).\(key)")
    }
    return FHIRNode(child, path: "\(path).\(key)")
  }

  var elements: [FHIRNode] {
    guard case .array(let items) = value else { return [] }
    return items.enumerated().map { FHIRNode($0.element, path: "\(path)[\($0.offset)]") }
  }

  var isPresent: Bool { value != .null }

  var string: String? {
    if case .string(let text) = value { return text }
    return nil
  }

  var number: Double? {
    if case .number(let number) = value { return number }
    return nil
  }

  var bool: Bool? {
    if case .bool(let flag) = value { return flag }
    return nil
  }

  var date: CalendarDate? { string.flatMap(CalendarDate.init(parsing:)) }

  var resourceType: String? { self["resourceType"].string }

  /// A Quantity's unit: its UCUM `code`, else its `unit` text.
  var unit: String? { self["code"].string ?? self["unit"].string }

  var describeUnit: String { "'\(unit ?? "none")'" }

  var describe: String {
    switch value {
    case .string(let text): "\"\(text)\""
    case .null: "nothing"
    default: value.kindDescription
    }
  }

  /// The codes of a CodeableConcept's codings in `system` (any system when nil).
  func codes(system: String?) -> [String] {
    self["coding"].elements.compactMap { coding in
      guard system == nil || coding["system"].string == system else { return nil }
      return coding["code"].string
    }
  }
}
