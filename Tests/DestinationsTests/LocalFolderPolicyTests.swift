import Foundation
import Testing

@testable import Destinations

/// Local-folder destinations write only under the export roots, never in the data directory, and never through a
/// symbolic link below the root (SECURITY.md, "Local-folder destination").
@Suite struct LocalFolderPolicyTests {
    /// `<tmp>/data` (the data directory, with its lake folder) and `<tmp>/exports` (the configured root).
    struct Layout {
        let folder = TemporaryFolder()
        var data: String { folder.path + "/data" }
        var root: String { folder.path + "/exports" }
        var outside: String { folder.path + "/outside" }

        init() throws {
            for path in [data + "/lake/prod", root, outside] {
                try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            }
        }

        func policy(_ roots: [String]? = nil) throws -> LocalFolderPolicy {
            try LocalFolderPolicy(roots: roots ?? [root], dataDirectory: data, exportsFolder: data + "/exports")
        }
    }

    @Test func aPathInTheLakeFolderIsRefused() throws {
        let layout = try Layout()
        let policy = try layout.policy([layout.root, layout.data + "/exports"])
        let error = #expect(throws: DestinationError.self) {
            _ = try LocalFolderDestination(path: layout.data + "/lake/prod", policy: policy)
        }
        #expect(error?.code == .permission && error?.message.contains("inside the data directory") == true)
        #expect(throws: DestinationError.self) { _ = try policy.locate(layout.data + "/secrets.key") }
        #expect(throws: DestinationError.self) { _ = try policy.locate(layout.data) }
    }

    @Test func aPathOutsideTheRootsIsRefused() throws {
        let layout = try Layout()
        let policy = try layout.policy()
        for path in [layout.outside, "/etc", layout.root + "-sibling", "/"] {
            let error = #expect(throws: DestinationError.self) { _ = try policy.locate(path) }
            #expect(error?.code == .permission && error?.message.contains("OUTFLOW_EXPORT_ROOTS") == true)
        }
        #expect(throws: DestinationError.self) { _ = try policy.locate("relative/path") }
        #expect(throws: DestinationError.self) { _ = try policy.locate(layout.root + "/../data/lake") }
        #expect(throws: DestinationError.self) { _ = try LocalFolderPolicy().locate(layout.root) }
    }

    @Test func anAllowedPathDeliversUnderItsRoot() async throws {
        let layout = try Layout()
        let destination = try LocalFolderDestination(path: layout.root + "/team/a/", policy: try layout.policy())
        #expect(destination.root == layout.root + "/team/a")
        let writer = try await destination.openWriter(path: "x/part-0.json")
        try await writer.write(Array("{}\n".utf8))
        _ = try await writer.commit()
        #expect(try await destination.list(prefix: "") == [DestinationObject(path: "x/part-0.json", size: 3)])
        #expect(FileManager.default.fileExists(atPath: layout.root + "/team/a/x/part-0.json"))
        let defaultRoot = try LocalFolderPolicy(
            setting: nil, dataDirectory: layout.data, exportsFolder: layout.data + "/exports")
        #expect(defaultRoot.roots == [layout.data + "/exports"])
        #expect(try defaultRoot.locate(layout.data + "/exports/out").segments == ["out"])
    }

    @Test func aSymbolicLinkOutOfTheRootIsRefusedAtWriteTime() async throws {
        let layout = try Layout()
        let destination = try LocalFolderDestination(path: layout.root + "/out", policy: try layout.policy())
        let writer = try await destination.openWriter(path: "ok/first.txt")
        try await writer.write([1])
        _ = try await writer.commit()
        // Links appear after the destination was built: one below the connection's folder, one replacing it.
        try FileManager.default.createSymbolicLink(
            atPath: layout.root + "/out/escape", withDestinationPath: layout.data + "/lake")
        let below = await #expect(throws: DestinationError.self) {
            _ = try await destination.openWriter(path: "escape/prod/evil.txt")
        }
        #expect(below?.code == .permission && below?.message.contains("symbolic link") == true)
        try FileManager.default.moveItem(atPath: layout.root + "/out", toPath: layout.root + "/moved")
        try FileManager.default.createSymbolicLink(atPath: layout.root + "/out", withDestinationPath: layout.outside)
        let replaced = await #expect(throws: DestinationError.self) {
            _ = try await destination.openWriter(path: "evil.txt")
        }
        #expect(replaced?.code == .permission)
        await #expect(throws: DestinationError.self) { _ = try await destination.list(prefix: "") }
        await #expect(throws: DestinationError.self) { try await destination.delete(path: "evil.txt") }
        #expect(try FileManager.default.contentsOfDirectory(atPath: layout.outside).isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: layout.data + "/lake/prod").isEmpty)
    }

    @Test func aLinkedFileIsNeitherListedNorFollowed() async throws {
        let layout = try Layout()
        let destination = try LocalFolderDestination(path: layout.root, policy: try layout.policy())
        _ = FileManager.default.createFile(atPath: layout.outside + "/secret", contents: Data("s".utf8))
        try FileManager.default.createSymbolicLink(
            atPath: layout.root + "/link", withDestinationPath: layout.outside + "/secret")
        #expect(try await destination.list(prefix: "").isEmpty)
        #expect(try await destination.exists(path: "link") == false)
        // Committing onto the link's name replaces the link itself; the file it pointed to is untouched.
        let writer = try await destination.openWriter(path: "link")
        try await writer.write(Array("new".utf8))
        _ = try await writer.commit()
        #expect(try String(contentsOfFile: layout.outside + "/secret", encoding: .utf8) == "s")
    }

    @Test func rootsOverlappingTheDataDirectoryAreRefused() throws {
        let layout = try Layout()
        try FileManager.default.createSymbolicLink(
            atPath: layout.folder.path + "/alias", withDestinationPath: layout.data)
        for bad in [
            layout.data, layout.folder.path, "/", layout.data + "/lake", layout.data + "/landing-zone/c",
            layout.folder.path + "/alias/lake", "relative", layout.root + "/../data",
        ] {
            let error = #expect(throws: DestinationError.self, "\(bad)") { _ = try layout.policy([bad]) }
            #expect(error?.field == LocalFolderPolicy.setting)
        }
        #expect(try layout.policy([layout.data + "/exports/team"]).roots == [layout.data + "/exports/team"])
        let parsed = try LocalFolderPolicy(
            setting: " \(layout.root) ,, \(layout.outside)/ ", dataDirectory: layout.data,
            exportsFolder: layout.data + "/exports")
        #expect(parsed.roots == [layout.root, layout.outside])
    }
}
