import Foundation
import SparrowCore
import SparrowTesting
import Testing

/// Runs the built `sparrow` binary as a user would and checks its output and exit codes.
@Suite struct EvaluateCommandTests {
  @Test func jsonOutputReproducesTheDocumentedExample() throws {
    let result = try SparrowProcess.run([
      "evaluate", Fixtures.url("records/fentanyl-patch-25mcg-plus-oxycodone-prn-105mme.json").path, "--at",
      "2026-11-20", "--format", "json",
    ])
    #expect(result.status == 0)
    let documented = try String(
      contentsOf: Fixtures.repositoryRoot.appendingPathComponent("docs/examples/evaluate-fentanyl-patch.json"),
      encoding: .utf8)
    #expect(result.standardOutput == documented)
    let page = try String(
      contentsOf: Fixtures.repositoryRoot.appendingPathComponent("docs/assessment-output.md"), encoding: .utf8)
    #expect(page.contains(documented), "docs/assessment-output.md shows the same output")
  }

  @Test func jsonOutputIsValidJSONWithTheDocumentedKeys() throws {
    let result = try SparrowProcess.run([
      "evaluate", Fixtures.url("records/benzo-plus-oxycodone-90mme.json").path, "--at", "2026-11-20", "--format",
      "json",
    ])
    let value = try JSONParser().parse(Array(result.standardOutput.utf8))
    guard case .object(let object) = value else {
      Issue.record("not an object")
      return
    }
    #expect(
      object.keys == [
        "formatVersion", "evaluatedOn", "patientId", "mmeTable", "orders", "load", "sideEffectRisk", "toleranceRisk",
        "ignoredFields",
      ])
  }

  @Test func tableOutputShowsOrdersTotalsAndFacts() throws {
    let result = try SparrowProcess.run([
      "evaluate", Fixtures.url("records/unknown-opioid-levorphanol-plus-oxycodone.json").path, "--at", "2026-11-20",
    ])
    #expect(result.status == 0)
    #expect(result.standardOutput.contains("MME table cdc-2022"))
    #expect(
      result.standardOutput.contains(
        "Opioid load: total 15 MME/day = scheduled 15 + as-needed maxima 0; driven by scheduled  (lower bound: 1 opioid order(s) with MME unknown)"
      ))
    #expect(
      result.standardOutput.contains(
        "[0] levorphanol 1 tablet × 2 mg × 4/day = 8 mg/day: MME unknown (cdc-2022 has no factor for levorphanol)"))
  }

  @Test func mmeTableOptionSelectsCDC2016() throws {
    let result = try SparrowProcess.run([
      "evaluate", Fixtures.url("records/methadone-10mg-bid-94mme.json").path, "--at", "2026-11-20", "--format", "json",
      "--mme-table", "cdc-2016",
    ])
    #expect(result.standardOutput.contains(#""name": "cdc-2016""#))
    #expect(result.standardOutput.contains(#""totalMME": 80,"#))
  }

  @Test func readsStandardInput() throws {
    let bytes = try Fixtures.bytes("records/oxycodone-er-10mg-bid-30mme.json")
    let result = try SparrowProcess.run(
      ["evaluate", "-", "--at", "2026-11-20", "--format", "json"], input: Data(bytes))
    #expect(result.status == 0)
    #expect(result.standardOutput.contains(#""totalMME": 30,"#))
  }

  @Test func dataErrorExitsWith65AndNamesThePath() throws {
    let path = Fixtures.url("invalid/dose-unit-tabs.json").path
    let result = try SparrowProcess.run(["evaluate", path])
    #expect(result.status == 65)
    #expect(result.standardOutput.isEmpty)
    #expect(
      result.standardError
        == "sparrow: error: \(path): medications[2].dose.unit: expected one of mg, mcg, g, mL, tablet, capsule, patch, actuation; got \"tabs\"\n"
    )
  }

  @Test func missingFileExitsWith66() throws {
    let result = try SparrowProcess.run(["evaluate", "/nonexistent/record.json"])
    #expect(result.status == 66)
    #expect(result.standardError == "sparrow: error: /nonexistent/record.json: no such file\n")
  }

  @Test func oversizeStandardInputIsADataError() throws {
    let result = try SparrowProcess.run(["evaluate", "-"], input: Data(repeating: 0x20, count: 1_048_577))
    #expect(result.status == 65)
    #expect(result.standardError == "sparrow: error: -: file is larger than the limit of 1048576 bytes\n")
  }

  @Test(arguments: [
    (
      ["evaluate", "x.json", "--at", "tomorrow"], "--at: expected YYYY-MM-DD or an RFC 3339 timestamp; got \"tomorrow\""
    ),
    (
      ["evaluate", "x.json", "--mme-table", "cdc-2018"],
      "--mme-table: expected one of cdc-2022, cdc-2016; got \"cdc-2018\""
    ),
  ])
  func usageErrorsExitWith64(arguments: [String], message: String) throws {
    let result = try SparrowProcess.run(arguments)
    #expect(result.status == 64)
    #expect(result.standardError.contains(message))
  }
}
