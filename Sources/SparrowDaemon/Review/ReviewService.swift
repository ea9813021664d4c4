import SparrowCore

// MARK: - ReviewService

/// Executes pharmacists' commands against the store. Direct mode (`--database`, root) and the daemon's control
/// socket both run through here, so both give the same output.
public struct ReviewService: Sendable {
  let store: AdvisoryStore

  /// A service over `store`.
  public init(store: AdvisoryStore) {
    self.store = store
  }

  /// Runs `message` for `caller`.
  public func execute(_ message: ReviewRequestMessage, caller: Caller) -> ReviewResponse {
    do {
      switch message {
      case .list(let filter, let format):
        let (advisories, damaged) = try store.readableAdvisories(filter)
        let output =
          switch format {
          case .json: AdvisoryPresenter.json(advisories)
          case .csv: AdvisoryPresenter.csv(advisories)
          case .table: AdvisoryPresenter.table(advisories)
          }
        return Self.response(output, leavingOut: damaged)
      case .show(let id, let format):
        guard let detail = try store.advisoryDetail(id: id) else {
          return ReviewResponse(status: .noInput, error: "no advisory \(id)")
        }
        return ReviewResponse(
          status: .success,
          output: format == .json ? AdvisoryPresenter.detailJSON(detail) : AdvisoryPresenter.detailText(detail))
      case .export(let filter, let format):
        let (advisories, damaged) = try store.readableAdvisories(filter)
        let output =
          switch format {
          case .fhir: AdvisoryPresenter.fhir(try advisories.compactMap { try store.advisoryDetail(id: $0.id) })
          case .csv: AdvisoryPresenter.csv(advisories)
          case .cdsHooks: AdvisoryPresenter.cdsHooks(advisories)
          }
        return Self.response(output, leavingOut: damaged)
      case .status:
        return ReviewResponse(status: .unavailable, error: "status is answered by the running daemon only")
      case .worklist(let filter):
        return Self.json(try store.worklist(filter, today: today))
      case .dossier(let id, let opened):
        guard let detail = try store.advisoryDetail(id: id) else {
          return ReviewResponse(status: .noInput, error: "no advisory \(id)")
        }
        if opened {
          try store.recordOpening(
            advisoryID: id, reviewer: caller.name, channel: caller.channel, assertedBy: caller.assertedBy)
        }
        let encounter = try store.encounter(decisionID: detail.advisory.decisionID)
        let dossier = JSONObject([
          ("advisory", AdvisoryPresenter.detailValue(detail)),
          ("followUp", CodableBridge.json(try store.followUp(advisoryID: id))),
          ("mmeHistory", CodableBridge.json(try store.mmeHistory(patientID: detail.advisory.patientID))),
          ("today", .string(today)),
          ("unit", encounter.unit.map(JSONValue.string) ?? .null),
          ("service", encounter.service.map(JSONValue.string) ?? .null),
        ])
        return ReviewResponse(status: .success, output: JSONWriter.compactString(.object(dossier)))
      case .assign(let id, let assignee, let followUpOn):
        let record = try store.assign(
          advisoryID: id, assignee: assignee, followUpOn: followUpOn, by: caller.name, channel: caller.channel,
          assertedBy: caller.assertedBy)
        return ReviewResponse(
          status: .success,
          output:
            "advisory \(id): assigned to \(record.assignee ?? "nobody"), follow-up \(record.followUpOn ?? "none")\n")
      case .intervention(let id, let kind, let response, let minutes, let note):
        let record = try store.recordIntervention(
          advisoryID: id, kind: kind, response: response, minutes: minutes, note: note, by: caller.name,
          channel: caller.channel, assertedBy: caller.assertedBy)
        return ReviewResponse(
          status: .success,
          output:
            "advisory \(id): \(record.kind.rawValue), prescriber \(record.response.rawValue), by \(record.recordedBy)\n"
        )
      case .handover(let unit):
        return Self.json(try store.handover(unit: unit, today: today))
      case .acknowledgeHandover(let unit, let items):
        let handover = try store.acknowledgeHandover(
          unit: unit, shown: items, by: caller.name, channel: caller.channel, today: today,
          assertedBy: caller.assertedBy)
        let count = handover.callToAction.count + handover.forInformation.count + handover.carriedOver.count
        return ReviewResponse(
          status: .success, output: "handover of \(unit) acknowledged by \(caller.name): \(count) item(s)\n")
      case .ruleStats(let format):
        let cards = try store.ruleScorecards()
        return format == .json
          ? Self.json(cards) : ReviewResponse(status: .success, output: ScorecardPresenter.table(cards))
      case .review(let id, let action, let reason, let note):
        var request = ReviewRequest(
          advisoryID: id, reviewer: caller.name, reviewerUID: caller.uid, action: action, reasonCode: reason, note: note
        )
        request.channel = caller.channel
        request.assertedBy = caller.assertedBy
        let review = try store.review(request)
        let status = try store.advisoryDetail(id: id)?.advisory.status.rawValue ?? "?"
        return ReviewResponse(
          status: .success,
          output: "advisory \(id): \(review.action) by \(review.reviewer) at \(review.reviewedAt); status \(status)\n")
      }
    } catch let error as StoreError {
      switch error {
      case .noSuchAdvisory: return ReviewResponse(status: .noInput, error: error.description)
      case .invalidReview: return ReviewResponse(status: .dataError, error: error.description)
      case .unsafeDurability, .notSparrowDatabase, .damagedRecord:
        return ReviewResponse(status: .software, error: error.description)
      }
    } catch {
      return ReviewResponse(status: .software, error: "database error: \(error)")
    }
  }
}

// MARK: - Helpers

extension ReviewService {
  /// `output`, and when rows were left out because they do not decode, each named on standard error with a
  /// failing status: the readable advisories still show, and a script cannot take the list for complete.
  static func response(_ output: String, leavingOut damaged: [(id: Int64, error: StoreError)]) -> ReviewResponse {
    guard !damaged.isEmpty else { return ReviewResponse(status: .success, output: output) }
    let lines = damaged.map { "advisory \($0.id) could not be read and is left out: \($0.error.description)" }
    return ReviewResponse(status: .software, output: output, error: lines.joined(separator: "\n"))
  }

  /// Today in the daemon's local time: follow-up days and handovers are the hospital's days.
  var today: String { StoreTime.localDay(store.now) }

  static func json(_ value: some Encodable) -> ReviewResponse {
    ReviewResponse(status: .success, output: JSONWriter.compactString(CodableBridge.json(value)))
  }
}

// MARK: - Recording

extension ReviewService {
  /// Records a decision (direct mode: `sparrow evaluate --database`).
  public func record(_ input: DecisionInput) throws -> RecordedDecision {
    try store.record(input)
  }
}
