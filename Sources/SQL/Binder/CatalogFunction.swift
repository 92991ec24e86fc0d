import Columnar

/// The `reg*` object identifier types (`regclass`, ...): values are OIDs (`bigint` here) that print as names.
public enum ObjectIdentifierKind: String, Hashable, Sendable, CaseIterable {
    case regclass, regtype, regnamespace, regrole, regproc, regprocedure, regoper, regoperator, regconfig
    case regdictionary, regcollation
}

/// The catalog functions' kernels (`Functions+Catalog.swift`); what they need of the catalog is bound into
/// the function when the statement is bound.
public enum CatalogFunction: Hashable, Sendable {
    /// A `reg*` value: its OID unchanged (the marker the binder reads for casts to text and for output).
    case objectIdentifier(ObjectIdentifierKind)
    /// A `reg*` value as text: its name, or the number when no object has that OID (as PostgreSQL prints).
    case objectName([Int64: String])
    /// `format_type(oid, typmod)` (not strict in the modifier).
    case formatType
    /// `pg_get_userbyid(oid)`: the session's user for role 10, `unknown (OID=n)` otherwise.
    case userName(String)
    /// `pg_table_is_visible` and friends: true for a known OID, NULL otherwise (PostgreSQL 15).
    case visible(Set<Int64>)
    /// A constant answer for non-NULL arguments (`has_table_privilege`, `pg_relation_is_publishable`).
    case answer(Bool)
    /// `pg_get_viewdef(oid)`: the view's query, NULL for other OIDs.
    case viewDefinition([Int64: String])
    /// `pg_get_expr(text, oid)`: the stored expression's text (every stored expression is NULL here).
    case expressionText
    /// `pg_encoding_to_char(int)`.
    case encodingName
    /// `current_schemas(bool)`.
    case currentSchemas
}

enum CatalogKernels {
    static func apply(_ function: CatalogFunction, _ values: [Datum]) throws -> Datum {
        if case .formatType = function {
            guard case let .int(oid) = values[0], let oid32 = UInt32(exactly: oid) else {
                return values[0].isNull ? .null : .text("???")
            }
            var typmod: Int32?
            if values.count > 1, case let .int(value) = values[1] { typmod = Int32(truncatingIfNeeded: value) }
            return .text(PGTypeCatalog.format(oid32, typmod: typmod))
        }
        if values.contains(where: \.isNull) { return .null }
        switch function {
        case .objectIdentifier, .expressionText:
            return values[0]
        case let .objectName(names):
            guard case let .int(oid) = values[0] else { return .null }
            return .text(names[oid] ?? (oid == 0 ? "-" : String(oid)))
        case .formatType:
            return .null
        case let .userName(user):
            guard case let .int(oid) = values[0] else { return .null }
            return .text(oid == Int64(SystemNamespace.owner) ? user : "unknown (OID=\(oid))")
        case let .visible(known):
            guard case let .int(oid) = values[0] else { return .null }
            return known.contains(oid) ? .boolean(true) : .null
        case let .answer(value):
            return .boolean(value)
        case let .viewDefinition(definitions):
            guard case let .int(oid) = values[0] else { return .null }
            return definitions[oid].map { .text($0) } ?? .null
        case .encodingName:
            guard case let .int(code) = values[0] else { return .null }
            return .text(code == 6 ? "UTF8" : code == 0 ? "SQL_ASCII" : "")
        case .currentSchemas:
            guard case let .boolean(implicit) = values[0] else { return .null }
            let schemas = implicit ? ["pg_catalog", "public"] : ["public"]
            return .nested(.list(schemas.map { .string($0) }))
        }
    }
}
