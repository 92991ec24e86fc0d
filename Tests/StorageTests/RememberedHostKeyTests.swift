import Exports
import Lake
import OutflowTestSupport
import Testing

@testable import Storage

/// The SFTP host key a connection met first is remembered once (compare-and-set), beside the connection
/// document, and goes with it.
@Suite struct RememberedHostKeyTests {
    static let first = "SHA256:2b2VHjt/IZBvGJbPtOi7dEwtjaadZlAwlWTt2sx+Buw"
    static let second = "SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s"

    private func storeWithConnection() async throws -> (SQLiteExportStore, TestDirectory) {
        let directory = TestDirectory()
        let store = try SQLiteExportStore(lake: Lake(dataDirectory: directory.path))
        try await store.saveBaseConnection(
            BaseConnection(
                id: "s", name: "sftp", connectionSpecId: ConnectionSpecCatalog.sftp, authSpecName: "SFTP with Password",
                authParams: ["domain": "127.0.0.1", "port": "2222", "username": "u", "password": "p"]))
        return (store, directory)
    }

    @Test func theFirstKeyIsRememberedAndALaterDifferentKeyNeverReplacesIt() async throws {
        let (store, directory) = try await storeWithConnection()
        defer { withExtendedLifetime(directory) {} }
        #expect(try await store.rememberedHostKey(connectionId: "s") == nil)
        let remembered = try await store.rememberHostKey(
            fingerprint: Self.first, host: "127.0.0.1", port: 2222, connectionId: "s")
        #expect(remembered.fingerprint == Self.first && remembered.host == "127.0.0.1" && remembered.port == 2222)
        let again = try await store.rememberHostKey(
            fingerprint: Self.second, host: "127.0.0.1", port: 2222, connectionId: "s")
        #expect(again == remembered)
        #expect(try await store.rememberedHostKey(connectionId: "s") == remembered)
    }

    @Test func compareAndSetRefusesAStaleExpectation() async throws {
        let (store, directory) = try await storeWithConnection()
        defer { withExtendedLifetime(directory) {} }
        let one = RememberedHostKey(fingerprint: Self.first, host: "127.0.0.1", port: 2222, rememberedAt: 1)
        let two = RememberedHostKey(fingerprint: Self.second, host: "127.0.0.1", port: 2222, rememberedAt: 2)
        #expect(try await store.storeHostKey(one, connectionId: "s", replacing: nil) == one)
        // A racing first contact that still believes nothing is remembered loses and learns the winner.
        #expect(try await store.storeHostKey(two, connectionId: "s", replacing: nil) == one)
        #expect(try await store.rememberedHostKey(connectionId: "s") == one)
        #expect(try await store.storeHostKey(two, connectionId: "s", replacing: one) == two)
    }

    @Test func aConnectionMovedToAnotherPortRemembersAnew() async throws {
        let (store, directory) = try await storeWithConnection()
        defer { withExtendedLifetime(directory) {} }
        _ = try await store.rememberHostKey(fingerprint: Self.first, host: "127.0.0.1", port: 2222, connectionId: "s")
        let moved = try await store.rememberHostKey(
            fingerprint: Self.second, host: "127.0.0.1", port: 2223, connectionId: "s")
        #expect(moved.fingerprint == Self.second && moved.port == 2223)
    }

    @Test func deletingTheConnectionForgetsItsKeyAndAMissingConnectionRemembersNothing() async throws {
        let (store, directory) = try await storeWithConnection()
        defer { withExtendedLifetime(directory) {} }
        _ = try await store.rememberHostKey(fingerprint: Self.first, host: "127.0.0.1", port: 2222, connectionId: "s")
        try await store.deleteBaseConnection(id: "s")
        #expect(try await store.rememberedHostKey(connectionId: "s") == nil)
        await #expect(throws: ExportsError.self) {
            try await store.rememberHostKey(fingerprint: Self.first, host: "h", port: 22, connectionId: "s")
        }
        #expect(try await store.baseConnections().isEmpty)
    }
}
