import Foundation
import Testing

@testable import Destinations

@Suite struct LocalFolderDestinationTests {
    @Test func anUncommittedWriterLeavesNothingVisible() async throws {
        let folder = TemporaryFolder()
        let destination = try LocalFolderDestination(root: folder.path)
        let writer = try await destination.openWriter(path: "a/b/part-00000.json")
        try await writer.write(Array("{\"x\":1}\n".utf8))
        #expect(try await destination.exists(path: "a/b/part-00000.json") == false)
        #expect(try await destination.list(prefix: "").isEmpty)
        let result = try await writer.commit()
        #expect(result == PutResult(path: "a/b/part-00000.json", size: 8))
        #expect(try await destination.exists(path: "a/b/part-00000.json"))
        #expect(folder.allFiles() == ["a/b/part-00000.json"])
    }

    @Test func abortRemovesTheStagedFile() async throws {
        let folder = TemporaryFolder()
        let destination = try LocalFolderDestination(root: folder.path)
        let writer = try await destination.openWriter(path: "x.bin")
        try await writer.write([1, 2, 3])
        await writer.abort()
        #expect(folder.allFiles().isEmpty)
    }

    @Test func commitReplacesAnExistingObject() async throws {
        let folder = TemporaryFolder()
        let destination = try LocalFolderDestination(root: folder.path)
        for content in ["first", "second!"] {
            let writer = try await destination.openWriter(path: "f.txt")
            try await writer.write(Array(content.utf8))
            _ = try await writer.commit()
        }
        #expect(try String(contentsOfFile: folder.path + "/f.txt", encoding: .utf8) == "second!")
        #expect(try await destination.list(prefix: "") == [DestinationObject(path: "f.txt", size: 7)])
    }

    @Test func listFiltersByPrefixAndSortsByPath() async throws {
        let folder = TemporaryFolder()
        let destination = try LocalFolderDestination(root: folder.path)
        for path in ["d1/b.json", "d1/a.json", "d2/c.json", "d10/e.json", "top.json"] {
            let writer = try await destination.openWriter(path: path)
            try await writer.write([0])
            _ = try await writer.commit()
        }
        #expect(try await destination.list(prefix: "d1/").map(\.path) == ["d1/a.json", "d1/b.json"])
        #expect(try await destination.list(prefix: "d1").map(\.path) == ["d1/a.json", "d1/b.json", "d10/e.json"])
        #expect(try await destination.list(prefix: "").count == 5)
        #expect(try await destination.list(prefix: "nope/").isEmpty)
    }

    @Test func putCopiesALocalFileAtomically() async throws {
        let folder = TemporaryFolder()
        let source = TemporaryFolder()
        let local = source.path + "/in.bin"
        let bytes = (0..<3_000_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        #expect(FileManager.default.createFile(atPath: local, contents: Data(bytes)))
        let destination = try LocalFolderDestination(root: folder.path)
        let result = try await destination.put(path: "out/in.bin", from: local)
        #expect(result.size == 3_000_000)
        #expect(try Data(contentsOf: URL(fileURLWithPath: folder.path + "/out/in.bin")) == Data(bytes))
    }

    @Test func deleteIsIdempotent() async throws {
        let folder = TemporaryFolder()
        let destination = try LocalFolderDestination(root: folder.path)
        let writer = try await destination.openWriter(path: "gone.txt")
        _ = try await writer.commit()
        try await destination.delete(path: "gone.txt")
        try await destination.delete(path: "gone.txt")
        #expect(try await destination.exists(path: "gone.txt") == false)
    }

    @Test(arguments: ["", "/abs", "a/../b", "a//b", "./a", "a/"])
    func invalidPathsAreRejected(path: String) async throws {
        let folder = TemporaryFolder()
        let destination = try LocalFolderDestination(root: folder.path)
        await #expect(
            throws: DestinationError(
                .invalid, "invalid object path (use relative '/'-separated names without '..')", path: path)
        ) {
            _ = try await destination.openWriter(path: path)
        }
    }

    @Test func aRelativeRootIsRejected() {
        #expect(throws: DestinationError.self) { _ = try LocalFolderDestination(root: "relative/dir") }
    }

    @Test func connectionTestPassesAllStepsAndLeavesNoProbe() async throws {
        let folder = TemporaryFolder()
        let destination = try LocalFolderDestination(root: folder.path)
        let report = await destination.testConnection()
        #expect(report.succeeded && report.passed == [.write, .list, .delete])
        #expect(try await destination.list(prefix: "").isEmpty)
    }

    @Test func connectionTestNamesTheFailingStep() async throws {
        let folder = TemporaryFolder()
        let destination = try LocalFolderDestination(root: folder.path)
        chmod(folder.path, 0o500)
        defer { chmod(folder.path, 0o755) }
        let report = await destination.testConnection()
        if getuid() == 0 {
            #expect(report.succeeded)  // root ignores directory permissions
        } else {
            #expect(report.failedStep == .write && report.error?.code == .permission)
        }
    }
}
