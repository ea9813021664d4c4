import SparrowDaemon

// MARK: - DossierView

/// The console's reading of the daemon's `dossier` answer: the `show --format json` object (of which it reads what
/// the page shows), the follow-up records and the patient's MME history.
struct DossierView: Decodable {
  var advisory: Card
  var followUp: AdvisoryFollowUp
  var mmeHistory: [MMEPoint]
  var today: String
  var unit: String?
  var service: String?

  struct Card: Decodable {
    var id: Int64
    var createdAt: String
    var status: String
    var indicator: String
    var ruleId: String
    var patientId: String
    var summary: String
    var detail: String
    var source: Source
    var suggestions: [Suggestion]
    var overrideReasons: [Reason]
    var facts: [Fact]
    var matchedInputs: [String]
    var policy: Policy
    var mmeTable: String
    var decisionId: Int64
    var linkedTo: Int64?
    var file: File
    var assessment: Assessment
    var reviews: [Review]
  }

  struct Source: Decodable {
    var label: String
    var url: String?
  }

  struct Suggestion: Decodable {
    var label: String
    var detail: String?
  }

  struct Reason: Decodable {
    var code: String
    var display: String
  }

  struct Fact: Decodable {
    var name: String
    var value: LooseValue
    var evidence: [String]
    var note: String?
  }

  struct Policy: Decodable {
    var name: String
    var version: String
    var revision: String
  }

  struct File: Decodable {
    var name: String
    var sha256: String
  }

  struct Assessment: Decodable {
    var orders: [Order]
    var load: Load
  }

  struct Order: Decodable {
    var index: Int
    var name: String
    var ingredient: String?
    var route: String?
    var `class`: String?
    var active: Bool?
    var dailyDose: Dose?
    var factor: Double?
    var mme: Double?
    var status: String
    var reason: String?
    var trace: String?
  }

  struct Dose: Decodable {
    var value: Double
    var unit: String
    var basis: String
    var derivation: String?
  }

  struct Load: Decodable {
    var totalMME: Double
    var complete: Bool
    var band: String?
  }

  struct Review: Decodable {
    var reviewer: String
    var action: String
    var reason: String?
    var note: String?
    var reviewedAt: String
    var channel: String?
    var assertedBy: String?
  }
}

// MARK: - LooseValue

/// A fact's value as a pharmacist reads it. Null is "unknown (not reported)", never "no".
enum LooseValue: Decodable {
  case text(String)

  init(from decoder: any Decoder) throws {
    let container = try decoder.singleValueContainer()
    if container.decodeNil() {
      self = .text("unknown")
    } else if let flag = try? container.decode(Bool.self) {
      self = .text(flag ? "yes" : "no")
    } else if let number = try? container.decode(Double.self) {
      self = .text(ConsoleFormat.number(number))
    } else if let text = try? container.decode(String.self) {
      self = .text(text)
    } else if let list = try? container.decode([LooseValue].self) {
      self = .text(list.map(\.description).joined(separator: ", "))
    } else {
      self = .text("(structured value)")
    }
  }

  var description: String {
    switch self {
    case .text(let text): text
    }
  }
}
