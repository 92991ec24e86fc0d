import Destinations
import Foundation
import Lake
import OutflowTestSupport
import Storage
import Testing

@testable import Exports

@Suite(.tags(.peers), .needsPeers) struct StagingSweepTests {
    @Test func onlyTheRunsOwnPartAndManifestNamesInItsFolderAreLeftovers() {
        let uuid = OutputFormat.partUUID(runId: "r1", datasetId: "d1")
        let other = OutputFormat.partUUID(runId: "r2", datasetId: "d1")
        let manifest = ExportManifest.fileName(destinationId: "dest", runId: "r1")
        let uploads = [
            StagedUpload(path: "out/d1/t/part-00003-\(uuid).json.gz", handle: "1"),
            StagedUpload(path: "out/d1/t/\(manifest)", handle: "2"),
            StagedUpload(path: "out/d1/t/part-00000-\(other).json.gz", handle: "3"),
            StagedUpload(path: "out/d1/elsewhere/part-00000-\(uuid).json.gz", handle: "4"),
            StagedUpload(path: "out/d1/t/part-x-\(uuid).json.gz", handle: "5"),
            StagedUpload(path: "out/d1/t/notes.txt", handle: "6"),
            StagedUpload(path: "out/d1/t/\(ExportManifest.fileName(destinationId: "dest", runId: "r2"))", handle: "7"),
        ]
        let owned = StagingLeftovers.owned(
            uploads, folder: "out/d1/t", runId: "r1", datasetId: "d1", destinationId: "dest")
        #expect(owned.map(\.handle) == ["1", "2"])
    }

    /// Leaves a staging file as a SIGKILLed attempt would: `.<name>.outflow-tmp-<token>` in `folder`.
    func leave(_ name: String, in folder: String) throws {
        try Data("half".utf8).write(to: URL(fileURLWithPath: folder + "/." + name + ".outflow-tmp-k1ll3d"))
    }

    func stagingFiles(_ fixture: ExportFixture) throws -> [String] {
        try FileManager.default.subpathsOfDirectory(atPath: fixture.output).filter { $0.contains(".outflow-tmp-") }
            .sorted()
    }

    @Test func aRetriedRunAndTheNextRunOfTheFlowDiscardTheLeftoversOfKilledAttempts() async throws {
        let fixture = try ExportFixture()
        let setup = ExportRunnerTests()
        let store = try await setup.setUp(fixture, fileType: .json)
        let runner = setup.runner(fixture, store)
        let expected = try fixture.ingest(100)
        var first = try await runner.runNow(flowId: "flow")
        let output = try #require(first.outputs.first)
        let folder = fixture.output + "/" + output.folder
        let partName = try #require(output.files.first?.path.split(separator: "/").last.map(String.init))
        let foreign = "part-00000-\(OutputFormat.partUUID(runId: "someone-else", datasetId: fixture.datasetId)).json.gz"

        // The run's second attempt was killed mid-file: its next attempt sweeps what it left, nothing else.
        try leave(partName, in: folder)
        try leave(
            "part-00001-\(OutputFormat.partUUID(runId: first.id, datasetId: fixture.datasetId)).json.gz", in: folder)
        try leave(foreign, in: folder)
        first.status = .failed
        try await store.save(first)
        let retried = try await runner.retry(runId: first.id)
        #expect(retried.status == .success && retried.attempts == 2)
        #expect(try stagingFiles(fixture) == [output.folder + "/." + foreign + ".outflow-tmp-k1ll3d"])

        // It fails for good with a leftover: the flow's next run sweeps it.
        var failed = retried
        failed.status = .failed
        try await store.save(failed)
        try leave(ExportManifest.fileName(destinationId: "local", runId: first.id), in: folder)
        #expect(try stagingFiles(fixture).count == 2)
        let next = try await runner.runNow(flowId: "flow")
        #expect(next.status == .success && next.id != first.id)
        #expect(try stagingFiles(fixture) == [output.folder + "/." + foreign + ".outflow-tmp-k1ll3d"])
        let parts = try FileManager.default.subpathsOfDirectory(atPath: fixture.output)
            .filter { $0.contains("part-") && !$0.contains(".outflow-tmp-") }
        #expect(
            try await PythonReader.read(parts.map { fixture.output + "/" + $0 }).flatMap(\.values).sorted() == expected)
    }
}
