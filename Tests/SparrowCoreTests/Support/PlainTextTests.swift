import SparrowCore
import Testing

@Suite struct PlainTextTests {
  @Test(arguments: [
    ("Total is **60 MME/day** today.", "Total is 60 MME/day today."),
    ("a soft\nwrap inside\na paragraph", "a soft wrap inside a paragraph"),
    ("first\n\n\nsecond\n", "first\n\nsecond"),
    ("Items:\n- one\n- two\n  continued\nafter", "Items:\n- one\n- two continued after"),
    ("__bold__ and  spaces  \n  indented", "bold and  spaces indented"),
    ("", ""),
  ])
  func markdownBecomesPlainParagraphs(markdown: String, plain: String) {
    #expect(PlainText.paragraphs(markdown) == plain)
  }
}
