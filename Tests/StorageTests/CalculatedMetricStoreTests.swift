import Journey
import Lake
import OutflowTestSupport
import Testing

@testable import Storage

/// Calculated metrics in the catalog database: per sandbox, versions checked by `ifMatch`, the definition's JSON
/// kept as given.
@Suite struct CalculatedMetricStoreTests {
    static let metric = CalculatedMetric(
        id: "cm_1", name: "Revenue per order", dataId: "dv_1", type: .currency, precision: 2,
        definition: CalculatedMetricDefinition(
            formula: .object([
                "func": .string("divide"),
                "col1": .object(["func": .string("metric"), "name": .string("metrics/revenue")]),
                "col2": .number(2),
            ])))

    @Test func aCalculatedMetricIsVersionedAndKeptPerSandbox() async throws {
        let directory = TestDirectory()
        let store = try SQLiteJourneyStore(lake: Lake(dataDirectory: directory.path))
        let created = try await store.saveCalculatedMetric(Self.metric, sandbox: "prod", ifMatch: nil)
        #expect(created.version == 1)
        #expect(try await store.calculatedMetric(id: "cm_1", sandbox: "prod") == created)
        #expect(try await store.calculatedMetric(id: "cm_1", sandbox: "dev") == nil)
        #expect(try await store.calculatedMetrics(sandbox: "dev").isEmpty)

        var changed = created
        changed.name = "AOV"
        let updated = try await store.saveCalculatedMetric(changed, sandbox: "prod", ifMatch: 1)
        #expect(updated.version == 2)
        #expect(try await store.calculatedMetrics(sandbox: "prod") == [updated])
        await #expect(throws: JourneyError.self) {
            _ = try await store.saveCalculatedMetric(changed, sandbox: "prod", ifMatch: 1)
        }
        await #expect(throws: JourneyError.self) {
            _ = try await store.saveCalculatedMetric(changed, sandbox: "dev", ifMatch: 2)
        }
        await #expect(throws: JourneyError.self) { try await store.deleteCalculatedMetric(id: "cm_1", sandbox: "dev") }
        try await store.deleteCalculatedMetric(id: "cm_1", sandbox: "prod")
        #expect(try await store.calculatedMetrics(sandbox: "prod").isEmpty)
        withExtendedLifetime(directory) {}
    }
}
