// MARK: - PersonName

/// The rule for a person's name as Sparrow records it: a reviewer, an assignee, the user the console acts for.
///
/// 1 to `maxLength` characters, with no control character (C0, DEL, C1) and no format character: a bidirectional
/// override or a zero-width space would make two names look alike in the audit, or reorder its line. Each place
/// that takes a name adds its own further rule (the console trims, the worklist keeps one name for "nobody").
public enum PersonName {
  /// The longest name accepted, in characters.
  public static let maxLength = 200

  /// Whether `text` may be recorded as a person's name.
  public static func isValid(_ text: String) -> Bool {
    !text.isEmpty && text.count <= maxLength
      && !text.unicodeScalars.contains {
        $0.value < 0x20 || (0x7F...0x9F).contains($0.value) || $0.properties.generalCategory == .format
      }
  }
}
