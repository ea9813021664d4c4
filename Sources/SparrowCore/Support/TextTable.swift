// MARK: - TextTable

/// Left-aligned plain-text columns for terminal output.
public enum TextTable {
  /// The header, a rule, and the rows, each column padded to its widest cell.
  public static func render(header: [String], rows: [[String]]) -> [String] {
    let widths = header.indices.map { column in
      ([header] + rows).map { $0.indices.contains(column) ? $0[column].count : 0 }.max() ?? 0
    }
    func line(_ cells: [String]) -> String {
      cells.enumerated().map { index, cell in
        index == cells.count - 1 ? cell : cell + String(repeating: " ", count: widths[index] - cell.count)
      }.joined(separator: "  ")
    }
    return [line(header), line(widths.map { String(repeating: "-", count: $0) })] + rows.map(line)
  }
}
