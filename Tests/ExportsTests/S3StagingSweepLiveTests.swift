import Destinations
import Foundation
import Lake
import OutflowTestSupport
import Testing

@testable import Exports
@testable import Signing

/// The staging sweep through `S3Destination` against a real SeaweedFS (`IntegrationTests/peers/s3.py`): a killed
/// process leaves its multipart upload open; the sweep aborts the run's own uploads and nothing else.
@Suite(.onDedicatedThreads, .tags(.peers), .needsPeers) struct S3StagingSweepLiveTests {
    typealias SeaweedFS = SeaweedFSPeer

    /// Opens a multipart upload at `path` with one 5 MiB part and drops the writer, as a SIGKILL would.
    func leaveOpenUpload(_ destination: S3Destination, _ path: String) async throws {
        var writer: (any DestinationWriter)? = try await destination.openWriter(path: path)
        try await writer?.write([UInt8](repeating: 7, count: (5 << 20) + 10))
        writer = nil
    }

    @Test func theSweepAbortsOnlyTheRunsOwnOpenMultipartUploads() async throws {
        let peer = try await SeaweedFS.start()
        defer { peer.stop() }
        let destination = S3Destination(
            id: "s3",
            configuration: S3DestinationConfiguration(
                endpoint: try S3Endpoint(url: peer.endpoint, pathStyle: true), region: "us-east-1", bucket: "live",
                credentials: .keys(
                    try AWSCredentials(accessKeyID: "AKIAOUTFLOWADMIN0001", secretAccessKey: "outflow-admin-secret")),
                partSize: 5 << 20, parallelParts: 1),
            transport: HTTPTransport(configuration: .init(outbound: .loopbackPeers)))
        let fixture = try ExportFixture()
        try fixture.ingest(10)
        let job = fixture.job(runId: "killed")
        let executor = fixture.executor(destination, store: InMemoryExportStore())
        let dataset = try fixture.lake.dataset(sandbox: "prod", idOrName: fixture.datasetId)
        let folder = try executor.datasetFolder(
            for: dataset, job: job, template: try FolderTemplate(job.flow.scheduleParams.foldernameTemplate))
        let own = folder + "/part-00001-\(OutputFormat.partUUID(runId: "killed", datasetId: dataset.id)).parquet"
        let foreign = folder + "/part-00000-\(OutputFormat.partUUID(runId: "other", datasetId: dataset.id)).parquet"
        try await leaveOpenUpload(destination, own)
        try await leaveOpenUpload(destination, foreign)
        #expect(try await destination.pendingUploads(prefix: folder + "/") == [foreign, own].sorted())

        let discarded = await executor.sweepStaging(job)
        #expect(discarded.map(\.path) == [own])
        #expect(try await destination.pendingUploads(prefix: folder + "/") == [foreign])
        for upload in try await destination.stagedUploads(prefix: folder + "/") {
            try await destination.discard(upload)
        }
    }
}
