import SparrowCore
import SparrowTesting
import Testing

@Suite struct PolicyRxNormTests {
  private let extensionText = """
    rxnorm:
      "999999":
        ingredient: Morphine
        strength: {value: 15, unit: mg}
        doseForm: tablet
        route: oral
        source: Site formulary, reviewed by the P&T committee (synthetic test entry)

    """

  @Test func aPolicyExtendsTheRxNormCatalogAndFHIRInputUsesIt() throws {
    let set = try PolicyBuilder.load(extensionText)
    #expect(set.rxnormCatalog.entries["999999"]?.ingredient == "morphine")
    #expect(set.rxnormCatalog.entries["197696"] != nil, "the built-in entries stay")
    let bytes = try Fixtures.bytes("fhir/unidentified-medication-noted.json")
    // Without the extension: only hydrocodone 10 mg every 12 h = 20. With it, the product is morphine 15 mg
    // tablets, 1 every 12 h = 30 mg × 1 = 30 more: 50.
    let plain = Assessment(record: try RecordInput.decode(bytes), on: Fixtures.evaluationDate)
    let extended = set.assess(try RecordInput.decode(bytes, catalog: set.rxnormCatalog), on: Fixtures.evaluationDate)
    #expect(plain.load.totalMME == 20)
    #expect(extended.load.totalMME == 50)
    #expect(
      extended.record.conversionNotes.contains(
        "MedicationRequest/mr1.medication: RxNorm 999999 is morphine but the text does not say so; check the order"))
  }

  @Test func theExtensionIsPartOfTheRevision() throws {
    let without = try PolicyBuilder.load("")
    let with = try PolicyBuilder.load(extensionText)
    #expect(without.canonicalForm != with.canonicalForm)
    #expect(!without.canonicalForm.contains("rxnorm"))
  }

  @Test func badEntriesAreReportedWithTheirLines() {
    let text = """
      rxnorm:
        "12a":
          ingredient: morphine
          source: x
        "123":
          ingredient: morphine
          strength: {value: 5, unit: tabs}

      """
    #expect(
      PolicyBuilder.errors(text) == [
        "test.yaml:6:3: rxnorm '12a': an RxNorm code is digits",
        "test.yaml:10:5: rxnorm '123': missing required key 'source'",
        "test.yaml:11:32: rxnorm '123'.strength.unit: expected one of mg, mcg, mg/mL, mcg/mL; got 'tabs'",
      ])
  }
}
