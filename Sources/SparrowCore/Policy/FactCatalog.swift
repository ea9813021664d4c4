// MARK: - FactCatalog

/// The facts a policy may name, with their types: the vocabulary of the condition language and templates.
///
/// It is `FactName`, the one declaration of the facts; producers name their facts with it too.
public enum FactCatalog {
  /// A fact's type.
  public enum FactType: String, Sendable {
    case bool = "true/false"
    case number
    case text
  }

  /// Every fact name and its type, in the order an assessment lists them: `FactName`'s cases.
  public static let ordered: [(name: String, type: FactType)] = FactName.allCases.map { ($0.rawValue, $0.type) }

  /// Every fact name and its type.
  public static let types: [String: FactType] = Dictionary(
    uniqueKeysWithValues: ordered.map { ($0.name, $0.type) })

  /// Each fact's position in `ordered`: where `Assessment.fact(_:)` looks first.
  static let slots: [String: Int] = Dictionary(
    uniqueKeysWithValues: ordered.enumerated().map { ($0.element.name, $0.offset) })

  /// The type a value literal must have to compare with `fact`.
  static func matches(_ value: FactValue, _ type: FactType) -> Bool {
    switch (value, type) {
    case (.bool, .bool), (.number, .number), (.text, .text): true
    default: false
    }
  }
}
