// MARK: - Built-in tables

extension MMEFactorTable {
  /// The tables that ship with Sparrow, by name. `cdc-2022` is the default.
  public static let builtIn: [MMEFactorTable] = [cdc2022, cdc2016]

  /// The default table's name.
  public static let defaultName = "cdc-2022"

  /// The built-in table called `name`, if any.
  public static func builtIn(named name: String) -> MMEFactorTable? {
    builtIn.first { $0.name == name }
  }

  /// Oral routes for which the CDC oral factors hold. Other routes (intravenous morphine…) have different
  /// equianalgesic ratios, so Sparrow reports their MME as unknown rather than apply an oral factor.
  static let oralRoutes: Set<Route> = [.oral]

  /// CDC 2022 Clinical Practice Guideline, Table "Morphine milligram equivalent (MME) doses for commonly
  /// prescribed opioids" (MMWR Recomm Rep 2022;71(3)); same values in cqframework/opioid-mme-r4
  /// `CDCMMEClinicalConversionFactors` v3.0.0. Buprenorphine is excluded (partial agonist with a ceiling
  /// effect; "not included in the table"). Fentanyl other than transdermal has no factor in this table.
  public static let cdc2022 = MMEFactorTable(
    name: "cdc-2022",
    title: "CDC 2022 Clinical Practice Guideline MME conversion factors",
    source:
      "Dowell D et al. CDC Clinical Practice Guideline for Prescribing Opioids for Pain, MMWR Recomm Rep 2022;71(3), MME table",
    entries: [
      MMEFactorEntry(ingredient: "codeine", routes: oralRoutes, rule: .perMilligram(0.15)),
      MMEFactorEntry(ingredient: "fentanyl", routes: [.transdermal], rule: .perMicrogramPerHour(2.4)),
      MMEFactorEntry(ingredient: "hydrocodone", routes: oralRoutes, rule: .perMilligram(1)),
      MMEFactorEntry(ingredient: "hydromorphone", routes: oralRoutes, rule: .perMilligram(5)),
      MMEFactorEntry(ingredient: "methadone", routes: oralRoutes, rule: .perMilligram(4.7)),
      MMEFactorEntry(ingredient: "morphine", routes: oralRoutes, rule: .perMilligram(1)),
      MMEFactorEntry(ingredient: "oxycodone", routes: oralRoutes, rule: .perMilligram(1.5)),
      MMEFactorEntry(ingredient: "oxymorphone", routes: oralRoutes, rule: .perMilligram(3)),
      MMEFactorEntry(ingredient: "tapentadol", routes: oralRoutes, rule: .perMilligram(0.4)),
      MMEFactorEntry(ingredient: "tramadol", routes: oralRoutes, rule: .perMilligram(0.2)),
      MMEFactorEntry(
        ingredient: "buprenorphine", routes: Set(Route.allCases),
        rule: .excluded(
          reason: "buprenorphine is excluded from MME by CDC 2022 (partial agonist with a ceiling effect)")),
    ])

  /// CDC 2016 clinical factors ("Calculating total daily dose of opioids for safer dosage"), as coded in
  /// cqframework/opioid-mme-r4 `ConversionFactors.cql` and opioid-cds-r4 `CDCMMEClinicalConversionFactors.cql`:
  /// hydromorphone 4; methadone tiered 4 (1–20 mg/day), 8 (21–40), 10 (41–60), 12 (≥ 61). The source's integer
  /// ranges leave gaps (20.5 mg/day matches no tier); Sparrow closes them upwards: a tier runs to and
  /// including its upper bound, and anything above falls in the next tier. Tapentadol and tramadol have no
  /// factor in this table. Buprenorphine is reported, not summed, as in the 2022 table.
  public static let cdc2016 = MMEFactorTable(
    name: "cdc-2016",
    title: "CDC 2016 clinical MME conversion factors",
    source:
      "CDC Guideline for Prescribing Opioids for Chronic Pain 2016, Calculating Total Daily Dose of Opioids for Safer Dosage; opioid-mme-r4 ConversionFactors.cql",
    entries: [
      MMEFactorEntry(ingredient: "codeine", routes: oralRoutes, rule: .perMilligram(0.15)),
      MMEFactorEntry(ingredient: "fentanyl", routes: [.transdermal], rule: .perMicrogramPerHour(2.4)),
      MMEFactorEntry(ingredient: "hydrocodone", routes: oralRoutes, rule: .perMilligram(1)),
      MMEFactorEntry(ingredient: "hydromorphone", routes: oralRoutes, rule: .perMilligram(4)),
      MMEFactorEntry(
        ingredient: "methadone", routes: oralRoutes,
        rule: .tiered([
          MMETier(upToMilligrams: 20, factor: 4), MMETier(upToMilligrams: 40, factor: 8),
          MMETier(upToMilligrams: 60, factor: 10), MMETier(upToMilligrams: nil, factor: 12),
        ])),
      MMEFactorEntry(ingredient: "morphine", routes: oralRoutes, rule: .perMilligram(1)),
      MMEFactorEntry(ingredient: "oxycodone", routes: oralRoutes, rule: .perMilligram(1.5)),
      MMEFactorEntry(ingredient: "oxymorphone", routes: oralRoutes, rule: .perMilligram(3)),
      MMEFactorEntry(
        ingredient: "buprenorphine", routes: Set(Route.allCases),
        rule: .excluded(reason: "buprenorphine is not summed into MME (partial agonist; CDC tables exclude it)")),
    ])
}
