import Foundation
import SparrowCore
import SparrowDaemon

// MARK: - EvaluationBenchmark

/// Times the pure core on the synthetic fixtures: JSON decoding, assessment and policy evaluation per patient.
/// Usage: sparrow-evaluation-benchmark POLICY_DIR RECORD_FILE... (prints one JSON object). Not a test.
@main
enum EvaluationBenchmark {
  static func main() throws {
    let arguments = Array(CommandLine.arguments.dropFirst())
    guard arguments.count >= 2 else {
      FileHandle.standardError.write(Data("usage: sparrow-evaluation-benchmark POLICY_DIR RECORD_FILE...\n".utf8))
      exit(64)
    }
    let policy = try PolicyDirectory(path: arguments[0]).load().get()
    let documents = try arguments.dropFirst().map { Array(try Data(contentsOf: URL(fileURLWithPath: $0))) }
    let records = try documents.map { try RecordInput.decode($0) }
    let date = CalendarDate(year: 2026, month: 11, day: 20) ?? CalendarDate(daysSinceEpoch: 0)
    let assessments = records.map { policy.assess($0, on: date) }
    let rounds = 4_000
    var sink = 0
    let decode = time(rounds, documents.count) {
      for document in documents { sink &+= (try? RecordInput.decode(document))?.medications.count ?? 0 }
    }
    let assess = time(rounds, records.count) {
      for record in records { sink &+= policy.assess(record, on: date).load.orders.count }
    }
    let evaluate = time(rounds, assessments.count) {
      for assessment in assessments { sink &+= policy.evaluate(assessment).count }
    }
    let bytes = documents.map(\.count).reduce(0, +) / max(1, documents.count)
    print(
      #"{"patients": \#(records.count), "meanDocumentBytes": \#(bytes), "decodeMicroseconds": \#(format(decode)), "#
        + #""assessMicroseconds": \#(format(assess)), "evaluateMicroseconds": \#(format(evaluate)), "sink": \#(sink % 2)}"#)
  }

  /// Mean microseconds per item over `rounds` repetitions of `body` (which handles `items` items).
  static func time(_ rounds: Int, _ items: Int, _ body: () -> Void) -> Double {
    for _ in 0..<(rounds / 10) { body() }  // warm up
    let clock = ContinuousClock()
    let elapsed = clock.measure { for _ in 0..<rounds { body() } }
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    return seconds * 1e6 / Double(rounds * max(1, items))
  }

  static func format(_ value: Double) -> String { String(format: "%.3f", value) }
}
