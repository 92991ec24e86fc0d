import Journey
import Lake
import OutflowTestSupport
import Testing

@testable import Storage

/// Connections and data views in the catalog database: versions checked by `ifMatch`, names unique per sandbox,
/// and a connection in use by a data view cannot be deleted.
@Suite struct JourneyStoreTests {
    static let connection = JourneyConnection(
        id: "dg_1", name: "web", sandbox: "prod",
        dataSets: [ConnectionDataset(datasetId: "web_events", type: .event, personIdField: "ecid")])
    static let view = DataView(
        id: "dv_1", name: "web view", parentDataGroupId: "dg_1",
        dimensions: [DimensionComponent(id: "page", name: "Page", field: "web.webPageDetails.name")],
        metrics: [MetricComponent(id: "occurrences", name: "Occurrences", kind: .occurrences)])

    /// The journey error `body` throws, nil when it succeeds.
    static func failure(_ body: () async throws -> Void) async -> JourneyError? {
        do {
            try await body()
            return nil
        } catch {
            return error as? JourneyError
        }
    }

    private func store() throws -> (SQLiteJourneyStore, TestDirectory) {
        let directory = TestDirectory()
        return (try SQLiteJourneyStore(lake: Lake(dataDirectory: directory.path)), directory)
    }

    @Test func aConnectionIsCreatedAtVersionOneAndUpdatedOnlyAtItsVersion() async throws {
        let (store, directory) = try store()
        defer { withExtendedLifetime(directory) {} }
        let created = try await store.saveConnection(Self.connection, ifMatch: nil)
        #expect(created.version == 1)
        #expect(try await store.connection(id: "dg_1") == created)
        var changed = created
        changed.description = "renamed"
        let updated = try await store.saveConnection(changed, ifMatch: 1)
        #expect(updated.version == 2 && updated.description == "renamed")
        let stale = await Self.failure { _ = try await store.saveConnection(changed, ifMatch: 1) }
        #expect(stale?.code == .conflict && stale?.field == "If-Match")
        let again = await Self.failure { _ = try await store.saveConnection(Self.connection, ifMatch: nil) }
        #expect(again?.code == .conflict)
        #expect(try await store.connections(sandbox: "prod").map(\.id) == ["dg_1"])
        #expect(try await store.connections(sandbox: "dev").isEmpty)
    }

    @Test func namesAreUniquePerSandbox() async throws {
        let (store, directory) = try store()
        defer { withExtendedLifetime(directory) {} }
        _ = try await store.saveConnection(Self.connection, ifMatch: nil)
        var twin = Self.connection
        twin.id = "dg_2"
        let taken = await Self.failure { [twin] in _ = try await store.saveConnection(twin, ifMatch: nil) }
        #expect(taken?.code == .conflict && taken?.field == "name")
        twin.sandbox = "dev"
        #expect(try await store.saveConnection(twin, ifMatch: nil).version == 1)
    }

    @Test func anUnknownIdUpdatedWithIfMatchIsNotFound() async throws {
        let (store, directory) = try store()
        defer { withExtendedLifetime(directory) {} }
        let update = await Self.failure { _ = try await store.saveConnection(Self.connection, ifMatch: 3) }
        #expect(update?.code == .notFound)
        let delete = await Self.failure { try await store.deleteDataView(id: "dv_nope") }
        #expect(delete?.code == .notFound)
    }

    @Test func aConnectionUsedByADataViewCannotBeDeleted() async throws {
        let (store, directory) = try store()
        defer { withExtendedLifetime(directory) {} }
        _ = try await store.saveConnection(Self.connection, ifMatch: nil)
        let view = try await store.saveDataView(Self.view, sandbox: "prod", ifMatch: nil)
        #expect(view.version == 1)
        #expect(try await store.dataViews(sandbox: "prod") == [view])
        let inUse = await Self.failure { try await store.deleteConnection(id: "dg_1") }
        #expect(inUse?.code == .conflict)
        var changed = view
        changed.timezoneDesignator = "Europe/Berlin"
        #expect(try await store.saveDataView(changed, sandbox: "prod", ifMatch: 1).version == 2)
        try await store.deleteDataView(id: "dv_1")
        #expect(try await store.dataView(id: "dv_1") == nil)
        try await store.deleteConnection(id: "dg_1")
        #expect(try await store.connection(id: "dg_1") == nil)
    }

    @Test func aDataViewNeedsAConnectionOfItsSandbox() async throws {
        let (store, directory) = try store()
        defer { withExtendedLifetime(directory) {} }
        _ = try await store.saveConnection(Self.connection, ifMatch: nil)
        let error = await Self.failure { _ = try await store.saveDataView(Self.view, sandbox: "dev", ifMatch: nil) }
        #expect(error?.field == "parentDataGroupId")
    }

    @Test func theMigrationIsApplied() throws {
        let directory = TestDirectory()
        let catalog = try Lake(dataDirectory: directory.path).sqliteCatalog()
        #expect(try catalog.appliedMigrations().contains("journey-v1"))
    }
}
