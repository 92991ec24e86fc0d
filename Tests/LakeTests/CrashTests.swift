import Foundation
import OutflowTestSupport
import Storage
import Testing

@testable import Lake

#if os(Linux)
    /// A real `kill -9` between "files renamed into place" and "catalog commit": the test binary re-runs itself
    /// filtered to `faultChildBlocksAtTheFaultPoint`, which blocks at the fault point; the parent kills it with
    /// SIGKILL and checks that a restarted `Lake` shows only committed data and leaves no stray files.
    @Suite(.onDedicatedThreads, .tags(.peers), .needsPeers) struct CrashTests {
        static let childDirectoryVariable = "OUTFLOW_LAKE_FAULT_CHILD_DIR"

        /// Does nothing unless started by `killNineBeforeCatalogCommitLeavesOnlyCommittedBatches`.
        @Test func faultChildBlocksAtTheFaultPoint() throws {
            guard let data = ProcessInfo.processInfo.environment[Self.childDirectoryVariable] else { return }
            let lake = try Lake(dataDirectory: data, configuration: .init(faultPoint: "beforeCatalogCommit"))
            _ = try lake.ingest(sandbox: "prod", dataset: "orders", files: [data + "/../second.csv"])
            Issue.record("the fault point should have blocked")
        }

        @Test func killNineBeforeCatalogCommitLeavesOnlyCommittedBatches() async throws {
            let directory = TestDirectory()
            let data = directory.path + "/data"
            let datasetId: String
            let committed: Batch
            do {
                let lake = try Lake(dataDirectory: data)
                datasetId = try lake.createDataset(
                    sandbox: "prod", name: "orders", schemaDocument: Fixtures.bytes(Fixtures.flatSchema)
                ).id
                committed = try lake.ingest(
                    sandbox: "prod", dataset: "orders",
                    files: [directory.write("first.csv", CSVFixtures.orders(count: 3))])
            }
            _ = directory.write("second.csv", CSVFixtures.orders(count: 5))

            // The child runs for seconds and is read with blocking calls: on a thread of its own.
            let (reached, seen) = try await DedicatedThread.run { () throws -> (Bool, String) in
                let child = Process()
                child.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
                child.arguments = ["--testing-library", "swift-testing", "--filter", "faultChildBlocksAtTheFaultPoint"]
                var environment = ProcessInfo.processInfo.environment
                environment[Self.childDirectoryVariable] = data
                child.environment = environment
                let stderr = Pipe()
                child.standardError = stderr
                child.standardOutput = FileHandle.nullDevice
                try child.run()
                var seen = ""
                while !seen.contains("FAULT beforeCatalogCommit") {
                    let chunk = stderr.fileHandleForReading.availableData
                    if chunk.isEmpty { break }  // EOF: the child exited without reaching the fault point
                    seen += String(decoding: chunk, as: UTF8.self)
                }
                kill(child.processIdentifier, SIGKILL)
                child.waitUntilExit()
                return (seen.contains("FAULT beforeCatalogCommit"), seen)
            }
            try #require(reached, "child output: \(seen)")

            let datasetDirectory = data + "/lake/prod/\(datasetId)"
            let before = FileSystemProbe.entries(datasetDirectory)
            #expect(before.count == 2, "the renamed but uncommitted batch directory is on disk: \(before)")

            let restarted = try Lake(dataDirectory: data)
            #expect(FileSystemProbe.entries(datasetDirectory) == ["batch=\(committed.id)"])
            #expect(FileSystemProbe.entries(data + "/staging").isEmpty)
            let batches = try restarted.batches(sandbox: "prod").items
            #expect(batches.count == 2)
            #expect(batches.filter { $0.status == .aborted }.count == 1)
            #expect(try restarted.files(sandbox: "prod", datasetId: datasetId).map(\.batchId) == [committed.id])
            #expect(try restarted.dataset(sandbox: "prod", idOrName: datasetId).rowCount == 3)
            let again = try restarted.ingest(sandbox: "prod", dataset: "orders", files: [directory.file("second.csv")])
            #expect(again.sequence == 2)
        }
    }
#endif
