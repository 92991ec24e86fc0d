import Journey
import Lake
import OutflowTestSupport
import Testing

@testable import Storage

/// Segments in the catalog database (`journey-v2-segments`): stored with their sandbox, versions checked by
/// `ifMatch`, the definition kept as CJA's JSON.
@Suite struct SegmentStoreTests {
    static let segment = Segment(
        id: "s_1", name: "email sessions", dataId: "dv_1",
        definition: SegmentDefinition(
            container: SegmentContainer(
                context: .visits, pred: .string(.streq, .dimension("variables/channel"), values: ["email"]))))

    @Test func aSegmentIsCreatedAtVersionOneUpdatedAtItsVersionAndDeleted() async throws {
        let directory = TestDirectory()
        let store = try SQLiteJourneyStore(lake: Lake(dataDirectory: directory.path))
        let created = try await store.saveSegment(Self.segment, sandbox: "prod", ifMatch: nil)
        #expect(created.version == 1)
        let found = try await store.segment(id: "s_1")
        #expect(found?.segment == created && found?.sandbox == "prod")
        var changed = created
        changed.name = "renamed"
        let updated = try await store.saveSegment(changed, sandbox: "prod", ifMatch: 1)
        #expect(updated.version == 2 && updated.name == "renamed")
        let stale = await JourneyStoreTests.failure {
            _ = try await store.saveSegment(changed, sandbox: "prod", ifMatch: 1)
        }
        #expect(stale?.code == .conflict && stale?.field == "If-Match")
        #expect(try await store.segments(sandbox: "prod").map(\.id) == ["s_1"])
        #expect(try await store.segments(sandbox: "dev").isEmpty)
        try await store.deleteSegment(id: "s_1")
        #expect(try await store.segment(id: "s_1") == nil)
        let missing = await JourneyStoreTests.failure { try await store.deleteSegment(id: "s_1") }
        #expect(missing?.code == .notFound)
        withExtendedLifetime(directory) {}
    }
}
