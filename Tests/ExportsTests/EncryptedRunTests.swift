import Destinations
import Foundation
import OutflowTestSupport
import Storage
import Testing

@testable import Exports

/// The runner takes a base connection's `encryption` block into its runs, checking the key at run time.
@Suite(.tags(.peers), .needsPeers) struct EncryptedRunTests {
    static let start: Int64 = 1_795_000_000

    func runner(_ fixture: ExportFixture, encryption: ConnectionEncryption) async throws -> ExportRunner {
        let store = try SQLiteExportStore(lake: fixture.lake)
        try await store.saveBaseConnection(
            BaseConnection(
                id: "local", name: "l", connectionSpecId: ConnectionSpecCatalog.localFolder, authSpecName: "None",
                authParams: [:], encryption: encryption))
        try await store.saveSourceConnection(
            SourceConnection(id: "src", sandbox: "prod", datasetIds: [fixture.datasetId]))
        try await store.saveTargetConnection(
            TargetConnection(
                id: "tgt", baseConnectionId: "local", path: fixture.output, datasetFileType: .json, compression: .gzip))
        _ = try await store.saveFlow(
            Flow(
                id: "flow", name: "hourly", sourceConnectionId: "src", targetConnectionId: "tgt",
                scheduleParams: ScheduleParams(
                    exportMode: .firstFullThenIncremental, timeUnit: .hour, interval: 3, startTime: Self.start)))
        return ExportRunner(
            lake: fixture.lake, store: store,
            configuration: .init(temporaryDirectory: fixture.root, localFolders: fixture.localFolders),
            sleep: { _ in },
            now: { (Self.start + 20) * 1_000 })
    }

    func deliveredFiles(_ fixture: ExportFixture) throws -> [String] {
        try FileManager.default.subpathsOfDirectory(atPath: fixture.output).filter { $0.contains("part-") }
    }

    @Test func runsOfAnEncryptingConnectionDeliverOnlyGpgParts() async throws {
        let fixture = try ExportFixture()
        _ = try fixture.ingest(50)
        let encryption = try ConnectionEncryption(publicKey: GnuPGPeer.fixturePublicKey("rsa"))
        let runs = try await runner(fixture, encryption: encryption).runDue(now: Self.start + 10)
        #expect(runs.map(\.status) == [.success])
        let files = try deliveredFiles(fixture)
        #expect(!files.isEmpty && files.allSatisfy { $0.hasSuffix(".json.gz.gpg") })
    }

    @Test func aKeyThatExpiredSinceTheConnectionWasMadeFailsTheRunAndDeliversNothing() async throws {
        let fixture = try ExportFixture()
        _ = try fixture.ingest(50)
        let key = try GnuPGPeer.fixturePublicKey("expired")
        // Valid when the connection was made (2020-01-01), expired by the time the run starts.
        let encryption = try ConnectionEncryption(publicKey: key, now: 1_577_836_800 + 60)
        let runs = try await runner(fixture, encryption: encryption).runDue(now: Self.start + 10)
        #expect(runs.map(\.status) == [.failed])
        #expect(runs.first?.errors.first?.field == "encryption.params.publicKey")
        #expect(runs.first?.errors.first?.message.contains("expired") == true)
        #expect(try deliveredFiles(fixture).isEmpty)
    }
}
