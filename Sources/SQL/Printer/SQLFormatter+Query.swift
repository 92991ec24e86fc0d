/// Queries, FROM items and their clauses.
extension SQLFormatter {
    public func query(_ query: Query) -> String {
        var parts: [String] = []
        if let with = query.with { parts.append(self.with(with)) }
        switch query.body {
        case let .query(inner): parts.append("(" + self.query(inner) + ")")
        default: parts.append(body(query.body))
        }
        if !query.orderBy.isEmpty { parts.append("ORDER BY " + orderList(query.orderBy)) }
        if let limit = query.limit {
            if query.withTies {
                parts.append("FETCH FIRST " + fetchCount(limit) + " ROWS WITH TIES")
            } else {
                parts.append("LIMIT " + expression(limit))
            }
        }
        if let offset = query.offset { parts.append("OFFSET " + expression(offset)) }
        return parts.joined(separator: " ")
    }

    /// FETCH takes a `c_expr`: a constant, a name, or something in parentheses.
    func fetchCount(_ count: Expression) -> String {
        switch count.kind {
        case .literal, .column, .parameter: expression(count)
        default: "(" + expression(count) + ")"
        }
    }

    func with(_ with: With) -> String {
        let tables = with.tables.map { table in
            var text = Self.identifier(table.name)
            if !table.columns.isEmpty { text += "(" + names(table.columns) + ")" }
            text += " AS "
            if let materialized = table.materialized { text += materialized ? "MATERIALIZED " : "NOT MATERIALIZED " }
            return text + "(" + query(table.query) + ")"
        }
        return "WITH " + (with.recursive ? "RECURSIVE " : "") + tables.joined(separator: ", ")
    }

    public func body(_ body: QueryBody) -> String {
        switch body {
        case let .select(select):
            return self.select(select)
        case let .values(rows, _):
            return "VALUES "
                + rows.map { "(" + $0.map(expression).joined(separator: ", ") + ")" }.joined(separator: ", ")
        case let .table(name):
            return "TABLE " + objectName(name)
        case let .setOperation(operation):
            return operand(operation.left) + " " + operation.op.rawValue + (operation.all ? " ALL " : " ")
                + operand(operation.right)
        case let .query(query):
            return "(" + self.query(query) + ")"
        }
    }

    func operand(_ body: QueryBody) -> String {
        switch body {
        case let .query(query): "(" + self.query(query) + ")"
        default: "(" + self.body(body) + ")"
        }
    }

    func select(_ select: Select) -> String {
        var text = "SELECT"
        switch select.distinct {
        case .all: text += " DISTINCT"
        case let .on(expressions): text += " DISTINCT ON (" + expressions.map(expression).joined(separator: ", ") + ")"
        case nil: break
        }
        if !select.items.isEmpty {
            text +=
                " "
                + select.items.map { item in
                    expression(item.expression) + (item.alias.map { " AS " + Self.identifier($0) } ?? "")
                }.joined(separator: ", ")
        }
        if !select.from.isEmpty { text += " FROM " + select.from.map(tableReference).joined(separator: ", ") }
        if let filter = select.filter { text += " WHERE " + expression(filter) }
        if let groupBy = select.groupBy {
            text +=
                " GROUP BY " + (groupBy.distinct ? "DISTINCT " : "")
                + groupBy.elements.map(groupingElement).joined(separator: ", ")
        }
        if let having = select.having { text += " HAVING " + expression(having) }
        if !select.windows.isEmpty {
            text +=
                " WINDOW "
                + select.windows.map { Self.identifier($0.name) + " AS " + windowSpecification($0.specification) }
                .joined(separator: ", ")
        }
        return text
    }

    func groupingElement(_ element: GroupingElement) -> String {
        switch element {
        case let .expression(expression): self.expression(expression)
        case .empty: "()"
        case let .rollup(items): "ROLLUP (" + items.map(expression).joined(separator: ", ") + ")"
        case let .cube(items): "CUBE (" + items.map(expression).joined(separator: ", ") + ")"
        case let .groupingSets(elements):
            "GROUPING SETS (" + elements.map(groupingElement).joined(separator: ", ") + ")"
        }
    }

    func orderList(_ items: [OrderItem]) -> String {
        items.map { item in
            var text = expression(item.expression)
            if let direction = item.direction { text += " " + direction.rawValue }
            if let nulls = item.nulls { text += " " + nulls.rawValue }
            return text
        }.joined(separator: ", ")
    }

    func alias(_ alias: TableAlias?) -> String {
        guard let alias else { return "" }
        var text = " AS " + Self.identifier(alias.name)
        if !alias.columns.isEmpty { text += "(" + names(alias.columns) + ")" }
        return text
    }

    public func tableReference(_ reference: TableReference) -> String {
        switch reference {
        case let .table(name, alias):
            return objectName(name) + self.alias(alias)
        case let .subquery(query, alias, lateral, _):
            return (lateral ? "LATERAL " : "") + "(" + self.query(query) + ")" + self.alias(alias)
        case let .function(call, withOrdinality, alias, lateral, _):
            return (lateral ? "LATERAL " : "") + function(call) + (withOrdinality ? " WITH ORDINALITY" : "")
                + self.alias(alias)
        case let .join(join):
            let text = self.join(join)
            return join.alias == nil ? text : "(" + text + ")" + self.alias(join.alias)
        }
    }

    func join(_ join: Join) -> String {
        var text =
            joinOperand(join.left) + " " + (join.natural ? "NATURAL " : "") + join.kind.rawValue + " "
            + joinOperand(join.right)
        switch join.condition {
        case let .on(condition): text += " ON " + expression(condition)
        case let .using(columns): text += " USING (" + names(columns) + ")"
        case nil: break
        }
        return text
    }

    func joinOperand(_ reference: TableReference) -> String {
        if case let .join(join) = reference, join.alias == nil { return "(" + self.join(join) + ")" }
        return tableReference(reference)
    }

    func windowSpecification(_ spec: WindowSpecification) -> String {
        if spec.isReference, let name = spec.name { return Self.identifier(name) }
        var parts: [String] = []
        if let name = spec.name { parts.append(Self.identifier(name)) }
        if !spec.partitionBy.isEmpty {
            parts.append("PARTITION BY " + spec.partitionBy.map(expression).joined(separator: ", "))
        }
        if !spec.orderBy.isEmpty { parts.append("ORDER BY " + orderList(spec.orderBy)) }
        if let frame = spec.frame {
            var text = frame.units.rawValue + " "
            if let end = frame.end {
                text += "BETWEEN " + bound(frame.start) + " AND " + bound(end)
            } else {
                text += bound(frame.start)
            }
            if let exclusion = frame.exclusion { text += " " + exclusion.rawValue }
            parts.append(text)
        }
        return "(" + parts.joined(separator: " ") + ")"
    }

    func bound(_ bound: WindowFrame.Bound) -> String {
        switch bound {
        case .unboundedPreceding: "UNBOUNDED PRECEDING"
        case let .preceding(offset): expression(offset) + " PRECEDING"
        case .currentRow: "CURRENT ROW"
        case let .following(offset): expression(offset) + " FOLLOWING"
        case .unboundedFollowing: "UNBOUNDED FOLLOWING"
        }
    }
}
