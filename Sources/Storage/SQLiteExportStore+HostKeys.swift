public import Exports
import GRDB

extension SQLiteExportStore {
    /// The host key remembered for a base connection (a `hostKey` document under the connection's id).
    public func rememberedHostKey(connectionId: String) async throws(ExportsError) -> RememberedHostKey? {
        try await read { db in try Self.hostKey(db, connectionId: connectionId) }
    }

    /// Compare-and-set in one transaction: stores `key` only while the remembered key is still `expected`
    /// (nil: none); `.notFound` when the connection no longer exists. Returns the key remembered afterwards.
    public func storeHostKey(
        _ key: RememberedHostKey, connectionId: String, replacing expected: RememberedHostKey?
    ) async throws(ExportsError) -> RememberedHostKey? {
        let document = try Self.encodeOrThrow(key)
        return try await write { db -> RememberedHostKey? in
            guard try Self.exists(db, .baseConnection, id: connectionId) else {
                throw ExportsError(.notFound, "connection \(connectionId) does not exist")
            }
            let current = try Self.hostKey(db, connectionId: connectionId)
            guard current == expected else { return current }
            try Self.upsert(db, kind: .hostKey, id: connectionId, document: document, version: 1)
            return key
        }
    }

    private static func hostKey(_ db: Database, connectionId: String) throws -> RememberedHostKey? {
        try String.fetchOne(
            db, sql: "SELECT document FROM export_entities WHERE kind = ? AND id = ?",
            arguments: [Kind.hostKey.rawValue, connectionId]
        ).map { try decode(RememberedHostKey.self, $0) }
    }
}
