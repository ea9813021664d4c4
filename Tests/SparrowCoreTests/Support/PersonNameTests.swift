import SparrowCore
import Testing

@Suite struct PersonNameTests {
  @Test(arguments: [
    "alice", "Dr. A. Pharmacist", "pharmacist-b@hospital.example", "Zoë Ångström", "李",
    String(repeating: "a", count: 200),
  ])
  func aPrintableNameUpTo200CharactersIsAName(name: String) {
    #expect(PersonName.isValid(name))
  }

  /// Control characters (C0, DEL, C1) and format characters (zero-width, bidirectional overrides, BOM).
  @Test(arguments: [
    "", String(repeating: "a", count: 201), "a\u{0}b", "a\nb", "a\u{7F}", "a\u{85}b", "ali\u{200B}ce", "\u{202E}ecila",
    "\u{FEFF}alice", "al\u{2066}ice",
  ])
  func anEmptyOverlongOrInvisiblyAlteredNameIsNot(name: String) {
    #expect(!PersonName.isValid(name))
  }
}
