public import Exports
import Foundation
import GRDB

extension SQLiteExportStore {
    /// Kinds of stored documents.
    enum Kind: String {
        case baseConnection, sourceConnection, targetConnection, flow
        /// A base connection's remembered SFTP host key (`RememberedHostKey`), by the connection's id.
        case hostKey
    }

    public func storeBaseConnection(_ redacted: BaseConnection, sealedCredentials: String) async throws(ExportsError) {
        let document = try Self.encodeOrThrow(redacted)
        try await write { db in
            try Self.upsertBase(db, id: redacted.id, document: document, sealedParams: sealedCredentials)
        }
    }

    public func baseConnection(id: String) async throws(ExportsError) -> BaseConnection? {
        try await document(.baseConnection, id: id, as: BaseConnection.self)
    }

    public func sealedCredentials(connectionId: String) async throws(ExportsError) -> String? {
        try await read { db in
            try String.fetchOne(
                db, sql: "SELECT params FROM export_credentials WHERE connectionId = ?", arguments: [connectionId])
        }
    }

    public func saveSourceConnection(_ source: SourceConnection) async throws(ExportsError) {
        let document = try Self.encodeOrThrow(source)
        try await write { db in
            try Self.upsert(db, kind: .sourceConnection, id: source.id, document: document, version: 1)
        }
    }

    public func sourceConnection(id: String) async throws(ExportsError) -> SourceConnection? {
        try await document(.sourceConnection, id: id, as: SourceConnection.self)
    }

    public func storeTargetConnection(_ target: TargetConnection) async throws(ExportsError) {
        let document = try Self.encodeOrThrow(target)
        try await write { db in
            try Self.upsert(db, kind: .targetConnection, id: target.id, document: document, version: 1)
        }
    }

    public func targetConnection(id: String) async throws(ExportsError) -> TargetConnection? {
        try await document(.targetConnection, id: id, as: TargetConnection.self)
    }

    public func storeFlow(_ flow: Flow, ifMatch: String?) async throws(ExportsError) -> Flow {
        try await write { db -> Flow in
            var stored = flow
            if let text = try String.fetchOne(
                db, sql: "SELECT document FROM export_entities WHERE kind = ? AND id = ?",
                arguments: [Kind.flow.rawValue, flow.id])
            {
                let current = try Self.decode(Flow.self, text)
                if let ifMatch, ifMatch != current.etag {
                    throw ExportsError(.conflict, "flow \(flow.id) changed (etag \(current.etag))", field: "If-Match")
                }
                stored.version = current.version + 1
            } else {
                stored.version = 1
            }
            try Self.upsert(db, kind: .flow, id: flow.id, document: try Self.encode(stored), version: stored.version)
            return stored
        }
    }

    public func storeFlowSetup(
        base: BaseConnection, sealedCredentials params: String, source: SourceConnection, target: TargetConnection,
        flow: Flow
    ) async throws(ExportsError) -> Flow {
        let baseDocument = try Self.encodeOrThrow(base)
        let sourceDocument = try Self.encodeOrThrow(source)
        let targetDocument = try Self.encodeOrThrow(target)
        var firstVersion = flow
        firstVersion.version = 1
        let created = firstVersion
        let flowDocument = try Self.encodeOrThrow(created)
        return try await write { db -> Flow in
            if let text = try String.fetchOne(
                db, sql: "SELECT document FROM export_entities WHERE kind = ? AND id = ?",
                arguments: [Kind.flow.rawValue, flow.id])
            {
                try Self.upsert(db, kind: .targetConnection, id: target.id, document: targetDocument, version: 1)
                return try Self.decode(Flow.self, text)
            }
            try Self.upsertBase(db, id: base.id, document: baseDocument, sealedParams: params)
            try Self.upsert(db, kind: .sourceConnection, id: source.id, document: sourceDocument, version: 1)
            try Self.upsert(db, kind: .targetConnection, id: target.id, document: targetDocument, version: 1)
            try Self.upsert(db, kind: .flow, id: flow.id, document: flowDocument, version: 1)
            return created
        }
    }

    public func flow(id: String) async throws(ExportsError) -> Flow? {
        try await document(.flow, id: id, as: Flow.self)
    }

    /// Every flow, by id.
    public func flows() async throws(ExportsError) -> [Flow] {
        try await read { db in
            try String.fetchAll(
                db, sql: "SELECT document FROM export_entities WHERE kind = ? ORDER BY id",
                arguments: [Kind.flow.rawValue]
            ).map { try Self.decode(Flow.self, $0) }
        }
    }

    /// Removes a document (and a base connection's credentials).
    func delete(_ kind: Kind, id: String) async throws(ExportsError) {
        try await write { db in
            try db.execute(
                sql: "DELETE FROM export_entities WHERE kind = ? AND id = ?", arguments: [kind.rawValue, id])
            if kind == .baseConnection {
                try db.execute(sql: "DELETE FROM export_credentials WHERE connectionId = ?", arguments: [id])
                try db.execute(
                    sql: "DELETE FROM export_entities WHERE kind = ? AND id = ?",
                    arguments: [Kind.hostKey.rawValue, id])
            }
        }
    }

    public func deleteFlow(id: String) async throws(ExportsError) { try await delete(.flow, id: id) }

    private func document<T: Decodable & Sendable>(_ kind: Kind, id: String, as type: T.Type) async throws(ExportsError)
        -> T?
    {
        try await read { db in
            try String.fetchOne(
                db, sql: "SELECT document FROM export_entities WHERE kind = ? AND id = ?",
                arguments: [kind.rawValue, id]
            ).map { try Self.decode(type, $0) }
        }
    }

    /// Stores a base connection's document and its sealed credentials.
    private static func upsertBase(_ db: Database, id: String, document: String, sealedParams: String) throws {
        try upsert(db, kind: .baseConnection, id: id, document: document, version: 1)
        try db.execute(
            sql: "INSERT OR REPLACE INTO export_credentials (connectionId, params) VALUES (?, ?)",
            arguments: [id, sealedParams])
    }

    static func upsert(_ db: Database, kind: Kind, id: String, document: String, version: Int) throws {
        try db.execute(
            sql: "INSERT OR REPLACE INTO export_entities (kind, id, document, version) VALUES (?, ?, ?, ?)",
            arguments: [kind.rawValue, id, document, version])
    }
}
