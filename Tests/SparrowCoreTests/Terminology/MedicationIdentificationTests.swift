import SparrowCore
import SparrowTesting
import Testing

/// Identifying what an order is, in the order the record allows: RxNorm codes, Medication ingredients, v1 names,
/// display text. Each MME below is worked by hand from the CDC 2022 factors (hydrocodone 1, oxycodone 1.5,
/// morphine 1) on synthetic orders.
struct MedicationIdentificationTests {
  // MARK: - FHIR

  /// A synthetic FHIR Bundle with one MedicationRequest: `medication` is the request's medication part (code or
  /// reference, contained resources); `extra` adds Bundle entries.
  private func bundle(
    medication: String, dose: String = #"{"value": 1, "code": "{tbl}"}"#, timesPerDay: Int = 4, extra: String = ""
  ) throws -> PatientRecord {
    let json = """
      {"resourceType": "Bundle", "type": "collection", "entry": [
        {"resource": {"resourceType": "Patient", "id": "SYN-ID", "birthDate": "1970-01-01"}},
        \(extra)
        {"resource": {"resourceType": "MedicationRequest", "id": "mr1", "status": "active", "intent": "order",
          \(medication),
          "authoredOn": "2026-11-01",
          "dosageInstruction": [{"timing": {"repeat": {"frequency": \(timesPerDay), "period": 1, "periodUnit": "d"}},
            "doseAndRate": [{"doseQuantity": \(dose)}]}]}}
      ]}
      """
    return try RecordInput.decode(Array(json.utf8))
  }

  private func load(_ record: PatientRecord, table: MMEFactorTable = .cdc2022) -> OpioidLoad {
    Assessment(record: record, on: Fixtures.evaluationDate, table: table).load
  }

  private let rxnorm = "http://www.nlm.nih.gov/research/umls/rxnorm"

  @Test func aReferencedProductCodeAloneGivesIngredientAndStrength() throws {
    // RxNorm 857004: acetaminophen 325 MG / hydrocodone bitartrate 5 MG Oral Tablet [Norco].
    // 1 tablet × 4/day × 5 mg = 20 mg/day × 1 = 20 MME/day.
    let record = try bundle(
      medication:
        #""medicationCodeableConcept": {"coding": [{"system": "\#(rxnorm)", "code": "857004", "display": "Norco 5-325"}]}"#
    )
    let order = try #require(record.medications.first)
    #expect(order.ingredient == "hydrocodone")
    #expect(order.otherIngredients == ["acetaminophen"])
    #expect(order.identifiedBy == .rxnormProduct)
    #expect(order.strength == Strength(5, .mg))
    #expect(load(record).totalMME == 20)
  }

  @Test func manyCodingsTakeTheMostSpecific() throws {
    // Epic-style: an unknown local code, the ingredient (5489 hydrocodone) and the SCD (857002 APAP 325 /
    // hydrocodone 5). The product wins: 20 MME/day.
    let record = try bundle(
      medication: #"""
        "medicationCodeableConcept": {"coding": [
          {"system": "urn:oid:1.2.840.114350", "code": "12345"},
          {"system": "\#(rxnorm)", "code": "999990001"},
          {"system": "\#(rxnorm)", "code": "5489", "display": "hydrocodone"},
          {"system": "\#(rxnorm)", "code": "857002", "display": "acetaminophen 325 MG / hydrocodone bitartrate 5 MG Oral Tablet"}],
          "text": "HYDROCODONE-ACETAMINOPHEN 5-325 MG PO TABS"}
        """#)
    let order = try #require(record.medications.first)
    #expect(order.identifiedBy == .rxnormProduct)
    #expect(order.rxnorm == "857002")
    #expect(load(record).totalMME == 20)
  }

  @Test func aContainedCombinationUsesTheOpioidsOwnStrength() throws {
    // Acetaminophen listed first at 325 mg: its strength must not be taken for hydrocodone's 5 mg.
    // 1 tablet × 4 × 5 mg = 20 MME/day (not 1300).
    let record = try bundle(
      medication: #"""
        "contained": [{"resourceType": "Medication", "id": "m", "code": {"text": "Hydrocodone/APAP 5/325"},
          "ingredient": [
            {"itemCodeableConcept": {"coding": [{"system": "\#(rxnorm)", "code": "161", "display": "acetaminophen"}]},
             "strength": {"numerator": {"value": 325, "code": "mg"}, "denominator": {"value": 1, "code": "{tbl}"}}},
            {"itemCodeableConcept": {"coding": [{"system": "\#(rxnorm)", "code": "5489", "display": "hydrocodone"}]},
             "strength": {"numerator": {"value": 5, "code": "mg"}, "denominator": {"value": 1, "code": "{tbl}"}}}]}],
        "medicationReference": {"reference": "#m"}
        """#)
    let order = try #require(record.medications.first)
    #expect(order.ingredient == "hydrocodone")
    #expect(order.identifiedBy == .medicationIngredient)
    #expect(order.strength == Strength(5, .mg))
    #expect(order.otherIngredients == ["acetaminophen"])
    #expect(load(record).totalMME == 20)
  }

  @Test func aReferencedMedicationResourceIsRead() throws {
    // Medication/m1 is RxNorm 1049621 oxycodone hydrochloride 5 MG Oral Tablet: 1 × 4 × 5 mg × 1.5 = 30 MME/day.
    let record = try bundle(
      medication: #""medicationReference": {"reference": "Medication/m1"}"#,
      extra: #"""
        {"resource": {"resourceType": "Medication", "id": "m1", "code": {"coding": [{"system": "\#(rxnorm)", "code": "1049621"}]}}},
        """#)
    #expect(record.medications.first?.identifiedBy == .rxnormProduct)
    #expect(load(record).totalMME == 30)
  }

  @Test func aCodeInNoCatalogFallsBackToTheDisplayNameAndSaysSo() throws {
    // 10 mg oxycodone read from the text: 1 × 4 × 10 mg × 1.5 = 60 MME/day.
    let record = try bundle(
      medication:
        #""medicationCodeableConcept": {"coding": [{"system": "\#(rxnorm)", "code": "999990002", "display": "oxycodone hydrochloride 10 MG Oral Tablet"}]}"#
    )
    let order = try #require(record.medications.first)
    #expect(order.identifiedBy == .displayName)
    #expect(order.strength == Strength(10, .mg))
    #expect(load(record).totalMME == 60)
  }

  @Test func aCodeAndTextSparrowCannotPlaceIsUnclassifiedAndListed() throws {
    let record = try bundle(
      medication:
        #""medicationCodeableConcept": {"coding": [{"system": "\#(rxnorm)", "code": "999990003", "display": "Zorbex 10 MG Oral Tablet"}]}"#
    )
    let computed = load(record)
    #expect(record.medications.first?.identifiedBy == .unclassified)
    #expect(computed.orders.first?.status == .unclassified)
    #expect(computed.orders.first?.trace.contains("unclassified") == true)
  }

  @Test func anUnresolvedMedicationReferenceIsUnknownNeverZero() throws {
    let record = try bundle(medication: #""medicationReference": {"reference": "Medication/missing"}"#)
    let computed = load(record)
    #expect(record.medications.first?.identifiedBy == .unresolvedReference)
    #expect(computed.orders.first?.status == .unknown)
    #expect(computed.isComplete == false)
  }

  @Test func anOpioidLikeTextThatResolvesToNothingIsAnUnknownOpioid() throws {
    let record = try bundle(
      medication:
        #""medicationCodeableConcept": {"coding": [{"system": "\#(rxnorm)", "code": "999990004", "display": "Oxycodonum compositum 5 MG"}]}"#
    )
    let computed = load(record)
    #expect(computed.orders.first?.drugClass == .opioid)
    #expect(computed.orders.first?.status == .unknown)
    #expect(computed.isComplete == false)
  }

  // MARK: - v1

  /// A synthetic v1 record with one medication: `fields` are its JSON members after `name`.
  private func v1(_ medications: [String]) throws -> PatientRecord {
    let json = """
      {"schemaVersion": 1, "comment": "synthetic", "patient": {"id": "SYN-V1", "age": 50},
       "source": {"pipeline": "test", "generatedAt": "2026-11-20T00:00:00Z"},
       "medications": [\(medications.joined(separator: ","))]}
      """
    return try RecordInput.decode(Array(json.utf8))
  }

  private func order(
    _ ingredient: String, name: String = "synthetic order", extra: String = "",
    dose: String = #"{"value": 1, "unit": "tablet"}"#, timesPerDay: Int = 4
  ) -> String {
    """
    {"name": "\(name)", "ingredient": "\(ingredient)", "route": "oral", "dose": \(dose),
     "frequency": {"timesPerDay": \(timesPerDay)}, "status": "active"\(extra)}
    """
  }

  @Test(arguments: [
    // Salt words stripped: 1 tablet of 5 mg × 4 = 20 mg × 1.5 = 30 MME/day.
    ("oxycodone hydrochloride", #", "strength": {"value": 5, "unit": "mg"}"#, "oxycodone", 30.0),
    ("Oxycodone HCl", #", "strength": {"value": 5, "unit": "mg"}"#, "oxycodone", 30),
    // 15 mg × 4 = 60 mg × 1 = 60 MME/day.
    ("morphine sulfate", #", "strength": {"value": 15, "unit": "mg"}"#, "morphine", 60),
    // A combination split on "/": hydrocodone 5 mg × 4 × 1 = 20 MME/day.
    ("hydrocodone/acetaminophen", #", "strength": {"value": 5, "unit": "mg"}"#, "hydrocodone", 20),
    ("Hydrocodone Bitartrate and Acetaminophen", #", "strength": {"value": 5, "unit": "mg"}"#, "hydrocodone", 20),
    // A brand from the catalog: Percocet is oxycodone + acetaminophen; 5 mg × 4 × 1.5 = 30 MME/day.
    ("Percocet", #", "strength": {"value": 5, "unit": "mg"}"#, "oxycodone", 30),
    // An RxNorm code (857004, Norco 5/325) gives the strength: 5 mg × 4 × 1 = 20 MME/day.
    ("Norco", #", "rxnorm": "857004""#, "hydrocodone", 20),
    // Per-ingredient strengths (the v1 addition): hydrocodone 10 mg × 4 × 1 = 40 MME/day.
    (
      "hydrocodone/acetaminophen",
      #", "ingredients": [{"name": "acetaminophen", "strength": {"value": 325, "unit": "mg"}}, {"name": "hydrocodone bitartrate", "strength": {"value": 10, "unit": "mg"}}]"#,
      "hydrocodone", 40
    ),
  ])
  func v1IngredientNamesAreNormalised(ingredient: String, extra: String, expected: String, mme: Double) throws {
    let record = try v1([order(ingredient, extra: extra)])
    #expect(record.medications.first?.ingredient == expected)
    #expect(load(record).totalMME == mme)
    #expect(load(record).isComplete)
  }

  @Test func aSaltNamedBenzodiazepineWithASaltNamedOpioidRaisesTheBenzodiazepineFact() throws {
    let record = try v1([
      order("oxycodone hydrochloride", extra: #", "strength": {"value": 5, "unit": "mg"}"#),
      order("alprazolam", extra: #", "strength": {"value": 0.5, "unit": "mg"}"#, timesPerDay: 2),
      order("ketamine hydrochloride", dose: #"{"value": 10, "unit": "mg"}"#, timesPerDay: 1),
    ])
    let assessment = Assessment(record: record, on: Fixtures.evaluationDate)
    #expect(assessment.load.totalMME == 30)
    #expect(assessment.fact("sideEffect.benzodiazepine")?.value == .bool(true))
    #expect(assessment.load.orders.map(\.drugClass) == [.opioid, .benzodiazepine, .nmdaAntagonist])
  }

  @Test func aCombinationsOtherIngredientIsClassedToo() throws {
    // Carisoprodol/aspirin/codeine: an opioid and a muscle relaxant in one product.
    let record = try v1([
      order("carisoprodol/aspirin/codeine phosphate", extra: #", "strength": {"value": 16, "unit": "mg"}"#)
    ])
    let assessment = Assessment(record: record, on: Fixtures.evaluationDate)
    #expect(assessment.load.orders.first?.ingredient == "codeine")
    #expect(assessment.load.orders.first?.otherClasses == [.muscleRelaxant])
    #expect(assessment.fact("sideEffect.otherCNSDepressant")?.value == .bool(true))
  }

  @Test func anUnresolvableOpioidLikeV1NameIsUnknownNotZero() throws {
    let record = try v1([
      order("oxycodonum compositum", dose: #"{"value": 5, "unit": "mg"}"#),
      order("oxycodone", extra: #", "strength": {"value": 5, "unit": "mg"}"#),
    ])
    let computed = load(record)
    #expect(record.medications.first?.identifiedBy == .unresolvedName)
    #expect(computed.orders.first?.status == .unknown)
    #expect(computed.orders.first?.drugClass == .opioid)
    // The known order still counts (5 mg × 4 × 1.5 = 30); the total is a lower bound.
    #expect(computed.totalMME == 30)
    #expect(computed.isComplete == false)
  }

  // MARK: - Methadone tiers

  @Test(arguments: [
    // CDC 2016: 20 + 20 + 15 (as needed, at its maximum) = 55 mg/day, tier 41–60 mg → factor 10: 550 MME/day
    // (per order it would be 4 × 55 = 220).
    (MMEFactorTable.cdc2016, 550.0),
    // CDC 2022: one factor, 4.7: 55 × 4.7 = 258.5 MME/day.
    (.cdc2022, 258.5),
  ])
  func methadoneTierIsChosenOnTheDaysTotal(table: MMEFactorTable, mme: Double) throws {
    let record = RecordBuilder.record([
      RecordBuilder.oral("methadone", milligrams: 20, timesPerDay: 1),
      RecordBuilder.oral("methadone", milligrams: 20, timesPerDay: 1),
      RecordBuilder.oral("methadone", milligrams: 15, timesPerDay: 1, asNeeded: true, maxDailyMilligrams: 15),
    ])
    let computed = load(record, table: table)
    #expect(computed.totalMME == mme)
    if table == .cdc2016 {
      #expect(computed.orders.map(\.factor) == [10, 10, 10])
      #expect(computed.orders.first?.reason?.contains("55 mg/day") == true)
    }
  }

  // MARK: - Found in review

  @Test(arguments: [
    // Pharmacy-claims spellings and release words: 10 mg hydrocodone × 4 × 1 = 40 MME/day.
    ("HYDROCODONE BIT/ACETAMINOPHEN 10-325", "hydrocodone", 40.0),
    ("oxycodone-acetaminophen", "oxycodone", 60),
    ("oxycodone w/ acetaminophen", "oxycodone", 60),
    ("morphine ER", "morphine", 40),
    ("hydromorphone PF", "hydromorphone", 200),  // 40 mg/day × 5
    ("24 HR oxycodone hydrochloride 10 MG Extended Release Oral Tablet", "oxycodone", 60),
  ])
  func reviewSpellingsKeepTheOpioid(ingredient: String, expected: String, mme: Double) throws {
    let record = try v1([order(ingredient, extra: #", "strength": {"value": 10, "unit": "mg"}"#)])
    #expect(record.medications.first?.ingredient == expected)
    #expect(load(record).totalMME == mme)
  }

  @Test(arguments: ["benzhydrocodone/acetaminophen", "acetaminophen/benzhydrocodone", "oxycodonum/aspirin"])
  func anUnknownOpioidBesideAKnownNonOpioidIsNeverLedByTheNonOpioid(ingredient: String) throws {
    let computed = load(try v1([order(ingredient, extra: #", "strength": {"value": 6.12, "unit": "mg"}"#)]))
    #expect(computed.orders.first?.drugClass == .opioid)
    #expect(computed.orders.first?.status == .unknown)
    #expect(computed.isComplete == false)
  }

  @Test func aMultiWordBrandIsFoundAndCarriesItsRelease() throws {
    // MS Contin is morphine ER in every catalog product: 30 mg × 2 × 1 = 60 MME/day, long-acting.
    let record = try v1([order("MS Contin", extra: #", "strength": {"value": 30, "unit": "mg"}"#, timesPerDay: 2)])
    let computed = load(record)
    #expect(record.medications.first?.identifiedBy == .brandName)
    #expect(record.medications.first?.extendedRelease == true)
    #expect(computed.totalMME == 60)
    #expect(computed.orders.first?.isLongActing == true)
  }

  @Test func anOpioidValueSetCodeWithoutACatalogStrengthIsAnUnknownOpioid() throws {
    // RxNorm 2670390 (tramadol 25 MG) is in the IG's opioid analgesic value set but not in the OMTK table.
    let record = try bundle(
      medication: #""medicationCodeableConcept": {"coding": [{"system": "\#(rxnorm)", "code": "2670390"}]}"#)
    let computed = load(record)
    #expect(computed.orders.first?.drugClass == .opioid)
    #expect(computed.orders.first?.status == .unknown)
  }

  @Test func anInjectableProductWithoutARouteIsNotTakenAsOral() throws {
    // RxNorm 897745 hydromorphone 2 MG/ML Injectable Solution, 1 mL q6h, no route: never the oral factor.
    let record = try bundle(
      medication: #""medicationCodeableConcept": {"coding": [{"system": "\#(rxnorm)", "code": "897745"}]}"#,
      dose: #"{"value": 1, "code": "mL"}"#)
    let computed = load(record)
    #expect(record.medications.first?.route == .other)
    #expect(computed.orders.first?.status == .unknown)
  }

  @Test func aDisplayStrengthIsNeverTakenFromTheNextIngredient() throws {
    let record = try bundle(
      medication:
        #""medicationCodeableConcept": {"coding": [{"system": "\#(rxnorm)", "code": "999990005", "display": "Tramadol / APAP 325 MG Tab"}]}"#
    )
    let computed = load(record)
    #expect(record.medications.first?.strength == nil)
    #expect(computed.orders.first?.status == .unknown)
  }

  @Test func samidorphanAndDextromethorphanAreNotUnknownOpioids() throws {
    let record = try v1([
      order("olanzapine/samidorphan", dose: #"{"value": 10, "unit": "mg"}"#, timesPerDay: 1),
      order("guaifenesin-dextromethorphan", dose: #"{"value": 10, "unit": "mL"}"#, timesPerDay: 1),
    ])
    let computed = load(record)
    #expect(computed.orders.map(\.drugClass) == [.antipsychotic, .nmdaAntagonist])
    #expect(computed.orders.first?.otherClasses == [.opioidAntagonist])
    #expect(computed.isComplete)
  }

  @Test func anUnidentifiedActiveOrderBesideAnOpioidLeavesTheBenzodiazepineFactUnknown() throws {
    let record = try v1([
      order("oxycodone", extra: #", "strength": {"value": 5, "unit": "mg"}"#),
      order("Zorbex", dose: #"{"value": 1, "unit": "mg"}"#),
    ])
    let assessment = Assessment(record: record, on: Fixtures.evaluationDate)
    #expect(assessment.fact("sideEffect.benzodiazepine")?.value == .unknown)
    // An unknown benzodiazepine does not make the opioid load incomplete.
    let benzo = try v1([order("xyzazolam", dose: #"{"value": 1, "unit": "mg"}"#)])
    #expect(load(benzo).orders.first?.drugClass == .benzodiazepine)
    #expect(load(benzo).isComplete)
  }

  @Test func aV1CodeThatDisagreesWithTheWrittenIngredientIsNoted() throws {
    // RxNorm 1049621 is oxycodone 5 mg; the order says morphine. The code is used (30 MME/day) and it is said.
    let record = try v1([order("morphine sulfate", extra: #", "rxnorm": "1049621""#)])
    #expect(record.medications.first?.ingredient == "oxycodone")
    #expect(load(record).totalMME == 30)
    #expect(
      record.conversionNotes == [
        "medications[0].rxnorm: RxNorm 1049621 is oxycodone but the written ingredient 'morphine sulfate' is morphine; the RxNorm code is used"
      ])
  }

  @Test func aBenzodiazepineKnownOnlyByItsValueSetIsABenzodiazepineNotAnOpioid() throws {
    // RxNorm 208463 (temazepam 7.5 MG [Restoril]) is in the IG's benzodiazepine value set, not in the opioid
    // catalog; its display names no token. Beside oxycodone 1049621 (5 mg × 4 × 1.5 = 30 MME/day).
    let json = """
      {"resourceType": "Bundle", "type": "collection", "entry": [
        {"resource": {"resourceType": "Patient", "id": "SYN-BZ", "birthDate": "1970-01-01"}},
        {"resource": {"resourceType": "MedicationRequest", "id": "a", "status": "active",
          "medicationCodeableConcept": {"coding": [{"system": "\(rxnorm)", "code": "1049621"}]},
          "dosageInstruction": [{"timing": {"repeat": {"frequency": 4, "period": 1, "periodUnit": "d"}},
            "doseAndRate": [{"doseQuantity": {"value": 1, "code": "{tbl}"}}]}]}},
        {"resource": {"resourceType": "MedicationRequest", "id": "b", "status": "active",
          "medicationCodeableConcept": {"coding": [{"system": "\(rxnorm)", "code": "208463", "display": "Restoril 7.5 MG"}]},
          "dosageInstruction": [{"timing": {"repeat": {"frequency": 1, "period": 1, "periodUnit": "d"}},
            "doseAndRate": [{"doseQuantity": {"value": 1, "code": "{capsule}"}}]}]}}
      ]}
      """
    let assessment = Assessment(record: try RecordInput.decode(Array(json.utf8)), on: Fixtures.evaluationDate)
    #expect(assessment.load.orders.map(\.drugClass) == [.opioid, .benzodiazepine])
    #expect(assessment.load.totalMME == 30)
    #expect(assessment.load.isComplete)
    #expect(assessment.fact("sideEffect.benzodiazepine")?.value == .bool(true))
  }
}
