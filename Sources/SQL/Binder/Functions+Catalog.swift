/// The catalog functions SQL tools call while they introspect (`version()`, `current_database()`,
/// `has_*_privilege`, `pg_get_*`, `format_type`, `*_description`, `pg_*_is_visible`): constants where the
/// answer is known when the statement is bound, `CatalogFunction` kernels over the catalog snapshot otherwise.
extension Binder {
    /// The system tables' view of the catalog, made once per statement.
    func catalogSnapshot() -> CatalogSnapshot {
        if let cached = state.catalogSnapshot { return cached }
        let snapshot = CatalogSnapshot(catalog: catalog, timeZone: SessionContext.current.timeZone.name)
        state.catalogSnapshot = snapshot
        return snapshot
    }

    /// `CURRENT_USER`, `SESSION_USER`, `USER`, `CURRENT_ROLE`, `CURRENT_CATALOG`, `CURRENT_SCHEMA`.
    func catalogValueFunction(_ function: ValueFunction, at position: SourcePosition) -> BoundExpression? {
        switch function {
        case .currentUser, .sessionUser, .user, .currentRole:
            return BoundExpression(.literal(.text(catalog.session.user)), .text, at: position)
        case .currentCatalog:
            return BoundExpression(.literal(.text(catalog.session.database)), .text, at: position)
        case .currentSchema:
            return BoundExpression(.literal(.text("public")), .text, at: position)
        default:
            return nil
        }
    }

    func catalogFunction(_ name: String, _ arguments: [BoundExpression], at position: SourcePosition) throws
        -> BoundExpression?
    {
        func constant(_ datum: Datum, _ type: SQLType) -> BoundExpression {
            BoundExpression(.literal(datum), type, at: position)
        }
        func call(_ function: CatalogFunction, _ types: [SQLType], _ result: SQLType) throws -> BoundExpression {
            guard let fitted = try Functions.fit(arguments.map(Binder.oidValue), types) else {
                throw Functions.noFunction(name, arguments, position)
            }
            return BoundExpression(.function(.catalog(function), fitted), result, at: position)
        }
        func nullText(_ counts: ClosedRange<Int>) throws -> BoundExpression {
            guard counts.contains(arguments.count) else { throw Functions.noFunction(name, arguments, position) }
            return constant(.null, .text)
        }
        switch name {
        case "version" where arguments.isEmpty:
            return constant(.text(PostgresCompatibility.versionString), .text)
        case "current_database" where arguments.isEmpty, "current_catalog" where arguments.isEmpty:
            return constant(.text(catalog.session.database), .text)
        case "current_schema" where arguments.isEmpty:
            return constant(.text("public"), .text)
        case "current_user" where arguments.isEmpty, "session_user" where arguments.isEmpty:
            return constant(.text(catalog.session.user), .text)
        case "pg_backend_pid" where arguments.isEmpty:
            return constant(.int(Int64(catalog.session.backendPID)), .integer)
        case "current_schemas":
            return try call(.currentSchemas, [.boolean], .arrayOf(.text))
        case "format_type":
            return try call(.formatType, [.bigint, .integer], .text)
        case "pg_get_userbyid":
            return try call(.userName(catalog.session.user), [.bigint], .text)
        case "pg_encoding_to_char":
            return try call(.encodingName, [.integer], .text)
        case "pg_table_is_visible":
            return try call(.visible(Set(catalogSnapshot().relations.map { Int64($0.oid) })), [.bigint], .boolean)
        case "pg_type_is_visible":
            return try call(.visible(Set(PGTypeCatalog.types.map { Int64($0.oid) })), [.bigint], .boolean)
        case "pg_function_is_visible", "pg_operator_is_visible", "pg_opclass_is_visible", "pg_collation_is_visible",
            "pg_conversion_is_visible", "pg_ts_config_is_visible":
            return try call(.visible([]), [.bigint], .boolean)
        case "pg_get_expr":
            guard arguments.count == 2 || arguments.count == 3 else {
                throw Functions.noFunction(name, arguments, position)
            }
            return try call(.expressionText, Array([SQLType.text, .bigint, .boolean].prefix(arguments.count)), .text)
        case "pg_get_viewdef":
            return try viewDefinition(arguments, at: position)
        case "pg_get_indexdef": return try nullText(1...3)
        case "pg_get_constraintdef", "pg_get_triggerdef", "pg_get_ruledef": return try nullText(1...2)
        case "pg_get_function_result", "pg_get_function_arguments", "pg_get_function_identity_arguments",
            "pg_get_statisticsobjdef_columns", "pg_get_partkeydef":
            return try nullText(1...1)
        case "obj_description", "shobj_description": return try nullText(1...2)
        case "col_description": return try nullText(2...2)
        case "pg_relation_is_publishable":
            guard arguments.count == 1 else { throw Functions.noFunction(name, arguments, position) }
            return try call(.answer(false), [.bigint], .boolean)
        case "has_table_privilege", "has_schema_privilege", "has_database_privilege", "has_column_privilege",
            "has_any_column_privilege":
            return try privilege(name, arguments, at: position)
        case "to_regclass", "to_regtype", "to_regnamespace", "to_regrole":
            guard arguments.count == 1, let kind = ObjectIdentifierKind(rawValue: String(name.dropFirst(3))) else {
                throw Functions.noFunction(name, arguments, position)
            }
            guard let text = Binder.literalText(arguments[0]) else {
                throw Binder.unsupported("\(name) of a value that is not a constant", position)
            }
            let oid = try? objectIdentifier(kind, named: text, at: position)
            return marker(kind, constant(oid.map { .int($0) } ?? .null, .bigint))
        default:
            return nil
        }
    }

    /// A `reg*` value or an `oid` column as the `bigint` it is.
    static func oidValue(_ expression: BoundExpression) -> BoundExpression {
        if case let .function(.catalog(.objectIdentifier), inner) = expression.kind, let value = inner.first {
            return value
        }
        return expression
    }

    static func literalText(_ expression: BoundExpression) -> String? {
        guard expression.type == .unknown || expression.type.isString, case let .literal(.text(text)) = expression.kind
        else { return nil }
        return text
    }

    func viewDefinition(_ arguments: [BoundExpression], at position: SourcePosition) throws -> BoundExpression {
        guard (1...2).contains(arguments.count) else {
            throw Functions.noFunction("pg_get_viewdef", arguments, position)
        }
        let views = catalogSnapshot().relations.filter { $0.kind == "v" }
        if let text = Binder.literalText(arguments[0]) {
            let oid = try objectIdentifier(.regclass, named: text, at: position)
            let definition = views.first { Int64($0.oid) == oid }?.definition
            return BoundExpression(.literal(definition.map { .text($0) } ?? .null), .text, at: position)
        }
        var definitions: [Int64: String] = [:]
        for view in views { definitions[Int64(view.oid)] = view.definition }
        guard let fitted = try Functions.fit([Binder.oidValue(arguments[0])], [.bigint]) else {
            throw Functions.noFunction("pg_get_viewdef", arguments, position)
        }
        return BoundExpression(.function(.catalog(.viewDefinition(definitions)), fitted), .text, at: position)
    }

    /// `has_*_privilege([user,] object, privilege)`: the session may read (SELECT, USAGE, CONNECT) everything
    /// it sees and append to its tables (INSERT, as QueryService's `INSERT` does); nothing else. A named object must exist; the privilege must be a
    /// constant.
    func privilege(_ name: String, _ arguments: [BoundExpression], at position: SourcePosition) throws
        -> BoundExpression
    {
        let column = name == "has_column_privilege"
        let counts = column ? 3...4 : 2...3
        guard counts.contains(arguments.count), let privilegeText = Binder.literalText(arguments[arguments.count - 1])
        else {
            if counts.contains(arguments.count) {
                throw Binder.unsupported("\(name) with a privilege that is not a constant", position)
            }
            throw Functions.noFunction(name, arguments, position)
        }
        let allowed: Set<String>
        let known: Set<String>
        switch name {
        case "has_schema_privilege": (allowed, known) = (["USAGE"], ["USAGE", "CREATE"])
        case "has_database_privilege":
            (allowed, known) = (["CONNECT"], ["CONNECT", "CREATE", "TEMP", "TEMPORARY"])
        default:
            (allowed, known) = (
                ["SELECT", "INSERT"], ["SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "TRIGGER"]
            )
        }
        var granted = true
        for part in privilegeText.split(separator: ",") {
            var word = part.trimmingWhitespace().uppercased()
            if word.hasSuffix(" WITH GRANT OPTION") { word = String(word.dropLast(18)).trimmingWhitespace() }
            guard known.contains(word) else {
                throw SQLError(SQLState("22023"), "unrecognized privilege type: \"\(part.trimmingWhitespace())\"")
            }
            if !allowed.contains(word) { granted = false }
        }
        // The object (after an optional user): a named one must exist.
        let object = arguments[arguments.count == counts.upperBound ? 1 : 0]
        if let text = Binder.literalText(object) {
            switch name {
            case "has_schema_privilege": _ = try objectIdentifier(.regnamespace, named: text, at: position)
            case "has_database_privilege":
                guard catalog.session.databases.contains(text) else {
                    throw SQLError(SQLState("3D000"), "database \"\(text)\" does not exist")
                }
            default: _ = try objectIdentifier(.regclass, named: text, at: position)
            }
        }
        let inputs = arguments.map { Binder.literalText($0) != nil ? BoundExpression.literal(.int(0), .bigint) : $0 }
        return BoundExpression(
            .function(.catalog(.answer(granted)), inputs.map(Binder.oidValue)), .boolean, at: position)
    }
}

extension Substring {
    fileprivate func trimmingWhitespace() -> String {
        String(drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
    }
}

extension String {
    fileprivate func trimmingWhitespace() -> String { Substring(self).trimmingWhitespace() }
}
