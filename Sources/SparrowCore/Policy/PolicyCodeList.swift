// MARK: - PolicyCodeList

/// A named value set of a policy: condition codes (ICD-10-CM families, SNOMED CT) and/or drug ingredients.
public struct PolicyCodeList: Sendable, Equatable {
  /// The list's name, as referenced by `conditionIn:` / `medicationIn:`.
  public var name: String
  /// Condition codes.
  public var codes: ClinicalCodeList
  /// Ingredients, lower case.
  public var ingredients: Set<String>
  /// Where the list comes from.
  public var source: String?
}
