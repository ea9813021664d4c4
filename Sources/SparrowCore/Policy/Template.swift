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
  /// The text split at its placeholders, so rendering is one pass of appends.
  private let segments: [Segment]

  private enum Segment: Sendable, Equatable {
    case literal(String)
    case placeholder(String)
  }

  private init(source: String, placeholders: [String], segments: [Segment]) {
    self.source = source
    self.placeholders = placeholders
    self.segments = segments
  }

  /// The placeholder that names the factor table.
  public static let tablePlaceholder = "mmeTable"

  /// Parses `source`, or returns the problem (an unmatched brace).
  static func parse(_ source: String) -> Result<Template, TemplateProblem> {
    var placeholders: [String] = []
    var segments: [Segment] = []
    var literal = ""
    var current: String?
    for character in source {
      switch (character, current) {
      case ("{", nil):
        current = ""
        if !literal.isEmpty { segments.append(.literal(literal)) }
        literal = ""
      case ("{", .some): return .failure(TemplateProblem(message: "'{' inside a placeholder"))
      case ("}", .some(let name)):
        placeholders.append(name)
        segments.append(.placeholder(name))
        current = nil
      case ("}", nil): return .failure(TemplateProblem(message: "'}' without a matching '{'"))
      case (_, .some(let name)): current = name + String(character)
      default: literal.append(character)
      }
    }
    guard current == nil else { return .failure(TemplateProblem(message: "'{' without a matching '}'")) }
    if !literal.isEmpty { segments.append(.literal(literal)) }
    return .success(Template(source: source, placeholders: placeholders, segments: segments))
  }

  /// A template that is all text: rendering gives `text` back, braces and all.
  public static func literal(_ text: String) -> Template {
    Template(source: text, placeholders: [], segments: text.isEmpty ? [] : [.literal(text)])
  }

  /// A template read back from the store, where only parsed templates are written.
  static func stored(_ source: String) throws(StoredFormError) -> Template {
    switch parse(source) {
    case .success(let template): return template
    case .failure(let problem): throw StoredFormError("template '\(source.prefix(40))': \(problem.message)")
    }
  }

  /// The text with placeholders replaced by `values` (unknown names are left as written).
  public func render(_ values: [String: String]) -> String {
    var output = ""
    output.reserveCapacity(source.utf8.count + 16 * placeholders.count)
    for segment in segments {
      switch segment {
      case .literal(let text): output += text
      case .placeholder(let name): output += values[name] ?? "{\(name)}"
      }
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
