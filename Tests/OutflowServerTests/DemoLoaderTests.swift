import Columnar
import Exports
import Lake
import Storage
import Testing

@testable import Demo
@testable import HTTPAPI
@testable import OutflowServer

@Suite("Demo loader")
struct DemoLoaderTests {
    @Test("loading the demo fills the three datasets in several lake batches, and reloading replaces them")
    func loadsAndReloads() async throws {
        let directory = TemporaryDirectory()
        let lake = try Lake(dataDirectory: directory.path)
        let loader = DemoLoader(lake: lake, chunkSize: 1_000, chunksPerLakeBatch: 2)
        #expect(try loader.existingDatasets().isEmpty)
        let summary = try await loader.load(events: 5_500, seed: 9)
        #expect(summary.eventsGenerated == 5_500)
        let lines = Dictionary(uniqueKeysWithValues: summary.datasets.map { ($0.name, $0) })
        #expect(lines["web_events"]?.rows == 5_500)
        #expect(lines["web_events"]?.batches == 3)
        #expect(lines["product_catalog"]?.rows == 1_000)
        #expect((lines["customer_profiles"]?.rows ?? 0) > 0)

        let events = try lake.dataset(sandbox: "prod", idOrName: "web_events")
        let rows = try lake.scan(sandbox: "prod", datasetId: events.id, columns: ["_id"]).reduce(0) { $0 + $1.rowCount }
        #expect(rows == 5_500)

        let again = try await loader.load(events: 1_000, seed: 9)
        #expect(again.datasets.first { $0.name == "web_events" }?.rows == 1_000)
        #expect(try lake.datasets(sandbox: "prod").total == 3)
    }
}
