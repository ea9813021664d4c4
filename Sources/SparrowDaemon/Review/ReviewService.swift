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
        let advisories = try store.advisories(filter)
        switch format {
        case .json: return ReviewResponse(status: .success, output: AdvisoryPresenter.json(advisories))
        case .csv: return ReviewResponse(status: .success, output: AdvisoryPresenter.csv(advisories))
        case .table: return ReviewResponse(status: .success, output: AdvisoryPresenter.table(advisories))
        }
      case .show(let id, let format):
        guard let detail = try store.advisoryDetail(id: id) else {
          return ReviewResponse(status: .noInput, error: "no advisory \(id)")
        }
        return ReviewResponse(
          status: .success,
          output: format == .json ? AdvisoryPresenter.detailJSON(detail) : AdvisoryPresenter.detailText(detail))
      case .export(let filter, let format):
        let advisories = try store.advisories(filter)
        switch format {
        case .fhir:
          let details = try advisories.compactMap { try store.advisoryDetail(id: $0.id) }
          return ReviewResponse(status: .success, output: AdvisoryPresenter.fhir(details))
        case .csv: return ReviewResponse(status: .success, output: AdvisoryPresenter.csv(advisories))
        case .cdsHooks: return ReviewResponse(status: .success, output: AdvisoryPresenter.cdsHooks(advisories))
        }
      case .status:
        return ReviewResponse(status: .unavailable, error: "status is answered by the running daemon only")
      case .review(let id, let action, let reason, let note):
        let review = try store.review(
          ReviewRequest(
            advisoryID: id, reviewer: caller.name, reviewerUID: caller.uid, action: action, reasonCode: reason,
            note: note))
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

// MARK: - Recording

extension ReviewService {
  /// Records a decision (direct mode: `sparrow evaluate --database`).
  public func record(_ input: DecisionInput) throws -> RecordedDecision {
    try store.record(input)
  }
}
