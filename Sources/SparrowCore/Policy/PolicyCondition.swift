// MARK: - PolicyCondition

/// A rule's condition: a small closed language over the assessment's named facts.
///
/// Deterministic and linear in its own size: no loops, no user functions, no I/O. A comparison with an unknown
/// fact is false (use `known:` to test for presence).
public indirect enum PolicyCondition: Sendable, Equatable {
  /// Every condition holds (true when empty).
  case all([PolicyCondition])
  /// At least one condition holds (false when empty).
  case any([PolicyCondition])
  /// The condition does not hold.
  case not(PolicyCondition)
  /// A fact compared with a value of the fact's type.
  case compare(fact: String, Comparison, FactValue)
  /// Whether a fact is known (`true`) or unknown (`false`).
  case known(fact: String, Bool)
  /// The patient has a current condition in the code list (ICD-10-CM by prefix, SNOMED CT exactly).
  case conditionIn(list: String)
  /// The record's medication orders answer the query (`medicationIn: LIST` is the plain form: an active order
  /// whose ingredient, or another ingredient of the combination, is in the list).
  case medication(MedicationQuery)
  /// The number of conditions that hold, compared with a number.
  case count([PolicyCondition], Comparison, Double)
}

// MARK: - Comparison

/// Comparison operators.
public enum Comparison: String, Sendable, CaseIterable {
  case equals, notEquals, atLeast, above, atMost, below

  /// Whether the operator orders values (numbers only).
  public var isOrdering: Bool { self != .equals && self != .notEquals }

  /// Applies the operator.
  public func holds(_ lhs: FactValue, _ rhs: FactValue) -> Bool {
    switch (lhs, rhs) {
    case (.unknown, _), (_, .unknown): return false
    case (.number(let left), .number(let right)):
      switch self {
      case .equals: return left == right
      case .notEquals: return left != right
      case .atLeast: return left >= right
      case .above: return left > right
      case .atMost: return left <= right
      case .below: return left < right
      }
    default:
      switch self {
      case .equals: return lhs == rhs
      case .notEquals: return lhs != rhs
      default: return false
      }
    }
  }
}
