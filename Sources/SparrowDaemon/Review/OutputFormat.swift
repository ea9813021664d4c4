// MARK: - ListFormat

/// How `advisories list` prints the queue.
public enum ListFormat: String, Sendable, CaseIterable {
  case table, json, csv
}

// MARK: - TextOrJSON

/// How `advisories show` and `status` print: for people, or for programs.
public enum TextOrJSON: String, Sendable, CaseIterable {
  case text, json
}

// MARK: - ExportFormat

/// What `advisories export` writes.
public enum ExportFormat: String, Sendable, CaseIterable {
  /// A CDS Hooks 2.0 response of cards.
  case cdsHooks = "cds-hooks"
  /// A FHIR R4 Bundle of DetectedIssue resources.
  case fhir
  case csv
}
