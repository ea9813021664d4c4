// MARK: - PolicyReader

/// Reads typed values out of `PolicyNode`s, collecting every problem (not just the first) with its location.
///
/// Scalars are typed strictly: a number is `-?digits[.digits]` written plainly, a boolean is `true` or `false`,
/// and everything else is text. YAML 1.1 forms such as `010`, `1:30`, `0x5A` or `yes` are errors.
struct PolicyReader {
  private(set) var errors: [PolicyError] = []

  mutating func error(_ location: SourceLocation, _ message: String) {
    errors.append(PolicyError(at: location, message))
  }

  // MARK: - Mappings

  /// The fields of a mapping. Unknown keys are errors (with a suggestion); missing required keys are errors.
  mutating func fields(
    _ node: PolicyNode, what: String, allowed: [String], required: [String] = []
  ) -> PolicyFields? {
    guard case .mapping(let pairs, let location) = node else {
      error(node.location, "\(what): expected a mapping; got \(node.kindDescription)")
      return nil
    }
    var values: [String: PolicyNode] = [:]
    var keyLocations: [String: SourceLocation] = [:]
    for pair in pairs {
      guard allowed.contains(pair.key) else {
        error(
          pair.keyLocation, "\(what): unknown key '\(pair.key)'\(DidYouMean.suggestion(for: pair.key, among: allowed))")
        continue
      }
      values[pair.key] = pair.value
      keyLocations[pair.key] = pair.keyLocation
    }
    for key in required where values[key] == nil {
      error(location, "\(what): missing required key '\(key)'")
    }
    return PolicyFields(values: values, keyLocations: keyLocations, location: location)
  }

  // MARK: - Scalars

  mutating func string(_ node: PolicyNode, what: String) -> String? {
    guard case .scalar(let text, _, let location) = node else {
      error(node.location, "\(what): expected text; got \(node.kindDescription)")
      return nil
    }
    guard !text.allSatisfy(\.isWhitespace) else {
      error(location, "\(what): expected text; got an empty value")
      return nil
    }
    return text
  }

  mutating func number(_ node: PolicyNode, what: String) -> Double? {
    guard case .scalar(let text, let quoted, let location) = node else {
      error(node.location, "\(what): expected a number; got \(node.kindDescription)")
      return nil
    }
    guard !quoted, let value = PolicyReader.strictNumber(text) else {
      error(location, "\(what): expected a number like 50 or 2.5; got \(quoted ? "quoted text" : "'\(text)'")")
      return nil
    }
    return value
  }

  mutating func bool(_ node: PolicyNode, what: String) -> Bool? {
    guard case .scalar(let text, let quoted, _) = node, !quoted, text == "true" || text == "false" else {
      error(node.location, "\(what): expected true or false; got \(PolicyReader.describe(node))")
      return nil
    }
    return text == "true"
  }

  mutating func oneOf(_ node: PolicyNode, what: String, allowed: [String]) -> String? {
    guard let text = string(node, what: what) else { return nil }
    guard allowed.contains(text) else {
      error(
        node.location,
        "\(what): expected one of \(allowed.joined(separator: ", ")); got '\(text)'\(DidYouMean.suggestion(for: text, among: allowed))"
      )
      return nil
    }
    return text
  }

  mutating func list(_ node: PolicyNode, what: String) -> [PolicyNode]? {
    guard case .sequence(let elements, _) = node else {
      error(node.location, "\(what): expected a list; got \(node.kindDescription)")
      return nil
    }
    return elements
  }

  mutating func strings(_ node: PolicyNode, what: String) -> [String]? {
    guard let elements = list(node, what: what) else { return nil }
    return elements.compactMap { string($0, what: what) }
  }

  // MARK: - Typing

  /// A number written as `-?digits[.digits]`, else nil.
  static func strictNumber(_ text: String) -> Double? {
    var digits = Substring(text)
    if digits.first == "-" { digits = digits.dropFirst() }
    let parts = digits.split(separator: ".", omittingEmptySubsequences: false)
    guard (1...2).contains(parts.count), parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCIIDigitCharacter) })
    else { return nil }
    if parts[0].count > 1 && parts[0].first == "0" { return nil }
    return Double(text)
  }

  static func describe(_ node: PolicyNode) -> String {
    if case .scalar(let text, let quoted, _) = node { return quoted ? "quoted text '\(text)'" : "'\(text)'" }
    return node.kindDescription
  }
}

// MARK: - PolicyFields

/// The recognised fields of one mapping.
struct PolicyFields {
  let values: [String: PolicyNode]
  let keyLocations: [String: SourceLocation]
  let location: SourceLocation

  subscript(key: String) -> PolicyNode? { values[key] }
}

// MARK: - DidYouMean

/// "did you mean …?" suggestions by edit distance.
enum DidYouMean {
  /// `; did you mean 'x'?` for the closest candidate within a small edit distance, else empty.
  static func suggestion(for word: String, among candidates: some Sequence<String>) -> String {
    let scored = candidates.map { ($0, distance(word.lowercased(), $0.lowercased())) }
    guard let best = scored.min(by: { ($0.1, $0.0) < ($1.1, $1.0) }),
      best.1 <= max(2, word.count / 3)
    else { return "" }
    return "; did you mean '\(best.0)'?"
  }

  /// Levenshtein distance.
  static func distance(_ lhs: String, _ rhs: String) -> Int {
    let left = Array(lhs)
    let right = Array(rhs)
    guard !left.isEmpty else { return right.count }
    guard !right.isEmpty else { return left.count }
    var previous = Array(0...right.count)
    var current = previous
    for leftIndex in 1...left.count {
      current[0] = leftIndex
      for rightIndex in 1...right.count {
        let cost = left[leftIndex - 1] == right[rightIndex - 1] ? 0 : 1
        current[rightIndex] = min(
          previous[rightIndex] + 1, current[rightIndex - 1] + 1, previous[rightIndex - 1] + cost)
      }
      swap(&previous, &current)
    }
    return previous[right.count]
  }
}

extension Character {
  fileprivate var isASCIIDigitCharacter: Bool { isASCII && isNumber }
}
