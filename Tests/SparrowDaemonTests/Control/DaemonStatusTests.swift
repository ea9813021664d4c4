import SparrowCore
import Testing

@testable import SparrowDaemon

/// `sparrow status` is one typed report, printed two ways.
@Suite struct DaemonStatusTests {
  private func status(lastError: String?, lastReloadError: String?) -> DaemonStatus {
    DaemonStatus(
      pid: 4242, startedAt: "2026-12-02T03:00:00.000Z",
      policy: PolicyIdentity(name: "sparrow-default", version: "2026.2", revision: "abc"),
      counts: StoreCounts(received: 12, decided: 10, quarantined: 2, openAdvisories: 7), incoming: 3, processing: 1,
      lastError: lastError, lastReloadError: lastReloadError)
  }

  @Test func textForPeople() {
    #expect(
      status(lastError: nil, lastReloadError: nil).text == """
        sparrow is running (pid 4242, since 2026-12-02T03:00:00.000Z)
        policy      sparrow-default 2026.2, revision abc
        files       received 12, decided 10, quarantined 2
        advisories  open 7
        backlog     incoming 3, processing 1
        last error  none
        last reload ok

        """)
    let failing = status(lastError: "database: locked", lastReloadError: "rules.yaml:3:1: bad").text
    #expect(failing.contains("last error  database: locked\n"))
    #expect(failing.contains("last reload rejected: rules.yaml:3:1: bad\n"))
  }

  @Test func jsonForPrograms() {
    #expect(
      JSONWriter.compactString(status(lastError: nil, lastReloadError: "x").json)
        == #"{"running":true,"pid":4242,"startedAt":"2026-12-02T03:00:00.000Z","policy":{"name":"sparrow-default","version":"2026.2","revision":"abc"},"counts":{"received":12,"decided":10,"quarantined":2,"advisoriesOpen":7},"backlog":{"incoming":3,"processing":1},"lastError":null,"lastReloadError":"x"}"#
    )
  }
}
