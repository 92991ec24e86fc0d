import Columnar

/// The rows of `pg_class`, `pg_attribute` and `pg_type`.
enum PGClassRows {
    static func pgClass(_ snapshot: CatalogSnapshot) -> [[Value]] {
        snapshot.relations.map { relation in
            let table = relation.kind == "r"
            return [
                .oid(relation.oid), .text(relation.name), .oid(relation.namespace), .oid(0), .oid(0),
                .oid(SystemNamespace.owner), .oid(table ? 2 : 0), .oid(0), .oid(0), .number(0),
                .float(Double(relation.rowCount)), .number(0), .oid(0), .boolean(false), .boolean(false),
                .text("p"), .flag(relation.kind), .number(relation.columns.count), .number(0), .boolean(!table),
                .boolean(false), .boolean(false), .boolean(false), .boolean(false), .boolean(true),
                .text(table ? "d" : "n"), .boolean(false), .oid(0), .null, .null, .null,
            ]
        }
    }

    static func pgAttribute(_ snapshot: CatalogSnapshot) -> [[Value]] {
        var rows: [[Value]] = []
        for relation in snapshot.relations {
            for (index, column) in relation.columns.enumerated() {
                let oid = column.type.postgresTypeOID
                let type = PGTypeCatalog.byOID[oid]
                let dimensions: Int = {
                    var count = 0
                    var current = column.type
                    while case let .array(element) = current {
                        count += 1
                        current = SQLType(field: element)
                    }
                    return count
                }()
                rows.append([
                    .oid(relation.oid), .text(column.name), .oid(oid), .number(-1), .number(type?.length ?? -1),
                    .number(index + 1), .number(dimensions), .number(-1), .number(Int(column.type.postgresTypmod)),
                    .boolean(type?.byValue ?? false), .flag(type?.align ?? "i"), .flag(type?.storage ?? "x"),
                    .text(""), .boolean(!column.nullable), .boolean(false), .boolean(false), .text(""), .text(""),
                    .boolean(false), .boolean(true), .number(0), .oid(type?.collation ?? 0), .null, .null, .null,
                ])
            }
        }
        return rows
    }

    static func pgType() -> [[Value]] {
        PGTypeCatalog.types.map { type in
            let io = type.io + Array(repeating: "-", count: max(0, 6 - type.io.count))
            return [
                .oid(type.oid), .text(type.name), .oid(SystemNamespace.pgCatalog), .oid(SystemNamespace.owner),
                .number(type.length), .boolean(type.byValue), .flag(type.kind), .flag(type.category),
                .boolean(type.preferred), .boolean(true), .text(","), .oid(0), .oid(type.element), .oid(type.array),
                .oid(PGProcCatalog.oid(io[0])), .oid(PGProcCatalog.oid(io[1])), .oid(PGProcCatalog.oid(io[2])),
                .oid(PGProcCatalog.oid(io[3])), .oid(PGProcCatalog.oid(io[4])), .oid(PGProcCatalog.oid(io[5])),
                .oid(type.category == "A" && type.element != 0 ? PGProcCatalog.oid("array_typanalyze") : 0),
                .flag(type.align),
                .flag(type.storage), .boolean(false), .oid(0), .number(-1), .number(0), .oid(type.collation),
                .null, .null, .null,
            ]
        }
    }
}

/// The rows of `pg_proc`: the functions `pg_type` names, in `pg_catalog`, internal language, immutable.
enum PGProcRows {
    static func rows(_ snapshot: CatalogSnapshot) -> [[Value]] {
        PGProcCatalog.procs.map { proc in
            [
                .oid(proc.oid), .text(proc.name), .oid(SystemNamespace.pgCatalog), .oid(SystemNamespace.owner),
                .oid(12), .float(1), .float(0), .oid(0), .text("-"), .flag("f"), .boolean(false), .boolean(false),
                .boolean(true), .boolean(false), .flag("i"), .flag("s"), .number(proc.arguments.count), .number(0),
                .oid(proc.returns), .list(proc.arguments.map { .oid($0) }), .null, .null, .null, .null,
                .text(proc.name), .null, .null, .null,
            ]
        }
    }
}

/// The rows of `pg_settings`: the engine's fixed settings, the session's time zone and the session's own.
enum PGSettingsRows {
    static func rows(_ snapshot: CatalogSnapshot) -> [[Value]] {
        var values: [String: (String, String)] = [
            "server_version": (PostgresCompatibility.serverVersion, "string"),
            "server_version_num": (PostgresCompatibility.serverVersionNumber, "integer"),
            "server_encoding": ("UTF8", "string"),
            "client_encoding": ("UTF8", "string"),
            "DateStyle": ("ISO, MDY", "string"),
            "IntervalStyle": ("postgres", "enum"),
            "TimeZone": (snapshot.timeZone, "string"),
            "standard_conforming_strings": ("on", "bool"),
            "integer_datetimes": ("on", "bool"),
            "max_identifier_length": ("63", "integer"),
            "search_path": ("\"$user\", public", "string"),
            "lc_collate": ("C", "string"),
            "lc_ctype": ("C.UTF-8", "string"),
            "default_transaction_read_only": ("on", "bool"),
            "transaction_isolation": ("read committed", "enum"),
        ]
        for (name, value) in snapshot.session.settings {
            let known = values.keys.first { $0.lowercased() == name.lowercased() }
            if let known {
                if known != "TimeZone" { values[known] = (value, values[known]?.1 ?? "string") }
            } else {
                values[name] = (value, "string")
            }
        }
        return values.keys.sorted { $0.lowercased() < $1.lowercased() }.map { name in
            let (setting, type) = values[name] ?? ("", "string")
            return [
                .text(name), .text(setting), .null, .text("Outflow"), .text(""), .null, .text("user"), .text(type),
                .text("session"), .text(setting), .text(setting),
            ]
        }
    }
}
