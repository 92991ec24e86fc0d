import Foundation
import Synchronization
import Testing

@testable import Destinations

/// The process-fault wrapper with an injected terminator (records instead of killing the test process).
@Suite struct ProcessFaultDestinationTests {
    /// Paths at which the terminator was called.
    final class Terminations: Sendable {
        let paths = Mutex<[String]>([])
        var all: [String] { paths.withLock { $0 } }
        func record(_ path: String) { paths.withLock { $0.append(path) } }
    }

    func makeLocal(_ folder: TemporaryFolder, fault: ProcessFaultDestination.Fault, into calls: Terminations) throws
        -> ProcessFaultDestination
    {
        ProcessFaultDestination(try LocalFolderDestination(root: folder.path), fault: fault) { calls.record($0) }
    }

    func localFile(_ folder: TemporaryFolder, bytes: Int) throws -> String {
        let path = folder.path + "/../outflow-fault-src-\(UUID().uuidString)"
        #expect(FileManager.default.createFile(atPath: path, contents: Data(repeating: 7, count: bytes)))
        return path
    }

    @Test func theNthDataFileDiesHalfWrittenAndEarlierFilesAreCommitted() async throws {
        let folder = TemporaryFolder()
        let calls = Terminations()
        let faulty = try makeLocal(folder, fault: .killMidFile(n: 2), into: calls)
        let source = try localFile(folder, bytes: 1_000)
        defer { try? FileManager.default.removeItem(atPath: source) }
        _ = try await faulty.put(path: "ds/t/part-00000.parquet", from: source)
        await #expect(throws: DestinationError.self) {
            _ = try await faulty.put(path: "ds/t/part-00001.parquet", from: source)
        }
        #expect(calls.all == ["ds/t/part-00001.parquet"])
        let listed = try await faulty.list(prefix: "ds/").map(\.path)
        #expect(listed == ["ds/t/part-00000.parquet"])
        // `put` aborts the staged object when the (injected, non-killing) terminator returns.
        #expect(folder.allFiles() == ["ds/t/part-00000.parquet"])
    }

    @Test func manifestsAndProbesDoNotCountAsDataFiles() async throws {
        let folder = TemporaryFolder()
        let calls = Terminations()
        let faulty = try makeLocal(folder, fault: .killMidFile(n: 1), into: calls)
        let source = try localFile(folder, bytes: 10)
        defer { try? FileManager.default.removeItem(atPath: source) }
        _ = try await faulty.put(path: "ds/t/manifest-local-run.json", from: source)
        #expect(await faulty.testConnection().succeeded)
        #expect(calls.all.isEmpty)
        await #expect(throws: DestinationError.self) {
            _ = try await faulty.put(path: "ds/t/part-00000.json", from: source)
        }
        #expect(calls.all == ["ds/t/part-00000.json"])
    }

    @Test func killMidManifestSparesDataFilesAndDiesInTheManifest() async throws {
        let folder = TemporaryFolder()
        let calls = Terminations()
        let faulty = try makeLocal(folder, fault: .killMidManifest, into: calls)
        let source = try localFile(folder, bytes: 64)
        defer { try? FileManager.default.removeItem(atPath: source) }
        _ = try await faulty.put(path: "ds/t/part-00000.json", from: source)
        _ = try await faulty.put(path: "ds/t/part-00001.json", from: source)
        await #expect(throws: DestinationError.self) {
            _ = try await faulty.put(path: "ds/t/manifest-local-run.json", from: source)
        }
        #expect(calls.all == ["ds/t/manifest-local-run.json"])
        #expect(try await faulty.list(prefix: "ds/").map(\.path) == ["ds/t/part-00000.json", "ds/t/part-00001.json"])
    }

    @Test func theDyingWriteLeavesPartOfTheBytesStaged() async throws {
        let folder = TemporaryFolder()
        let calls = Terminations()
        let faulty = try makeLocal(folder, fault: .killMidFile(n: 1), into: calls)
        let writer = try await faulty.openWriter(path: "a/part-00000.json")
        await #expect(throws: DestinationError.self) { try await writer.write(Array(repeating: 1, count: 100)) }
        let staged = folder.allFiles().filter { $0.hasPrefix("a/.part-00000.json") }
        #expect(staged.count == 1)
        let attributes = try staged.first.map {
            try FileManager.default.attributesOfItem(atPath: folder.path + "/" + $0)
        }
        #expect(attributes?[.size] as? Int == 50)
        await writer.abort()
        #expect(try await faulty.list(prefix: "a/").isEmpty)
        #expect(calls.all == ["a/part-00000.json"])
    }
}
