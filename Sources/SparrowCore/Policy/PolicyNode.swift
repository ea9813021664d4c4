internal import Yams

// MARK: - PolicyNode

/// A YAML node with its location, as Sparrow's strict loader sees it.
///
/// Built from `Yams.compose` rather than Yams' `Decodable` support: compose keeps every node's line and column,
/// and leaves scalars as text, so Sparrow decides their types itself (YAML 1.1 would read `010` as 8, `1:30` as
/// 90 and `yes` as true; Sparrow rejects all three).
indirect enum PolicyNode: Sendable {
  case scalar(String, quoted: Bool, SourceLocation)
  case mapping([(key: String, keyLocation: SourceLocation, value: PolicyNode)], SourceLocation)
  case sequence([PolicyNode], SourceLocation)

  var location: SourceLocation {
    switch self {
    case .scalar(_, _, let location), .mapping(_, let location), .sequence(_, let location): location
    }
  }

  var kindDescription: String {
    switch self {
    case .scalar: "a scalar"
    case .mapping: "a mapping"
    case .sequence: "a list"
    }
  }

  /// Parses one YAML document. Aliases, anchors and merge keys are refused: a policy must read as written.
  static func parse(_ text: String, file: String) -> Result<PolicyNode?, PolicyError> {
    do {
      // The parser owns the anchors; it must outlive the conversion for `Node.anchor` to be visible.
      let parser = try Yams.Parser(yaml: text)
      guard let root = try parser.nextRoot() else { return .success(nil) }
      let converted = withExtendedLifetime(parser) { convert(root, file: file) }
      if let second = try parser.nextRoot() {
        let here = location(second.mark, file: file)
        return .failure(PolicyError(at: here, "a second YAML document ('---'); put one document in each file"))
      }
      return converted.map { $0 }
    } catch let error as YamlError {
      return .failure(yamlError(error, file: file))
    } catch {
      return .failure(PolicyError(file: file, line: 1, column: 1, message: "cannot read YAML: \(error)"))
    }
  }

  private static func location(_ mark: Mark?, file: String) -> SourceLocation {
    SourceLocation(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1)
  }

  private static func convert(_ node: Node, file: String) -> Result<PolicyNode, PolicyError> {
    let here = location(node.mark, file: file)
    // Yams resolves aliases to the anchored node itself, so an anchor is how an alias shows. Refusing anchors
    // keeps policies readable as written and rules out exponential alias expansion ("billion laughs").
    if node.anchor != nil {
      return .failure(
        PolicyError(at: here, "YAML anchors and aliases are not allowed in policies; write the value out"))
    }
    switch node {
    case .scalar(let scalar):
      let quoted =
        scalar.style == .singleQuoted || scalar.style == .doubleQuoted || scalar.style == .literal
        || scalar.style == .folded
      return .success(.scalar(scalar.string, quoted: quoted, here))
    case .alias:
      return .failure(PolicyError(at: here, "YAML aliases are not allowed in policies; write the value out"))
    case .sequence(let sequence):
      var elements: [PolicyNode] = []
      for element in sequence {
        switch convert(element, file: file) {
        case .success(let converted): elements.append(converted)
        case .failure(let error): return .failure(error)
        }
      }
      return .success(.sequence(elements, here))
    case .mapping(let mapping):
      var pairs: [(key: String, keyLocation: SourceLocation, value: PolicyNode)] = []
      for (key, value) in mapping {
        let keyLocation = location(key.mark, file: file)
        guard case .scalar(let keyScalar) = key else {
          return .failure(PolicyError(at: keyLocation, "mapping keys must be plain words"))
        }
        if keyScalar.string == "<<" {
          return .failure(PolicyError(at: keyLocation, "YAML merge keys (<<) are not allowed in policies"))
        }
        switch convert(value, file: file) {
        case .success(let converted): pairs.append((keyScalar.string, keyLocation, converted))
        case .failure(let error): return .failure(error)
        }
      }
      return .success(.mapping(pairs, here))
    }
  }

  private static func yamlError(_ error: YamlError, file: String) -> PolicyError {
    switch error {
    case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
      .composer(let context, let problem, let mark, _):
      let prefix = context.map { "\($0.text) " } ?? ""
      return PolicyError(file: file, line: mark.line, column: mark.column, message: "YAML syntax: \(prefix)\(problem)")
    case .duplicatedKeysInMapping(let duplicates, let context):
      return PolicyError(
        file: file, line: context.mark.line, column: context.mark.column,
        message: "duplicate key \(duplicates.sorted().map { "'\($0)'" }.joined(separator: ", ")) in mapping")
    default:
      return PolicyError(file: file, line: 1, column: 1, message: "cannot read YAML: \(error)")
    }
  }
}
