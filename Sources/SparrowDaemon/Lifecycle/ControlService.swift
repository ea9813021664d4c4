import ServiceLifecycle

// MARK: - ControlService

/// Serves the control socket until the daemon shuts down.
struct ControlService: Service {
  let server: ControlServer

  func run() async throws {
    try server.start()
    try? await gracefulShutdown()
    server.stop()
  }
}
