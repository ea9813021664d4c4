// MARK: - Template

/// Advisory text with `{fact.name}` placeholders filled from the assessment (`Opioid load {load.totalMME} MME/day`).
///
/// Only fact values are ever filled in — never free text from the input — so rendered texts carry no names or
/// notes from a patient file. `{mmeTable}` is the factor table's name.
public struct Template: Sendable, Equatable {
  /// The text as written.
  public let source: String
  /// The placeholders, in order of appearance.
  public let placeholders: [String]

  /// The placeholder that names the factor table.
  public static let tablePlaceholder = "mmeTable"

  /// Parses `source`, or returns the problem (an unmatched brace).
  static func parse(_ source: String) -> Result<Template, TemplateProblem> {
    var placeholders: [String] = []
    var current: String?
    for character in source {
      switch (character, current) {
      case ("{", nil): current = ""
      case ("{", .some): return .failure(TemplateProblem(message: "'{' inside a placeholder"))
      case ("}", .some(let name)):
        placeholders.append(name)
        current = nil
      case ("}", nil): return .failure(TemplateProblem(message: "'}' without a matching '{'"))
      case (_, .some(let name)): current = name + String(character)
      default: break
      }
    }
    guard current == nil else { return .failure(TemplateProblem(message: "'{' without a matching '}'")) }
    return .success(Template(source: source, placeholders: placeholders))
  }

  /// The text with placeholders replaced by `values` (unknown names are left as written).
  public func render(_ values: [String: String]) -> String {
    var output = source
    for name in Set(placeholders) {
      if let value = values[name] { output = output.replacingAll("{\(name)}", with: value) }
    }
    return output
  }

  /// The length the text may reach when rendered: each placeholder counted at its longest likely value
  /// (8 characters, e.g. `12345.67`).
  public var worstCaseLength: Int {
    placeholders.reduce(source.count) { $0 - ($1.count + 2) + 8 }
  }
}

// MARK: - TemplateProblem

/// Why a template cannot be parsed.
struct TemplateProblem: Error {
  let message: String
}

extension String {
  /// Every occurrence of `target` replaced (no Foundation in the core).
  fileprivate func replacingAll(_ target: String, with replacement: String) -> String {
    guard !target.isEmpty else { return self }
    var result = ""
    var rest = Substring(self)
    while let range = rest.firstRange(of: target) {
      result += rest[..<range.lowerBound]
      result += replacement
      rest = rest[range.upperBound...]
    }
    return result + rest
  }
}
