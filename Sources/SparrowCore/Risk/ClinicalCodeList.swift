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

  /// A code list from its parts (ICD-10-CM prefixes may be written with dots).
  public init(icd10Prefixes: [String], snomedCodes: Set<String> = []) {
    self.icd10Prefixes = icd10Prefixes.map { String($0.uppercased().filter { $0 != "." }) }
    self.snomedCodes = snomedCodes
  }

  /// Whether `condition` is in the list.
  public func contains(_ condition: Condition) -> Bool {
    switch condition.system {
    case .icd10cm:
      let code = condition.normalizedCode
      return icd10Prefixes.contains { code.hasPrefix($0) }
    case .snomed: return snomedCodes.contains(condition.code)
    }
  }
}

// MARK: - Built-in lists

extension ClinicalCodeList {
  /// Sleep-disordered breathing: ICD-10-CM G47.3x (sleep apnea), after the opioid-cds-r4
  /// `sleep-disordered-breathing` value set; SNOMED 73430006 sleep apnea, 78275009 obstructive sleep apnea.
  public static let sleepApnea = ClinicalCodeList(icd10Prefixes: ["G47.3"], snomedCodes: ["73430006", "78275009"])
  /// Chronic pulmonary disease: ICD-10-CM J43 emphysema, J44 COPD; SNOMED 13645005 COPD.
  public static let copd = ClinicalCodeList(icd10Prefixes: ["J43", "J44"], snomedCodes: ["13645005"])
  /// Chronic kidney disease: ICD-10-CM N18; SNOMED 709044004.
  public static let chronicKidneyDisease = ClinicalCodeList(icd10Prefixes: ["N18"], snomedCodes: ["709044004"])
  /// Liver disease with impairment: ICD-10-CM K70.3 alcoholic cirrhosis, K72 hepatic failure, K74 fibrosis and
  /// cirrhosis; SNOMED 19943007 cirrhosis.
  public static let hepaticImpairment = ClinicalCodeList(
    icd10Prefixes: ["K70.3", "K72", "K74"], snomedCodes: ["19943007"])
  /// Substance use disorders: ICD-10-CM F10–F16, F18, F19 abuse (.1) and dependence (.2); SNOMED 66214007
  /// substance abuse, 75544000 opioid dependence.
  public static let substanceUseDisorder = ClinicalCodeList(
    icd10Prefixes: ["F10", "F11", "F12", "F13", "F14", "F15", "F16", "F18", "F19"].flatMap { ["\($0).1", "\($0).2"] },
    snomedCodes: ["66214007", "75544000"])
  /// Opioid overdose history: ICD-10-CM T40.0–T40.4 and T40.6 (poisoning by opioids and narcotics).
  public static let opioidOverdose = ClinicalCodeList(
    icd10Prefixes: ["T40.0", "T40.1", "T40.2", "T40.3", "T40.4", "T40.6"])
  /// Psychotic disorders: ICD-10-CM F20–F29.
  public static let psychosis = ClinicalCodeList(
    icd10Prefixes: (20...29).map { "F\($0)" }, snomedCodes: ["69322001"])
}
