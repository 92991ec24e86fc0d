import Columnar

/// A table of `pg_catalog` or `information_schema`: its columns (PostgreSQL's names; `oid` columns are
/// `bigint`, `name` and `"char"` columns `text`, `regproc` columns `pg_proc` OIDs shown as names) and its rows,
/// made from a `CatalogSnapshot` when a statement names it.
struct SystemTable: Sendable {
    enum Schema: Sendable {
        case pgCatalog, informationSchema

        var name: String { self == .pgCatalog ? "pg_catalog" : "information_schema" }
        var oid: UInt32 { self == .pgCatalog ? SystemNamespace.pgCatalog : SystemNamespace.informationSchema }
    }

    var schema: Schema
    var name: String
    var oid: UInt32
    /// `r` for PostgreSQL's catalog tables, `v` for its system views.
    var kind: Character
    var columns: [Field]
    /// Columns of type `regproc` (code `p`): function OIDs that the binder marks, so they print as names.
    var regprocColumns: Set<Int>
    var rows: @Sendable (CatalogSnapshot) -> [[Value]]

    /// Columns written `name:code`: `o` oid (bigint), `t` text (also name and "char"), `b` boolean, `i2` and
    /// `i4` integers, `i8` bigint, `f4` real, `T` text[], `I` int2[] (integer[]), `O` oid[] (bigint[]), `p` regproc (a
    /// bigint OID of `pg_proc` that prints as the function's name).
    init(
        _ schema: Schema, _ name: String, oid: UInt32, kind: Character = "r", _ columns: String,
        rows: @escaping @Sendable (CatalogSnapshot) -> [[Value]] = { _ in [] }
    ) {
        self.schema = schema
        self.name = name
        self.oid = oid
        self.kind = kind
        let specs = columns.split(separator: " ").map { spec in
            let parts = spec.split(separator: ":")
            return (String(parts[0]), parts.count > 1 ? String(parts[1]) : "t")
        }
        self.columns = specs.map { Field($0.0, SystemTable.dataType($0.1)) }
        self.regprocColumns = Set(specs.indices.filter { specs[$0].1 == "p" })
        self.rows = rows
    }

    static func dataType(_ code: String) -> DataType {
        switch code {
        case "o", "i8", "p": return .int64
        case "b": return .boolean
        case "i2", "i4": return .int32
        case "f4": return .float32
        case "T": return .list(Field("element", .string))
        case "I": return .list(Field("element", .int32))
        case "O": return .list(Field("element", .int64))
        default: return .string
        }
    }

    /// The table with its rows now.
    func provider(_ snapshot: CatalogSnapshot) throws -> InMemoryTable {
        do {
            return try InMemoryTable(name: name, schema: Columnar.Schema(columns), rows: rows(snapshot))
        } catch {
            throw SQLError(SQLState("XX000"), "cannot build \(schema.name).\(name): \(error)")
        }
    }
}

/// The OIDs of the schemas (PostgreSQL's for `pg_catalog` and `public`).
enum SystemNamespace {
    static let pgCatalog: UInt32 = 11
    static let publicSchema: UInt32 = 2200
    static let informationSchema: UInt32 = 13207
    /// The one role: the session's user, owner of everything (PostgreSQL's bootstrap superuser OID).
    static let owner: UInt32 = 10
}

/// Shorthands for system table rows.
extension Value {
    static func text(_ text: String?) -> Value { text.map { .string($0) } ?? .null }
    static func oid(_ oid: UInt32) -> Value { .int(Int64(oid)) }
    static func number(_ value: Int) -> Value { .int(Int64(value)) }
    static func flag(_ char: Character) -> Value { .string(String(char)) }
}
