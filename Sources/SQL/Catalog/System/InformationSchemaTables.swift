import Columnar

/// `information_schema`: `schemata`, `tables`, `columns`, `views` (PostgreSQL's system views; their domain types
/// `sql_identifier`, `character_data`, `yes_or_no` are text here, `cardinal_number` integer).
enum InformationSchemaTables {
    static let all: [SystemTable] = [
        SystemTable(
            .informationSchema, "schemata", oid: 13300, kind: "v",
            """
            catalog_name schema_name schema_owner default_character_set_catalog default_character_set_schema \
            default_character_set_name sql_path
            """,
            rows: { snapshot in
                ["information_schema", "pg_catalog", "public"].map { schema in
                    [
                        .text(snapshot.session.database), .text(schema), .text(snapshot.session.user), .null, .null,
                        .null, .null,
                    ]
                }
            }),
        SystemTable(
            .informationSchema, "tables", oid: 13301, kind: "v",
            """
            table_catalog table_schema table_name table_type self_referencing_column_name reference_generation \
            user_defined_type_catalog user_defined_type_schema user_defined_type_name is_insertable_into is_typed \
            commit_action
            """,
            rows: { snapshot in
                snapshot.relations.map { relation in
                    [
                        .text(snapshot.session.database), .text(CatalogSnapshot.namespaceName(relation.namespace)),
                        .text(relation.name), .text(relation.kind == "v" ? "VIEW" : "BASE TABLE"), .null, .null,
                        .null, .null, .null, .text("NO"), .text("NO"), .null,
                    ]
                }
            }),
        SystemTable(
            .informationSchema, "columns", oid: 13302, kind: "v",
            """
            table_catalog table_schema table_name column_name ordinal_position:i4 column_default is_nullable \
            data_type character_maximum_length:i4 character_octet_length:i4 numeric_precision:i4 \
            numeric_precision_radix:i4 numeric_scale:i4 datetime_precision:i4 interval_type interval_precision:i4 \
            character_set_catalog character_set_schema character_set_name collation_catalog collation_schema \
            collation_name domain_catalog domain_schema domain_name udt_catalog udt_schema udt_name scope_catalog \
            scope_schema scope_name maximum_cardinality:i4 dtd_identifier is_self_referencing is_identity \
            identity_generation identity_start identity_increment identity_maximum identity_minimum identity_cycle \
            is_generated generation_expression is_updatable
            """,
            rows: columnRows),
        SystemTable(
            .informationSchema, "views", oid: 13303, kind: "v",
            """
            table_catalog table_schema table_name view_definition check_option is_updatable is_insertable_into \
            is_trigger_updatable is_trigger_deletable is_trigger_insertable_into
            """,
            rows: { snapshot in
                snapshot.relations.filter { $0.kind == "v" }.map { relation in
                    [
                        .text(snapshot.session.database), .text(CatalogSnapshot.namespaceName(relation.namespace)),
                        .text(relation.name), .text(relation.definition), .text("NONE"), .text("NO"), .text("NO"),
                        .text("NO"), .text("NO"), .text("NO"),
                    ]
                }
            }),
    ]

    static func columnRows(_ snapshot: CatalogSnapshot) -> [[Value]] {
        var rows: [[Value]] = []
        for relation in snapshot.relations {
            for (index, column) in relation.columns.enumerated() {
                let facts = ColumnFacts(column.type)
                let udt = PGTypeCatalog.byOID[column.type.postgresTypeOID]?.name ?? "text"
                rows.append([
                    .text(snapshot.session.database), .text(CatalogSnapshot.namespaceName(relation.namespace)),
                    .text(relation.name), .text(column.name), .number(index + 1), .null,
                    .text(column.nullable ? "YES" : "NO"), .text(facts.dataType), facts.maximumLength,
                    facts.octetLength, facts.precision, facts.radix, facts.scale, facts.datetimePrecision, .null,
                    .null, .null, .null, .null, .null, .null, .null, .null, .null, .null,
                    .text(snapshot.session.database), .text("pg_catalog"), .text(udt), .null, .null, .null, .null,
                    .text(String(index + 1)), .text("NO"), .text("NO"), .null, .null, .null, .null, .null,
                    .text("NO"), .text("NEVER"), .null, .text(relation.kind == "r" ? "YES" : "NO"),
                ])
            }
        }
        return rows
    }
}

/// What `information_schema.columns` says about a type (PostgreSQL's `_pg_char_max_length`,
/// `_pg_numeric_precision` and friends).
struct ColumnFacts {
    var dataType: String
    var maximumLength: Value = .null
    var octetLength: Value = .null
    var precision: Value = .null
    var radix: Value = .null
    var scale: Value = .null
    var datetimePrecision: Value = .null

    init(_ type: SQLType) {
        dataType = type.description
        switch type {
        case .smallint: (precision, radix, scale) = (.number(16), .number(2), .number(0))
        case .integer: (precision, radix, scale) = (.number(32), .number(2), .number(0))
        case .bigint: (precision, radix, scale) = (.number(64), .number(2), .number(0))
        case .real: (precision, radix) = (.number(24), .number(2))
        case .double: (precision, radix) = (.number(53), .number(2))
        case let .numeric(p, s):
            (dataType, radix) = ("numeric", .number(10))
            if let p { (precision, scale) = (.number(p), .number(s)) }
        case let .varchar(length), let .bpchar(length):
            dataType = type.isVarchar ? "character varying" : "character"
            if let length {
                maximumLength = .number(length)
                octetLength = .number(length * 4)
            } else {
                octetLength = .number(1_073_741_824)
            }
        case .text, .map:
            dataType = "text"
            octetLength = .number(1_073_741_824)
        case .date: datetimePrecision = .number(0)
        case .time, .timestamp, .interval: datetimePrecision = .number(6)
        case .array: dataType = "ARRAY"
        case .record: dataType = "USER-DEFINED"
        default: break
        }
    }
}

extension SQLType {
    fileprivate var isVarchar: Bool {
        if case .varchar = self { return true }
        return false
    }
}
