import Destinations
import Lake
import OutflowTestSupport
import SFTP
import Storage
import Testing

@testable import Exports

/// The SFTP destination a stored connection resolves to carries its host key memory: the key remembered for the
/// connection's host and port is expected, a first contact is remembered once in the store, and a connection
/// moved to another port remembers anew. No network.
@Suite struct HostKeyResolutionTests {
    static let first = "SHA256:2b2VHjt/IZBvGJbPtOi7dEwtjaadZlAwlWTt2sx+Buw"
    static let second = "SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s"

    private func memory(_ base: BaseConnection, _ store: SQLiteExportStore) async throws -> SFTPHostKeyMemory {
        let target = TargetConnection(
            id: "t", baseConnectionId: base.id, path: "", datasetFileType: .parquet,
            locationParams: ["remotePath": "upload"])
        let resolved = try ResolvedDestination.resolve(
            base: base, target: target, landingZoneRoot: "/tmp", hostKeys: try await store.hostKeyMemory(for: base),
            outbound: OutboundPolicy(), localFolders: LocalFolderPolicy())
        let destination = try #require(resolved.destination as? SFTPDestination)
        return try #require(destination.configuration.hostKeyMemory)
    }

    @Test func theFirstContactIsRememberedOnceAndExpectedAtTheSameAddressOnly() async throws {
        let directory = TestDirectory()
        defer { withExtendedLifetime(directory) {} }
        let store = try SQLiteExportStore(lake: Lake(dataDirectory: directory.path))
        var base = BaseConnection(
            id: "s", name: "sftp", connectionSpecId: ConnectionSpecCatalog.sftp, authSpecName: "SFTP with Password",
            authParams: ["domain": "sftp://LocalHost/", "port": "2222", "username": "u", "password": "p"])
        try await store.saveBaseConnection(base)

        let firstContact = try await memory(base, store)
        #expect(firstContact.remembered == nil)
        #expect(try await firstContact.remember(Self.first) == Self.first)
        #expect(try await firstContact.remember(Self.second) == Self.first)  // a later first contact loses
        #expect(try await store.rememberedHostKey(connectionId: "s")?.host == "localhost")

        #expect(try await memory(base, store).remembered == Self.first)
        base.authParams["port"] = "2223"
        let moved = try await memory(base, store)
        #expect(moved.remembered == nil)
        #expect(try await moved.remember(Self.second) == Self.second)
    }

    @Test func otherSpecsHaveNoHostKeyMemory() async throws {
        let directory = TestDirectory()
        defer { withExtendedLifetime(directory) {} }
        let store = try SQLiteExportStore(lake: Lake(dataDirectory: directory.path))
        let local = BaseConnection(
            id: "l", name: "l", connectionSpecId: ConnectionSpecCatalog.localFolder, authSpecName: "None",
            authParams: [:])
        #expect(try await store.hostKeyMemory(for: local) == nil)
    }
}
