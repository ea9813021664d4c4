import CLinux
import Foundation
public import Logging
import SparrowCore
import Synchronization

// MARK: - IntakePipeline

/// Turns every file in the spool into exactly one recorded decision (or a quarantine entry).
///
/// One loop: wait for inotify events (or the rescan timer), take a bounded batch of names, claim them, parse and
/// evaluate on a worker pool, commit every decision of the batch in one transaction (group commit), and only
/// then move the files to `processed/`. A crash at any point leaves files in `incoming/` or `processing/`; the
/// next start finishes them, and a content hash already stored moves on without a second decision. A batch is
/// committed as soon as it is taken — a lone file is never held back waiting for company.
///
/// Commits run on a serial queue of their own, one batch at a time, and the moves and journal entries of a
/// committed batch on another, so that the next batch is claimed and decided while the previous one commits and
/// the one before is moved. At most two batches are in flight; the loop waits for them before it looks at
/// `processing/` again and before it returns.
public final class IntakePipeline: @unchecked Sendable {
  let spool: DropDirectory
  let store: AdvisoryStore
  let state: DaemonState
  let logger: Logger
  private let stopRequested = Atomic(false)
  /// Called once the pipeline watches `incoming/` (the daemon then tells systemd it is ready).
  public var onReady: @Sendable () -> Void = {}
  /// Commits decided batches, one transaction at a time, in order.
  private let committer = DispatchQueue(label: "sparrow.intake.commit")
  /// Moves, quarantines and logs committed batches, in order, while the next batch commits.
  private let finisher = DispatchQueue(label: "sparrow.intake.finish")
  /// Every batch handed over and not yet finished.
  private let inFlight = DispatchGroup()
  /// At most two batches between hand-over and finish (one committing, one finishing).
  private let flightSlots = DispatchSemaphore(value: 2)
  // Touched only on `finisher` (or after `inFlight` is waited for).
  private var decidedSinceSummary = 0
  private var lastSummary = Date()
  /// Names whose claim, commit, move or quarantine failed and that still wait in `incoming/` or `processing/` for a
  /// retry, and abandoned temporaries that could not be moved out of `incoming/`. The last error is cleared only once none is left, not by the next clean batch while one still waits.
  private var unresolved: Set<String> = []
  /// Test hook: while this file exists, the intake loop hangs (so a watchdog test can see a stuck pipeline).
  private let stallFile = ProcessInfo.processInfo.environment["SPARROW_TEST_STALL_FILE"]

  /// Processors available (read once: Foundation reads the cgroup files on every call).
  private static let processorCount = ProcessInfo.processInfo.activeProcessorCount

  /// The most names kept waiting in memory; beyond it, names are left in the directory for the next rescan.
  static let pendingLimit = 10_000

  /// The database file as opened; checked before each batch (nil: an in-memory store).
  let databaseIdentity: DatabaseFileIdentity?
  /// Set once the database file is found deleted or replaced (touched only on the intake thread).
  private var databaseLost = false

  /// A pipeline over a spool and a store.
  public init(
    spool: DropDirectory, store: AdvisoryStore, state: DaemonState, logger: Logger,
    databaseIdentity: DatabaseFileIdentity? = nil
  ) {
    self.spool = spool
    self.store = store
    self.state = state
    self.logger = logger
    self.databaseIdentity = databaseIdentity
  }

  /// Asks the loop to finish its current batch and return.
  public func requestStop() { stopRequested.store(true, ordering: .relaxed) }
  private var shouldStop: Bool { stopRequested.load(ordering: .relaxed) }

  /// Runs until `requestStop()`; blocking (the intake service runs it on a thread of its own).
  public func run() throws {
    let watcher = try InotifyWatcher(directory: spool.incoming)
    var configuration = state.configuration
    onReady()
    // Files a crash left in processing/ are finished first.
    let store = store
    let restored = spool.reconcileQuarantine(time: StoreTime.text(WallClock.now())) { name in
      (try? store.quarantineReason(forName: name)) ?? nil
    }
    if restored > 0 {
      logger.notice("quarantine reasons restored after a crash", metadata: ["spool.count": "\(restored)"])
    }
    let leftovers = spool.processingNames()
    if !leftovers.isEmpty {
      logger.notice("finishing files left in processing", metadata: ["spool.count": "\(leftovers.count)"])
      for batch in leftovers.chunked(configuration.batchSize) {
        process(batch, from: .processing)
      }
    }
    var pending = PendingNames(limit: Self.pendingLimit)
    var rescanDue = true
    var backlogLeft = false
    var lastRescan = Date.distantPast
    while !shouldStop {
      configuration = state.configuration
      if backlogLeft && pending.isEmpty { rescanDue = true }
      if rescanDue || Date().timeIntervalSince(lastRescan) >= Double(configuration.rescanSeconds) {
        // Anything still in processing/ here failed earlier (a locked or full database, a failed move). Once the
        // batches in flight are finished, nothing else is there, so it is retried now rather than at the next start.
        inFlight.wait()
        let stuck = spool.processingNames()
        let listing = spool.listIncoming(limit: Self.pendingLimit)
        let found = listing.names
        // A failed name that is no longer in the spool (removed by hand) no longer holds the error. Looked up one by
        // one: the listing stops at `pendingLimit` names, and a failed name beyond it is still there.
        let databaseLost = databaseLost
        finisher.sync {
          let waited = !unresolved.isEmpty
          unresolved = unresolved.filter(spool.holds)
          // The last failed file was removed by hand: its error no longer holds.
          if waited && unresolved.isEmpty && !databaseLost { state.clearError() }
        }
        for batch in stuck.chunked(configuration.batchSize) {
          process(batch, from: .processing)
        }
        let abandoned =
          configuration.abandonedTemporarySeconds > 0
          ? spool.takeAbandoned(listing.temporaries, untouchedFor: configuration.abandonedTemporarySeconds, now: Date())
          : DropDirectory.AbandonedTemporaries()
        let abandonedFailures = abandoned.failures.values.sorted()
        for failure in abandonedFailures {
          logger.error("\(JournalEvent.spoolError.rawValue)", metadata: ["error.message": "\(failure)"])
        }
        // A temporary that could not be moved holds the error as a failed file does, until a rescan takes it (or its
        // producer finishes or removes it, or the grace period is turned off), not only until the next clean batch.
        // Noted on the finisher queue, after its name, so that a batch finishing meanwhile cannot clear it.
        let failed = Set(abandoned.failures.keys)
        finisher.sync {
          let waited = !unresolved.isEmpty
          unresolved.subtract(Set(listing.temporaries).subtracting(failed))
          unresolved.formUnion(failed)
          for failure in abandonedFailures { state.noteError(failure) }
          if waited && unresolved.isEmpty && !databaseLost { state.clearError() }
        }
        if !abandoned.taken.isEmpty {
          logger.notice(
            "quarantining abandoned producer temporaries", metadata: ["spool.count": "\(abandoned.taken.count)"])
          for batch in abandoned.taken.chunked(configuration.batchSize) { process(batch, from: .processing) }
        }
        pending.add(found)
        // A backlog larger than the names kept in memory (after an outage) is read again as soon as those are
        // taken, not at the next timed rescan.
        backlogLeft = found.count >= Self.pendingLimit
        lastRescan = Date()
        let pruned = spool.prune(olderThan: configuration.retentionDays, today: WallClock.today())
        if pruned > 0 {
          logger.notice(
            "pruned processed files",
            metadata: ["retention.days": "\(configuration.retentionDays)", "retention.directories": "\(pruned)"])
        }
        rescanDue = false
        // A rescan lists the whole of incoming/ (after an outage, a hundred thousand names); the heap it freed is
        // handed back to the system rather than kept by malloc in a growing resident set.
        malloc_trim(0)
      }
      let events = watcher.wait(milliseconds: pending.isEmpty ? 250 : 0)
      if events.overflowed {
        logger.warning("\(JournalEvent.inotifyOverflow.rawValue)")
        rescanDue = true
      }
      if !pending.add(events.names.filter(DropDirectory.isCandidate)) { rescanDue = true }
      let batch = pending.take(configuration.batchSize)
      if !batch.isEmpty {
        process(batch, from: .incoming)
      }
      state.noteProgress(files: 0)
      // The minute's summary is due even when no batch comes to trigger it (the counter lives on `finisher`).
      finisher.async { self.summarize(force: false) }
      if let stallFile { while FileManager.default.fileExists(atPath: stallFile) { sleep(1) } }
    }
    inFlight.wait()
    // The summary's counters live on `finisher`: the last one runs there too, after any idle one still queued.
    finisher.sync { summarize(force: true) }
    // A clean stop leaves every decision in the database file itself, not only in its write-ahead log.
    do {
      try store.checkpoint()
    } catch {
      logger.error(
        "checkpoint at stop failed; the write-ahead log keeps the decisions", metadata: ["error.message": "\(error)"])
    }
  }

  /// With per-decision entries off, one entry a minute counts the clean decisions.
  private func summarize(force: Bool) {
    guard !state.configuration.journalDecisions, decidedSinceSummary > 0,
      force || Date().timeIntervalSince(lastSummary) >= 60
    else { return }
    logger.info(
      "\(JournalEvent.decisionsSummary.rawValue)",
      metadata: ["decided.count": "\(decidedSinceSummary)", "policy.revision": "\(state.policy.revision)"])
    decidedSinceSummary = 0
    lastSummary = Date()
  }

  // MARK: - One batch

  private enum Outcome {
    case decided(DecidedFile)
    case quarantined(name: String, reason: QuarantineReason, claim: String?)
    /// The claim itself failed (the file stays where it is and is tried again): said, never silent.
    case failed(name: String, reason: String)
    case skipped
  }

  /// Where a batch's names are: still in `incoming/` (claim them) or already in `processing/` (read them).
  enum BatchSource {
    case incoming, processing
  }

  /// Claims, decides, commits and moves one batch of names.
  ///
  /// Claiming (rename, open, read) and deciding run on the worker pool; the commit and the moves to
  /// `processed/` follow on their own queues, after the previous batch's, while this thread goes on.
  func process(_ names: [String], from source: BatchSource) {
    // Decisions written to a deleted or replaced database file would vanish at the next start: take nothing.
    if let problem = databaseIdentity?.problem() {
      if !databaseLost {
        databaseLost = true
        logger.critical("database file lost; intake stopped", metadata: ["error.message": "\(problem)"])
      }
      state.noteError(problem)
      return
    }
    let policy = state.policy
    let configuration = state.configuration
    let spool = spool
    let claim: @Sendable (String) -> DropDirectory.Claim =
      switch source {
      case .incoming: { spool.claim($0, maxBytes: configuration.maxFileBytes) }
      case .processing: { spool.readProcessing($0, maxBytes: configuration.maxFileBytes) }
      }
    let now = WallClock.now()
    let time = StoreTime.text(now)
    let today = WallClock.day(of: now)
    var outcomes = [Outcome](repeating: .skipped, count: names.count)
    let workers = configuration.workers == 0 ? Self.processorCount : configuration.workers
    let lanes = min(workers, max(1, names.count))
    // Each lane takes the next file not yet taken, not a fixed share: the commit and move threads run beside the
    // lanes, and a lane they preempt would otherwise hold the batch while the other core waits for it.
    let cursor = WorkCursor()
    outcomes.withUnsafeMutableBufferPointer { buffer in
      let slots = UnsafeMutableSendableBuffer(buffer)
      DispatchQueue.concurrentPerform(iterations: lanes) { _ in
        while let index = cursor.take(below: names.count) {
          slots[index] = Self.decide(
            claim(names[index]), in: spool, policy: policy, today: today, time: time, receivedAt: now,
            isRetry: source == .processing)
        }
      }
    }
    // Hand the batch over (waiting while two are in flight) and go on deciding the next one.
    flightSlots.wait()
    inFlight.enter()
    let decidedBatch = outcomes
    committer.async {
      let decided = decidedBatch.compactMap { outcome -> DecidedFile? in
        if case .decided(let file) = outcome { return file }
        return nil
      }
      let results = self.commit(decided)
      self.finisher.async {
        self.finish(
          decidedBatch, decided: decided, results: results, today: today, isRetry: source == .processing,
          journalDecisions: configuration.journalDecisions)
        self.summarize(force: false)
        self.flightSlots.signal()
        self.inFlight.leave()
      }
    }
  }

  /// Commits a batch's decisions in one transaction; nil if it failed (nothing was committed).
  private func commit(_ decided: [DecidedFile]) -> [RecordedDecision]? {
    do {
      return try store.record(batch: decided.map(\.input))
    } catch {
      // Nothing committed: the files stay in processing/ and are retried at the next rescan.
      logger.error("\(JournalEvent.commitFailed.rawValue)", metadata: ["error.message": "\(error)"])
      state.noteError("database: \(error)")
      return nil
    }
  }

  /// After the commit: moves the decided files to `processed/`, logs the decisions, and quarantines the rejects.
  private func finish(
    _ outcomes: [Outcome], decided: [DecidedFile], results: [RecordedDecision]?, today: CalendarDate, isRetry: Bool,
    journalDecisions: Bool
  ) {
    for case .failed(let name, let reason) in outcomes {
      logger.error("\(JournalEvent.spoolError.rawValue)", metadata: ["error.message": "\(reason)"])
      state.noteError("cannot claim a file: \(reason)")
      unresolved.insert(name)
    }
    if results == nil { unresolved.formUnion(decided.map(\.name)) }
    var toQuarantine: [(name: String, reason: QuarantineReason, claim: String?)] = []
    var changedAfterRead = 0
    if let results {
      // The moves come first and the journal entries after them: the moves are what the producer waits for, and a
      // batch's entries (several per file) would otherwise hold back its last files. The database, already
      // committed, is the record; a crash between the two loses entries either way.
      for (file, result) in zip(decided, results) {
        let name = file.name
        // Written to after it was read: what was decided is not what the file holds now. The decision stands for the
        // content read; the file is kept in quarantine, saying so, for the pipeline to send again. Either seen here,
        // or by the store when the file is read again after a crash with content its decision was not made on.
        let changed: String? =
          if result.changedSinceDecided {
            "the file changed after it was read: decision \(result.decisionID) was made on the content as read before "
              + "a restart and stands; the file as it is now (sha256 \(file.input.sha256)) was not decided, send it again"
          } else if spool.hasChanged(name, since: file.stamp) {
            "the file changed after it was read: decision \(result.decisionID) was made on the content as read "
              + "(sha256 \(file.input.sha256)) and stands; the file as it is now was not decided, send it again"
          } else {
            nil
          }
        if let changed {
          toQuarantine.append(
            (
              name, QuarantineReason(error: changed, path: nil, time: StoreTime.text(WallClock.now()), sha256: nil),
              file.input.claim
            ))
          changedAfterRead += 1
          continue
        }
        do {
          try spool.finish(name, on: today)
          unresolved.remove(name)
        } catch {
          logger.error("\(JournalEvent.spoolError.rawValue)", metadata: ["error.message": "\(error)"])
          state.noteError("cannot move a decided file to processed: \(error)")
          unresolved.insert(name)
        }
      }
      for (file, result) in zip(decided, results) {
        logDecision(file.input, result, journalDecisions: journalDecisions)
      }
    }
    // Database first, then the move, as for decisions: a crash between them leaves the file in processing/,
    // read again at the next start (and recorded once).
    for case .quarantined(let name, let reason, let claim) in outcomes { toQuarantine.append((name, reason, claim)) }
    var quarantinedCount = 0
    do {
      try store.recordQuarantine(
        toQuarantine.map {
          QuarantineEntry(
            name: DropDirectory.originalName(of: $0.name), reason: $0.reason, claim: $0.claim, isRetry: isRetry)
        })
      for (name, reason, _) in toQuarantine {
        do {
          try spool.quarantine(name, reason: reason)
          unresolved.remove(name)
          quarantinedCount += 1
          logger.warning(
            "\(JournalEvent.fileQuarantined.rawValue)",
            metadata: [
              "file.sha256": "\(reason.sha256 ?? "unread")", "reason.kind": "\(reason.path == nil ? "file" : "data")",
            ])
        } catch {
          logger.error("\(JournalEvent.spoolError.rawValue)", metadata: ["error.message": "\(error)"])
          state.noteError("cannot quarantine: \(error)")
          unresolved.insert(name)
        }
      }
    } catch {
      state.noteError("database: \(error)")
      unresolved.formUnion(toQuarantine.map(\.name))
    }
    // Everything that failed has gone through since: the error no longer holds.
    if unresolved.isEmpty && !outcomes.isEmpty { state.clearError() }
    state.noteProgress(files: (results == nil ? 0 : decided.count - changedAfterRead) + quarantinedCount)
  }

  /// The journal entries of one committed decision: its advisories, and the decision itself when asked for.
  private func logDecision(_ input: DecisionInput, _ result: RecordedDecision, journalDecisions: Bool) {
    if result.isDuplicate {
      // A retry already decided before a failed move or a crash only lacked its move: nothing to note.
      if !input.isRetry {
        logger.info(
          "\(JournalEvent.duplicateNoted.rawValue)",
          metadata: ["decision.id": "\(result.decisionID)", "file.sha256": "\(input.sha256)"])
      }
      return
    }
    decidedSinceSummary += 1
    if journalDecisions {
      logger.info(
        "\(JournalEvent.fileDecided.rawValue)",
        metadata: [
          "decision.id": "\(result.decisionID)", "file.sha256": "\(input.sha256)",
          "policy.revision": "\(input.policyRevision)", "load.mme": "\(input.assessment.load.totalMME)",
          "mme.table": "\(input.assessment.table.name)", "advisory.count": "\(result.advisoryIDs.count)",
        ])
    }
    for (advisory, id) in zip(input.advisories, result.advisoryIDs) {
      let linked = result.linkedAdvisoryIDs.contains(id)
      logger.log(
        level: advisory.indicator == .critical ? .warning : .notice,
        "\(JournalEvent.advisoryRaised.rawValue)",
        metadata: [
          "advisory.id": "\(id)", "decision.id": "\(result.decisionID)", "rule.id": "\(advisory.ruleID)",
          "advisory.indicator": "\(advisory.indicator.rawValue)", "policy.revision": "\(advisory.policyRevision)",
          "file.sha256": "\(input.sha256)", "load.mme": "\(input.assessment.load.totalMME)",
          "advisory.status": "\((linked ? AdvisoryStatus.linked : .open).rawValue)",
        ])
    }
  }

  private static func decide(
    _ claim: DropDirectory.Claim, in spool: DropDirectory, policy: PolicySet, today: CalendarDate, time: String,
    receivedAt: Date, isRetry: Bool
  ) -> Outcome {
    switch claim {
    case .gone: return .skipped
    case .failed(let name, let reason): return .failed(name: name, reason: reason)
    case .rejected(let name, let reason):
      return .quarantined(
        name: name, reason: QuarantineReason(error: reason, path: nil, time: time, sha256: nil),
        claim: spool.stamp(of: name)?.claim)
    case .read(let name, let bytes, let stamp):
      let sha = ContentDigest.sha256(bytes)
      let record: PatientRecord
      do {
        record = try RecordInput.decode(bytes, limits: RecordLimits(maxBytes: Int.max), catalog: policy.rxnormCatalog)
      } catch {
        return .quarantined(
          name: name,
          reason: QuarantineReason(
            error: error.description, path: error.path.isEmpty ? "$" : error.path, time: time, sha256: sha),
          claim: stamp.claim)
      }
      let assessment = policy.assess(record, on: today)
      var input = DecisionInput(
        fileName: DropDirectory.originalName(of: name), sha256: sha, content: bytes, receivedAt: receivedAt,
        assessment: assessment,
        policy: policy, advisories: policy.evaluate(assessment))
      input.isRetry = isRetry
      input.claim = stamp.claim
      input.lastWrite = stamp.lastWrite
      return .decided(DecidedFile(name: name, input: input, stamp: stamp))
    }
  }
}

// MARK: - DecidedFile

/// A file decided in a batch: its name in `processing/`, what to record, and its stamp when it was read.
struct DecidedFile: Sendable {
  var name: String
  var input: DecisionInput
  var stamp: DropDirectory.FileStamp
}

// MARK: - Helpers

/// A buffer whose disjoint slots are written by concurrent workers.
private struct UnsafeMutableSendableBuffer<Element>: @unchecked Sendable {
  let buffer: UnsafeMutableBufferPointer<Element>
  init(_ buffer: UnsafeMutableBufferPointer<Element>) { self.buffer = buffer }
  subscript(index: Int) -> Element {
    get { buffer[index] }
    nonmutating set { buffer[index] = newValue }
  }
}

extension Array {
  fileprivate func chunked(_ size: Int) -> [[Element]] {
    stride(from: 0, to: count, by: Swift.max(1, size)).map { Array(self[$0..<Swift.min($0 + size, count)]) }
  }
}
