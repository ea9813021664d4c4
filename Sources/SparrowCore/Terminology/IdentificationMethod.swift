// MARK: - IdentificationMethod

/// How Sparrow identified what an order is, from the most to the least reliable. Every order in an assessment says
/// which way was used (`identifiedBy`).
public enum IdentificationMethod: String, Sendable, CaseIterable {
  /// An RxNorm product code (SCD, SBD, pack) found in the catalog or a policy's `rxnorm` section: ingredient,
  /// strength, dose form and release from the product.
  case rxnormProduct = "rxnorm-product"
  /// An RxNorm ingredient code: the ingredient, but no strength from the code.
  case rxnormIngredient = "rxnorm-ingredient"
  /// A FHIR Medication's `ingredient[]`, matched per ingredient by code or name, each with its own strength.
  case medicationIngredient = "medication-ingredient"
  /// A v1 `ingredient` written as a known ingredient, after salt words were stripped and combinations split.
  case ingredientName = "ingredient-name"
  /// A brand name from the catalog's branded products (`Percocet`).
  case brandName = "brand-name"
  /// Last resort: a known ingredient, and its strength when written beside it, read from the product's display
  /// text.
  case displayName = "display-name"
  /// The name holds an opioid, benzodiazepine, antagonist or ketamine token that could not be resolved to an
  /// ingredient: counted as unknown, never as "not an opioid".
  case unresolvedName = "unresolved-name"
  /// A FHIR order whose Medication reference does not resolve in the Bundle: unknown.
  case unresolvedReference = "unresolved-reference"
  /// Nothing about the order matched any ingredient Sparrow knows, and nothing in its name suggests a drug class
  /// Sparrow tracks: listed as unclassified so a pipeline owner can see it.
  case unclassified

  /// Whether the order's identity is unknown: its MME cannot be 0, and the load is incomplete.
  public var leavesIdentityUnknown: Bool {
    self == .unresolvedName || self == .unresolvedReference
  }
}
