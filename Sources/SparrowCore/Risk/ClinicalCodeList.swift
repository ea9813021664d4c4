// MARK: - ClinicalCodeList

/// A set of condition codes that stands for one clinical idea (sleep apnea, COPD, …).
///
/// ICD-10-CM entries match as prefixes of the dot-less code, so `G473` covers G47.30–G47.39 (a family);
/// SNOMED CT entries match exactly.
public struct ClinicalCodeList: Sendable, Equatable {
  /// ICD-10-CM prefixes, without dots, upper case.
  public var icd10Prefixes: [String]
  /// SNOMED CT concept ids.
  public var snomedCodes: Set<String>
  /// Value sets of the committed catalog (their ids) whose ICD-10-CM and SNOMED CT codes count too.
  public var valueSets: [String]
  /// ICD-10-CM codes the prefixes take in that the list leaves out by pattern.
  public var exclusion: Exclusion

  /// A pattern of ICD-10-CM codes a list leaves out.
  public enum Exclusion: Sendable, Equatable {
    case none
    /// O98, O99 and O9A codes "complicating childbirth" or "complicating the puerperium": five characters
    /// ending 2 or 3 (O99.02, O9A.13), or six ending 4 or 5 (O99.214, O99.335). Their pregnancy has ended.
    case childbirthAndPuerperium

    func excludes(_ code: String) -> Bool {
      switch self {
      case .none: return false
      case .childbirthAndPuerperium:
        guard ["O98", "O99", "O9A"].contains(where: code.hasPrefix), let last = code.last else { return false }
        return (code.count == 5 && "23".contains(last)) || (code.count == 6 && "45".contains(last))
      }
    }
  }

  /// A code list from its parts (ICD-10-CM prefixes may be written with dots).
  public init(
    icd10Prefixes: [String], snomedCodes: Set<String> = [], valueSets: [String] = [], exclusion: Exclusion = .none
  ) {
    self.icd10Prefixes = icd10Prefixes.map { String($0.uppercased().filter { $0 != "." }) }
    self.snomedCodes = snomedCodes
    self.valueSets = valueSets
    self.exclusion = exclusion
  }

  /// Whether `condition` is in the list.
  public func contains(_ condition: Condition) -> Bool {
    switch condition.system {
    case .icd10cm:
      let code = condition.normalizedCode
      if exclusion.excludes(code) { return false }
      if icd10Prefixes.contains(where: { code.hasPrefix($0) }) { return true }
      return inValueSets(condition.code, .icd10cm)
    case .snomed: return snomedCodes.contains(condition.code) || inValueSets(condition.code, .snomedct)
    }
  }

  /// The value set `condition` matched through, if it matched through one (for the evidence).
  public func valueSet(matching condition: Condition) -> String? {
    let system: TerminologyCatalog.System = condition.system == .icd10cm ? .icd10cm : .snomedct
    let found = TerminologyCatalog.standard.valueSets(containing: condition.code, in: system)
    return valueSets.first { found.contains($0) }
  }

  private func inValueSets(_ code: String, _ system: TerminologyCatalog.System) -> Bool {
    guard !valueSets.isEmpty else { return false }
    let found = TerminologyCatalog.standard.valueSets(containing: code, in: system)
    return valueSets.contains { found.contains($0) }
  }
}

// MARK: - Built-in lists

extension ClinicalCodeList {
  /// Sleep-disordered breathing: ICD-10-CM G47.3x (sleep apnea), after the opioid-cds-r4
  /// `sleep-disordered-breathing` value set; SNOMED 73430006 sleep apnea, 78275009 obstructive sleep apnea.
  /// (The IG's value set is broader, sleep-disordered breathing with narcolepsy and circadian disorders, so it is not
  /// used for this fact.)
  public static let sleepApnea = ClinicalCodeList(icd10Prefixes: ["G47.3"], snomedCodes: ["73430006", "78275009"])
  /// Chronic pulmonary disease: ICD-10-CM J43 emphysema, J44 COPD; SNOMED 13645005 COPD.
  public static let copd = ClinicalCodeList(icd10Prefixes: ["J43", "J44"], snomedCodes: ["13645005"])
  /// Chronic kidney disease with impaired function, KDIGO G3a–G5: ICD-10-CM N18.3 (stage 3), N18.4, N18.5, N18.6
  /// (end stage); SNOMED CT 433144002 (stage 3), 431857002 (stage 4), 433146000 (stage 5), 46177005 (end stage).
  /// Stages 1 and 2 (N18.1, N18.2) have a GFR of 60 or more, and N18.9 gives no stage, so neither counts.
  public static let chronicKidneyDisease = ClinicalCodeList(
    icd10Prefixes: ["N18.3", "N18.4", "N18.5", "N18.6"],
    snomedCodes: ["433144002", "431857002", "433146000", "46177005"])
  /// Liver disease with impairment: ICD-10-CM K70.3 alcoholic cirrhosis, K71.7 toxic liver disease with fibrosis
  /// and cirrhosis, K74 fibrosis and cirrhosis, B18 chronic viral hepatitis, and the hepatic failure list (K70.4
  /// alcoholic hepatic failure among them); SNOMED 19943007 cirrhosis.
  public static let hepaticImpairment = ClinicalCodeList(
    icd10Prefixes: ["K70.3", "K71.7", "K74", "B18"] + hepaticFailure.icd10Prefixes, snomedCodes: ["19943007"])
  /// Hepatic failure, which is severe impairment whatever else was sent: ICD-10-CM K70.4 alcoholic hepatic
  /// failure, K71.1 toxic liver disease with hepatic necrosis, K72 hepatic failure, K76.7 hepatorenal syndrome,
  /// K76.82 hepatic encephalopathy.
  public static let hepaticFailure = ClinicalCodeList(
    icd10Prefixes: ["K70.4", "K71.1", "K72", "K76.7", "K76.82"])
  /// Substance use disorders: ICD-10-CM F10–F16, F18, F19 abuse (.1) and dependence (.2); SNOMED 66214007
  /// substance abuse, 75544000 opioid dependence.
  public static let substanceUseDisorder = ClinicalCodeList(
    icd10Prefixes: ["F10", "F11", "F12", "F13", "F14", "F15", "F16", "F18", "F19"].flatMap { ["\($0).1", "\($0).2"] },
    snomedCodes: ["66214007", "75544000"], valueSets: ["conditions-documenting-substance-misuse"])
  /// Opioid use disorder: ICD-10-CM F11.1 and F11.2; the CDC IG's `opioid-misuse-disorders` value set.
  public static let opioidUseDisorder = ClinicalCodeList(
    icd10Prefixes: ["F11.1", "F11.2"], valueSets: ["opioid-misuse-disorders"])
  /// Pregnancy: ICD-10-CM O00–O9A less the codes that mean the pregnancy has ended (O03–O06 and O08 abortive
  /// outcomes, O70 perineal laceration, O72 postpartum haemorrhage, O73 retained placenta, O80–O92 delivery and
  /// the puerperium, O94 sequelae, and the "complicating childbirth" and "complicating the puerperium" codes of
  /// O98, O99 and O9A); Z33.1 pregnant state, Z34 supervision of a normal pregnancy, Z3A weeks of gestation.
  public static let pregnancy = ClinicalCodeList(
    icd10Prefixes: ["O00", "O01", "O02", "O07", "O09"] + (10...48).map { "O\($0)" }
      + [60, 61, 62, 63, 64, 65, 66, 67, 68, 69, 71, 74, 75, 76, 77].map { "O\($0)" }
      + ["O95", "O98", "O99", "O9A", "Z33.1", "Z34", "Z3A"], exclusion: .childbirthAndPuerperium)
  /// Cardiac disease: ICD-10-CM I20–I25 ischaemic heart disease (acute MI I21), I50 heart failure, I16
  /// hypertensive crisis.
  public static let cardiacDisease = ClinicalCodeList(
    icd10Prefixes: ["I20", "I21", "I22", "I23", "I24", "I25", "I50", "I16"])
  /// Hypertensive crisis: ICD-10-CM I16.
  public static let uncontrolledHypertension = ClinicalCodeList(icd10Prefixes: ["I16"])
  /// Raised intracranial pressure: ICD-10-CM G93.2 benign intracranial hypertension, G93.6 cerebral oedema.
  public static let raisedIntracranialPressure = ClinicalCodeList(icd10Prefixes: ["G93.2", "G93.6"])
  /// Glaucoma (raised intraocular pressure): ICD-10-CM H40–H42.
  public static let glaucoma = ClinicalCodeList(icd10Prefixes: ["H40", "H41", "H42"])
  /// Opioid overdose history: ICD-10-CM T40.0–T40.4 and T40.6, poisoning only: the 6th character 1–4
  /// (accidental, intentional self-harm, assault, undetermined), not 5 (adverse effect) or 6 (underdosing).
  public static let opioidOverdose = ClinicalCodeList(
    icd10Prefixes: ["T40.0X", "T40.1X", "T40.2X", "T40.3X", "T40.4X", "T40.41", "T40.42", "T40.49", "T40.60", "T40.69"]
      .flatMap { base in (1...4).map { "\(base)\($0)" } })
  /// Psychotic disorders and psychotic features: ICD-10-CM F20–F29; mania and bipolar disorder with psychotic
  /// features F30.2, F31.2, F31.5, F31.64; severe depression with psychotic features F32.3, F33.3; psychotic
  /// disorder due to a medical condition F06.0, F06.2; puerperal psychosis F53.1; substance-induced psychotic
  /// disorder F1x.x5.
  public static let psychosis = ClinicalCodeList(
    icd10Prefixes: (20...29).map { "F\($0)" } + [
      "F30.2", "F31.2", "F31.5", "F31.64", "F32.3", "F33.3", "F06.0", "F06.2", "F53.1",
    ]
      + (10...19).flatMap { category in [1, 2, 9].map { "F\(category).\($0)5" } },
    snomedCodes: ["69322001"])
}

// MARK: - HistoryFlag codes

extension HistoryFlag {
  /// The coded conditions that set this flag's fact as well as the flag itself; nil where only the flag can.
  public var codeList: ClinicalCodeList? {
    switch self {
    case .sleepApnea: .sleepApnea
    case .copd: .copd
    case .overdose: .opioidOverdose
    case .substanceUseDisorder: .substanceUseDisorder
    case .opioidUseDisorder: .opioidUseDisorder
    case .psychosis: .psychosis
    case .uncontrolledHypertension: .uncontrolledHypertension
    case .cardiacDisease: .cardiacDisease
    case .raisedIntracranialPressure: .raisedIntracranialPressure
    case .raisedIntraocularPressure: .glaucoma
    case .ketamineUseDisorder, .fallRisk: nil
    }
  }
}
