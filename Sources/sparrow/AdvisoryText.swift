import SparrowCore

// MARK: - AdvisoryText

/// Advisories as readable text for the terminal.
enum AdvisoryText {
  static func render(_ advisories: [Advisory], set: PolicySet) -> String {
    var lines = ["", "Advisories (policy \(set.name) \(set.version), revision \(set.revision.prefix(12))):"]
    if advisories.isEmpty {
      lines.append("  none: no rule applies")
    }
    for advisory in advisories {
      lines.append("  [\(advisory.indicator.rawValue)] \(advisory.ruleID): \(advisory.summary)")
      for suggestion in advisory.suggestions { lines.append("      suggestion: \(suggestion.label)") }
      lines.append("      source: \(advisory.source.text)")
    }
    return lines.joined(separator: "\n") + "\n"
  }
}
