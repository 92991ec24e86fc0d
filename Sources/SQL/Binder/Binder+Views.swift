extension Binder {
    /// Views nest at most this deep (a view defined, through others, by itself fails instead of recursing).
    static let maxViewDepth = 32

    /// The plan of the view `name` names (unquoted names match case-insensitively, as tables do), or nil when
    /// no view has that name. The view's query is bound afresh, without the caller's CTEs.
    func bindView(_ name: ObjectName, alias: TableAlias?) throws -> (LogicalPlan, Scope)? {
        let names = catalog.viewNames
        if names.isEmpty { return nil }
        var parts = name.parts
        if parts.count == 2, parts[0].value == "public" { parts.removeFirst() }
        guard parts.count == 1, let identifier = parts.first else { return nil }
        let stored: String
        switch NameMatch.match(identifier, in: names) {
        case let .found(index): stored = names[index]
        case .ambiguous:
            throw SQLError(
                .ambiguousColumn, "table name \"\(identifier.original)\" is ambiguous",
                position: name.position.reported)
        case .notFound: return nil
        }
        guard let view = catalog.view(named: stored) else { return nil }
        guard viewDepth < Binder.maxViewDepth else {
            throw SQLError(
                SQLState("42P17"), "infinite recursion detected in rules for relation \"\(view.name)\"",
                position: name.position.reported)
        }
        var inner = Binder(catalog: catalog)
        inner.viewDepth = viewDepth + 1
        inner.state = state
        inner.recursionLimits = recursionLimits
        var plan = try inner.bindQuery(view.query)
        for (index, column) in view.columns.enumerated() where index < plan.columns.count {
            plan.columns[index].name = column
        }
        return try aliased(plan, table: view.name, alias: alias)
    }
}
