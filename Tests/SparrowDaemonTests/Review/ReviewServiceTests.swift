import Foundation
import GRDB
import SparrowCore
import SparrowTesting
import Testing

@testable import SparrowDaemon

/// Listing and exporting over a store with one damaged row (synthetic fixtures; the row is damaged by hand, as a
/// disk fault or a hand edit would).
@Suite struct ReviewServiceTests {
  let database: DatabaseQueue
  let store: AdvisoryStore
  let service: ReviewService
  let caller = Caller(name: "pharmacist-a", uid: 1_000)

  init() throws {
    database = try DatabaseQueue()
    store = try AdvisoryStore(writer: database)
    service = ReviewService(store: store)
  }

  /// Records three decisions and damages the fill of the third advisory recorded; returns its id and the ids of
  /// every advisory.
  func recordAndDamage() throws -> (damaged: Int64, all: [Int64]) {
    let set = try DecisionFixtures.defaultPolicySet()
    var all: [Int64] = []
    for name in ["benzo-plus-oxycodone-90mme", "fibromyalgia-on-tramadol", "methadone-10mg-bid-94mme"] {
      all += try store.record(try DecisionFixtures.input(name, set: set)).advisoryIDs
    }
    let damaged = try #require(try store.advisories(AdvisoryFilter()).map(\.id).sorted().dropFirst(2).first)
    try database.write { db in
      try db.execute(sql: "UPDATE advisory SET fill = 'not json' WHERE id = ?", arguments: [damaged])
    }
    return (damaged, all)
  }

  @Test(arguments: ListFormat.allCases)
  func aDamagedRowIsNamedAndTheRestAreStillListed(format: ListFormat) throws {
    let (damaged, all) = try recordAndDamage()
    #expect(throws: StoreError.self) { try store.advisories(AdvisoryFilter()) }
    let response = service.execute(.list(AdvisoryFilter(), format: format), caller: caller)
    #expect(response.status == .software, "a list with a row left out is not a success")
    #expect(response.error.contains("advisory \(damaged) could not be read and is left out"))
    #expect(response.error.split(separator: "\n").count == 1)
    let readable = try store.readableAdvisories(AdvisoryFilter())
    #expect(readable.advisories.map(\.id).sorted() == all.filter { $0 != damaged }.sorted())
    #expect(readable.damaged.map(\.id) == [damaged])
    let expected =
      switch format {
      case .json: AdvisoryPresenter.json(readable.advisories)
      case .csv: AdvisoryPresenter.csv(readable.advisories)
      case .table: AdvisoryPresenter.table(readable.advisories)
      }
    #expect(response.output == expected)
    let shown = service.execute(.show(id: damaged, format: .text), caller: caller)
    #expect(shown.status == .software)
    #expect(shown.error.contains("damaged record"))
    #expect(shown.output.isEmpty)
  }

  @Test(arguments: ExportFormat.allCases)
  func anExportLeavesOutTheDamagedRowAndSaysSo(format: ExportFormat) throws {
    let (damaged, all) = try recordAndDamage()
    let damagedUUID = try #require(
      try database.read { db in
        try String.fetchOne(db, sql: "SELECT uuid FROM advisory WHERE id = ?", arguments: [damaged])
      })
    let response = service.execute(.export(AdvisoryFilter(), format: format), caller: caller)
    #expect(response.status == .software, "an export with a row left out is not a success")
    #expect(response.error.contains("advisory \(damaged) could not be read and is left out"))
    let readable = try store.readableAdvisories(AdvisoryFilter()).advisories
    #expect(readable.count == all.count - 1)
    // Every readable advisory is in the export, and the damaged one is not.
    for advisory in readable { #expect(response.output.contains(advisory.uuid), "advisory \(advisory.id) missing") }
    #expect(!response.output.contains(damagedUUID))
    let expected =
      switch format {
      case .fhir: AdvisoryPresenter.fhir(try readable.compactMap { try store.advisoryDetail(id: $0.id) })
      case .csv: AdvisoryPresenter.csv(readable)
      case .cdsHooks: AdvisoryPresenter.cdsHooks(readable)
      }
    #expect(response.output == expected)
  }

  @Test func aStoreWithoutDamageListsEveryAdvisoryRecorded() throws {
    let set = try DecisionFixtures.defaultPolicySet()
    let recorded = try store.record(try DecisionFixtures.input("benzo-plus-oxycodone-90mme", set: set)).advisoryIDs
    #expect(!recorded.isEmpty)
    let response = service.execute(.list(AdvisoryFilter(), format: .json), caller: caller)
    #expect(response.status == .success)
    #expect(response.error.isEmpty)
    guard case .array(let rows) = try JSONParser().parse(Array(response.output.utf8)) else {
      Issue.record("not a JSON array: \(response.output.prefix(200))")
      return
    }
    let listed = rows.compactMap { row -> Int64? in
      guard case .object(let object) = row, case .number(let id)? = object["id"] else { return nil }
      return Int64(exactly: id)
    }
    #expect(listed.sorted() == recorded.sorted())
  }
}
