import Foundation
import Testing

@testable import Destinations

@Suite struct StagedUploadTests {
    /// A staging file as a killed process leaves it (no writer alive to abort it).
    func leaveStaged(_ folder: TemporaryFolder, _ relative: String) throws {
        let full = folder.path + "/" + relative
        try FileManager.default.createDirectory(
            atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data("half a file".utf8).write(to: URL(fileURLWithPath: full))
    }

    @Test func stagingNamesMapBackToTheirFinalPath() {
        #expect(DestinationPath.stagedName(".part-00001-ab.json.gz.outflow-tmp-x1") == "part-00001-ab.json.gz")
        #expect(DestinationPath.stagedName("part-00001.json") == nil)
        #expect(DestinationPath.stagedName("..outflow-tmp-x") == nil)
        #expect(
            DestinationPath.stagedUpload(atStagingPath: "a/b/.m.json.outflow-tmp-7")
                == StagedUpload(path: "a/b/m.json", handle: "a/b/.m.json.outflow-tmp-7"))
    }

    @Test func aLocalFolderListsAndDiscardsLeftoverStagingFilesOnly() async throws {
        let folder = TemporaryFolder()
        let destination = try LocalFolderDestination(root: folder.path)
        let writer = try await destination.openWriter(path: "d/e/part-00000.json")
        try await writer.write([1, 2])
        _ = try await writer.commit()
        try leaveStaged(folder, "d/e/.part-00001.json.outflow-tmp-abc")
        try leaveStaged(folder, "d/f/.part-00000.json.outflow-tmp-def")

        let staged = try await destination.stagedUploads(prefix: "d/e/")
        #expect(staged == [StagedUpload(path: "d/e/part-00001.json", handle: "d/e/.part-00001.json.outflow-tmp-abc")])
        #expect(try await destination.stagedUploads(prefix: "d/").count == 2)
        #expect(try await destination.list(prefix: "d/").map(\.path) == ["d/e/part-00000.json"])

        for upload in staged { try await destination.discard(upload) }
        #expect(folder.allFiles() == ["d/e/part-00000.json", "d/f/.part-00000.json.outflow-tmp-def"])
        // Discarding twice is fine; a handle naming a committed object is refused.
        try await destination.discard(staged[0])
        await #expect(throws: DestinationError.self) {
            try await destination.discard(StagedUpload(path: "d/e/part-00000.json", handle: "d/e/part-00000.json"))
        }
        #expect(folder.allFiles().contains("d/e/part-00000.json"))
    }

    @Test func wrappersForwardStagedUploads() async throws {
        let folder = TemporaryFolder()
        let base = try LocalFolderDestination(root: folder.path)
        try leaveStaged(folder, "x/.p.json.outflow-tmp-1")
        let zone = try LandingZoneDestination(
            landingZoneRoot: folder.path + "/landing-zone", container: "dlz-destination")
        let wrapped: [any Destination] = [
            FaultInjectingDestination(base, failEvery: 2), ProcessFaultDestination(base, fault: .killMidManifest),
            PausingDestination(base, releaseFile: folder.path + "/go"),
        ]
        for destination in wrapped {
            #expect(try await destination.stagedUploads(prefix: "x/").map(\.path) == ["x/p.json"])
        }
        try leaveStaged(folder, "landing-zone/dlz-destination/y/.q.json.outflow-tmp-2")
        let found = try await zone.stagedUploads(prefix: "y/")
        #expect(found.map(\.path) == ["y/q.json"])
        try await zone.discard(found[0])
        #expect(try await zone.stagedUploads(prefix: "y/").isEmpty)
    }
}
