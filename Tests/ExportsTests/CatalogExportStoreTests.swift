import Destinations
import Foundation
import Lake
import Storage
import Testing

@testable import Exports

@Suite struct SQLiteExportStoreTests {
    @Test func runsAndLedgerSurviveReopeningTheCatalog() async throws {
        let fixture = try ExportFixture()
        let store = try SQLiteExportStore(lake: fixture.lake)
        var run = ExportRun(id: "r1", flowId: "f", scheduledTime: 100, status: .running, attempts: 1)
        try await store.save(run)
        run.status = .success
        try await store.save(run)
        try await store.record([
            LedgerEntry(flowId: "f", datasetId: "d", runId: "r0", fromSequence: 1, toSequence: 9, status: .failed),
            LedgerEntry(flowId: "f", datasetId: "d", runId: "r1", fromSequence: 1, toSequence: 4, status: .success),
        ])

        let reopened = try SQLiteExportStore(lake: Lake(dataDirectory: fixture.root + "/data"))
        #expect(try await reopened.run(id: "r1") == run)
        #expect(try await reopened.runs(flowId: "f").map(\.status) == [.success])
        #expect(try await reopened.watermark(flowId: "f", datasetId: "d") == 4)
        #expect(try await reopened.watermark(flowId: "f", datasetId: "other") == 0)
        #expect(try await reopened.ledger(flowId: "f").map(\.runId) == ["r0", "r1"])
    }

    @Test func aSlotHoldsOneRunOnly() async throws {
        let fixture = try ExportFixture()
        let store = try SQLiteExportStore(lake: fixture.lake)
        try await store.save(ExportRun(id: "a", flowId: "f", scheduledTime: 100))
        await #expect(throws: ExportsError.self) {
            try await store.save(ExportRun(id: "b", flowId: "f", scheduledTime: 100))
        }
        do { try await store.save(ExportRun(id: "b", flowId: "f", scheduledTime: 100)) } catch {
            #expect(error.code == .conflict)
        }
    }

    @Test func credentialsAreStoredApartAndNeverReturned() async throws {
        let fixture = try ExportFixture()
        let store = try SQLiteExportStore(lake: fixture.lake)
        let connection = BaseConnection(
            id: "b", name: "s3", connectionSpecId: ConnectionSpecCatalog.amazonS3, authSpecName: "Access Key",
            authParams: ["s3AccessKey": "AKIA", "s3SecretKey": "secret"])
        try await store.saveBaseConnection(connection)
        #expect(try await store.baseConnection(id: "b") == connection.redacted)
        #expect(try await store.credentials(connectionId: "b") == connection.authParams)
    }

    @Test func flowUpdatesNeedTheCurrentEtag() async throws {
        let fixture = try ExportFixture()
        let store = try SQLiteExportStore(lake: fixture.lake)
        let schedule = ScheduleParams(exportMode: .firstFullThenIncremental, timeUnit: .hour, interval: 6, startTime: 0)
        let created = try await store.saveFlow(
            Flow(id: "f", name: "n", sourceConnectionId: "s", targetConnectionId: "t", scheduleParams: schedule))
        #expect(created.version == 1 && created.etag == "\"f-1\"")
        var edited = created
        edited.enabled = false
        let updated = try await store.saveFlow(edited, ifMatch: created.etag)
        #expect(updated.version == 2 && updated.enabled == false)
        await #expect(throws: ExportsError(.conflict, "flow f changed (etag \"f-2\")", field: "If-Match")) {
            _ = try await store.saveFlow(edited, ifMatch: created.etag)
        }
        #expect(try await store.flows().map(\.version) == [2])
        var bad = edited
        bad.scheduleParams.interval = 7
        await #expect(throws: ExportsError.self) { _ = try await store.saveFlow(bad) }
    }

    @Test func theExecutorPersistsRunsAndWatermarksInTheCatalog() async throws {
        let fixture = try ExportFixture()
        try fixture.ingest(20)
        let store = try SQLiteExportStore(lake: fixture.lake)
        let zone = try LandingZoneDestination(landingZoneRoot: fixture.root + "/data/landing-zone")
        let run = try await fixture.executor(zone, store: store).execute(fixture.job(runId: "r"))
        #expect(run.status == .success && run.metrics.recordSummary.outputRecordCount == 20)
        #expect(try await store.run(id: "r")?.status == .success)
        #expect(try await store.watermark(flowId: "flow-1", datasetId: fixture.datasetId) == 1)
        #expect(try await zone.list(prefix: "exports/").count == 2)
    }
}

@Suite struct ResolvedDestinationTests {
    @Test func localFolderAndLandingZoneResolveAndS3NeedsItsBucket() throws {
        let fixture = try ExportFixture()
        let local = BaseConnection(
            id: "loc", name: "l", connectionSpecId: ConnectionSpecCatalog.localFolder, authSpecName: "None",
            authParams: [:])
        let target = TargetConnection(id: "t", baseConnectionId: "loc", path: fixture.output, datasetFileType: .parquet)
        let resolved = try ResolvedDestination.resolve(
            base: local, target: target, landingZoneRoot: fixture.root + "/data/landing-zone",
            hostKeys: nil, outbound: OutboundPolicy(), localFolders: fixture.localFolders)
        #expect((resolved.destination as? LocalFolderDestination)?.root == fixture.output && resolved.pathPrefix == "")

        let dlz = BaseConnection(
            id: "dlz", name: "d", connectionSpecId: ConnectionSpecCatalog.dataLandingZone, authSpecName: "None",
            authParams: [:])
        let inZone = TargetConnection(id: "t", baseConnectionId: "dlz", path: "exports", datasetFileType: .json)
        let zone = try ResolvedDestination.resolve(
            base: dlz, target: inZone, landingZoneRoot: fixture.root + "/data/landing-zone", hostKeys: nil,
            outbound: OutboundPolicy(),
            localFolders: fixture.localFolders)
        #expect(
            (zone.destination as? LandingZoneDestination)?.root == fixture.root + "/data/landing-zone/dlz-destination")
        #expect(zone.pathPrefix == "exports")

        let s3 = BaseConnection(
            id: "s3", name: "s", connectionSpecId: ConnectionSpecCatalog.amazonS3, authSpecName: "Access Key",
            authParams: ["s3AccessKey": "a", "s3SecretKey": "b"])
        #expect(throws: ExportsError.invalid("params.bucketName", "the bucket name is required")) {
            _ = try ResolvedDestination.resolve(
                base: s3, target: inZone, landingZoneRoot: fixture.root, hostKeys: nil, outbound: OutboundPolicy(),
                localFolders: fixture.localFolders)
        }
    }

    @Test func targetConnectionsAreValidatedAgainstTheirBaseConnectionSpec() async throws {
        let fixture = try ExportFixture()
        let store = try SQLiteExportStore(lake: fixture.lake)
        try await store.saveBaseConnection(
            BaseConnection(
                id: "loc", name: "l", connectionSpecId: ConnectionSpecCatalog.localFolder, authSpecName: "None",
                authParams: [:]))
        await #expect(throws: ExportsError.invalid("params.path", "the local folder path must be absolute")) {
            try await store.saveTargetConnection(
                TargetConnection(id: "t", baseConnectionId: "loc", path: "rel", datasetFileType: .parquet))
        }
        let target = TargetConnection(id: "t", baseConnectionId: "loc", path: "/tmp/x", datasetFileType: .parquet)
        try await store.saveTargetConnection(target)
        #expect(try await store.targetConnection(id: "t") == target)
        await #expect(throws: ExportsError.self) {
            try await store.saveTargetConnection(
                TargetConnection(id: "u", baseConnectionId: "missing", path: "/tmp/x", datasetFileType: .parquet))
        }
    }
}

@Suite struct CredentialEncryptionTests {
    @Test func credentialsAreEncryptedAtRestWithA0600DataKey() async throws {
        let fixture = try ExportFixture()
        let store = try SQLiteExportStore(lake: fixture.lake)
        try await store.saveBaseConnection(
            BaseConnection(
                id: "b", name: "s3", connectionSpecId: ConnectionSpecCatalog.amazonS3, authSpecName: "Access Key",
                authParams: ["s3AccessKey": "AKIAEXAMPLE", "s3SecretKey": "very-secret-value"]))
        let keyPath = fixture.root + "/data/secrets.key"
        let attributes = try FileManager.default.attributesOfItem(atPath: keyPath)
        #expect((attributes[.posixPermissions] as? Int) == 0o600 && (attributes[.size] as? Int) == 32)
        let reopened = try SQLiteExportStore(lake: Lake(dataDirectory: fixture.root + "/data"))
        #expect(try await reopened.credentials(connectionId: "b")["s3SecretKey"] == "very-secret-value")
    }

    @Test func anotherDataKeyCannotDecrypt() async throws {
        let fixture = try ExportFixture()
        let store = try SQLiteExportStore(lake: fixture.lake)
        try await store.saveBaseConnection(
            BaseConnection(
                id: "b", name: "s3", connectionSpecId: ConnectionSpecCatalog.amazonS3, authSpecName: "Access Key",
                authParams: ["s3AccessKey": "a", "s3SecretKey": "b"]))
        let keyPath = fixture.root + "/data/secrets.key"
        try Data(repeating: 7, count: 32).write(to: URL(fileURLWithPath: keyPath))
        let other = try SQLiteExportStore(lake: fixture.lake)
        let expected = ExportsError(
            .encoding, "stored credentials of b cannot be decrypted with this key (or belong to another connection)")
        await #expect(throws: expected) {
            _ = try await other.credentials(connectionId: "b")
        }
    }
}

@Suite struct FlowSetupTests {
    @Test func aFlowSetupIsStoredAtOnceAndAgainKeepsTheFlowAndUpdatesTheTarget() async throws {
        let fixture = try ExportFixture()
        try fixture.ingest(3)
        let store = try SQLiteExportStore(lake: fixture.lake)
        let dataset = try fixture.lake.dataset(sandbox: "prod", idOrName: fixture.datasetId)
        let setup = ExportFlowSetup(
            sandbox: "prod", dataset: dataset, target: .localFolder(fixture.output), fileType: .parquet,
            compression: .none, incremental: true, includeManifest: true, maxFileSizeMiB: 64)
        let first = try await setup.apply(store: store, now: 1_000)
        #expect(first.version == 1 && first.id == setup.flowId)
        // A server started later never exports it on a schedule of its own.
        #expect(ExportScheduler.dueSlots(flows: [first], now: 1_000_000, history: []).isEmpty)
        #expect(try await store.sourceConnections().count == 1)
        #expect(try await store.baseConnections().count == 1)
        var again = setup
        again.maxFileSizeMiB = 8
        let second = try await again.apply(store: store, now: 2_000)
        #expect(second == first)
        #expect(try await store.targetConnections().map(\.maxFileSizeMiB) == [8])
        #expect(try await store.flows().count == 1)
    }

    @Test func anInvalidSetupStoresNothing() async throws {
        let fixture = try ExportFixture()
        try fixture.ingest(1)
        let store = try SQLiteExportStore(lake: fixture.lake)
        let dataset = try fixture.lake.dataset(sandbox: "prod", idOrName: fixture.datasetId)
        let setup = ExportFlowSetup(
            sandbox: "prod", dataset: dataset, target: .localFolder("relative/path"), fileType: .parquet,
            compression: .none, incremental: false, includeManifest: true, maxFileSizeMiB: 64)
        await #expect(throws: ExportsError.self) { _ = try await setup.apply(store: store, now: 1_000) }
        #expect(try await store.baseConnections().isEmpty)
        #expect(try await store.flows().isEmpty)
    }
}
