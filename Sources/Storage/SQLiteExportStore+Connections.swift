public import Exports
import Foundation
import GRDB

extension SQLiteExportStore {
    /// Every base connection (without credentials), by id.
    public func baseConnections() async throws(ExportsError) -> [BaseConnection] {
        try await documents(.baseConnection, as: BaseConnection.self)
    }

    /// Every source connection, by id.
    public func sourceConnections() async throws(ExportsError) -> [SourceConnection] {
        try await documents(.sourceConnection, as: SourceConnection.self)
    }

    /// Every target connection, by id.
    public func targetConnections() async throws(ExportsError) -> [TargetConnection] {
        try await documents(.targetConnection, as: TargetConnection.self)
    }

    /// Deletes a base connection and its credentials; `.conflict` naming the target connections that use it,
    /// `.notFound` when it does not exist. Check and delete are one transaction.
    public func deleteBaseConnection(id: String) async throws(ExportsError) {
        try await deleteUnlessUsed(.baseConnection, id: id, label: "connection", usedBy: "target connection") { db in
            try Self.documents(db, .targetConnection, as: TargetConnection.self)
                .filter { $0.baseConnectionId == id }.map(\.id)
        }
    }

    /// Deletes a source connection; `.conflict` naming the flows that read it.
    public func deleteSourceConnection(id: String) async throws(ExportsError) {
        try await deleteUnlessUsed(.sourceConnection, id: id, label: "source connection", usedBy: "flow") { db in
            try Self.documents(db, .flow, as: Flow.self).filter { $0.sourceConnectionId == id }.map(\.id)
        }
    }

    /// Deletes a target connection; `.conflict` naming the flows that deliver to it.
    public func deleteTargetConnection(id: String) async throws(ExportsError) {
        try await deleteUnlessUsed(.targetConnection, id: id, label: "target connection", usedBy: "flow") { db in
            try Self.documents(db, .flow, as: Flow.self).filter { $0.targetConnectionId == id }.map(\.id)
        }
    }

    /// Flows (enabled or not) whose source connection names the dataset, by its id or (when given) its name;
    /// with `sandbox`, only source connections of that sandbox count.
    public func flows(
        exportingDatasetId datasetId: String, datasetName: String?, sandbox: String?
    ) async throws(ExportsError) -> [Flow] {
        try await read { db in
            let sources = try Self.documents(db, .sourceConnection, as: SourceConnection.self).filter { source in
                (sandbox == nil || source.sandbox == sandbox)
                    && source.datasetIds.contains { $0 == datasetId || (datasetName != nil && $0 == datasetName) }
            }
            let sourceIds = Set(sources.map(\.id))
            return try Self.documents(db, .flow, as: Flow.self).filter { sourceIds.contains($0.sourceConnectionId) }
        }
    }

    private func deleteUnlessUsed(
        _ kind: Kind, id: String, label: String, usedBy: String,
        users: @escaping @Sendable (Database) throws -> [String]
    ) async throws(ExportsError) {
        try await write { db in
            guard try Self.exists(db, kind, id: id) else {
                throw ExportsError(.notFound, "\(label) \(id) does not exist")
            }
            let using = try users(db)
            guard using.isEmpty else {
                throw ExportsError(
                    .conflict, "\(label) \(id) is used by \(usedBy) \(using.joined(separator: ", ")); delete that first"
                )
            }
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

    private func documents<T: Decodable & Sendable>(_ kind: Kind, as type: T.Type) async throws(ExportsError) -> [T] {
        try await read { db in try Self.documents(db, kind, as: type) }
    }

    static func documents<T: Decodable>(_ db: Database, _ kind: Kind, as type: T.Type) throws -> [T] {
        try String.fetchAll(
            db, sql: "SELECT document FROM export_entities WHERE kind = ? ORDER BY id", arguments: [kind.rawValue]
        ).map { try decode(type, $0) }
    }

    static func exists(_ db: Database, _ kind: Kind, id: String) throws -> Bool {
        try Bool.fetchOne(
            db, sql: "SELECT EXISTS(SELECT 1 FROM export_entities WHERE kind = ? AND id = ?)",
            arguments: [kind.rawValue, id]) ?? false
    }
}
