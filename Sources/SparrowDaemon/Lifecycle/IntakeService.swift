import Foundation
import ServiceLifecycle

// MARK: - IntakeService

/// Runs the intake pipeline on a thread of its own; a graceful shutdown, or the group cancelling it because another
/// service failed (a control socket that cannot bind), lets it finish its batch and return.
struct IntakeService: Service {
  let pipeline: IntakePipeline

  func run() async throws {
    try await withTaskCancellationOrGracefulShutdownHandler {
      try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
        let thread = Thread {
          do {
            try pipeline.run()
            continuation.resume()
          } catch {
            continuation.resume(throwing: error)
          }
        }
        thread.name = "sparrow-intake"
        thread.start()
      }
    } onCancelOrGracefulShutdown: {
      pipeline.requestStop()
    }
  }
}
