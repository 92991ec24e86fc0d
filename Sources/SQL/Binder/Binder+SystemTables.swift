import Columnar

/// `pg_catalog` and `information_schema` tables where a FROM clause names them, and `COLLATE`.
extension Binder {
    /// The system table `name` names: `pg_catalog.x`, `information_schema.x`, or an unqualified `pg_catalog`
    /// table (PostgreSQL searches `pg_catalog` before `public`). Nil for other names.
    func bindSystemTable(_ name: ObjectName, alias: TableAlias?) throws -> (LogicalPlan, Scope)? {
        guard let table = try SystemTables.resolve(name) else { return nil }
        let provider = try table.provider(catalogSnapshot())
        let columns = provider.schema.fields.map { PlanColumn($0.name, SQLType($0.type)) }
        let plan = LogicalPlan(
            .scan(table: provider, columns: Array(provider.schema.fields.indices), filters: []), columns: columns)
        var (aliasedPlan, scope) = try aliased(plan, table: table.name, alias: alias)
        for index in table.regprocColumns { scope.columns[index].objectIdentifier = .regproc }
        return (aliasedPlan, scope)
    }

    /// `x COLLATE "default" | "C" | "POSIX"` (with or without `pg_catalog.`): the engine's only collation, C
    /// (which is also the reference cluster's default). Other collations are `0A000`.
    func bindCollate(_ bound: BoundExpression, _ collation: ObjectName, at position: SourcePosition) throws
        -> BoundExpression
    {
        let value = bound.type == .unknown ? try Operators.coerce(bound, to: .text) : bound
        guard value.type.isString else {
            throw SQLError(
                .datatypeMismatch, "collations are not supported by type \(value.type)", position: position.reported)
        }
        let parts = collation.parts
        guard let last = parts.last, parts.count == 1 || (parts.count == 2 && parts[0].value == "pg_catalog"),
            ["default", "C", "POSIX"].contains(last.value) || (!last.quoted && last.value == "c")
        else {
            throw Binder.unsupported("COLLATE \(collation) (the engine compares text in the C collation)", position)
        }
        return value
    }
}

extension SystemTables {
    static func resolve(_ name: ObjectName) throws -> SystemTable? {
        let parts = name.parts
        func lookup(_ identifier: Identifier, in schema: SystemTable.Schema) -> SystemTable? {
            SystemTables.all.first { $0.schema == schema && NameMatch.matches(identifier, $0.name) }
        }
        if parts.count == 1, let identifier = parts.first { return lookup(identifier, in: .pgCatalog) }
        guard parts.count == 2 else { return nil }
        let schema: SystemTable.Schema
        switch parts[0].value {
        case "pg_catalog": schema = .pgCatalog
        case "information_schema": schema = .informationSchema
        default: return nil
        }
        if let table = lookup(parts[1], in: schema) { return table }
        if schema == .pgCatalog, parts[1].value.hasPrefix("pg_") {
            throw SQLError(
                .featureNotSupported, "system table \"\(name)\" is not supported", position: name.position.reported)
        }
        throw SQLError(.undefinedTable, "relation \"\(name)\" does not exist", position: name.position.reported)
    }
}
