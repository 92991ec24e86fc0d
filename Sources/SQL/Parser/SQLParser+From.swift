/// FROM items and joins. Joins are left-associative; a qualified join's right side extends over further joins
/// until its own ON/USING (`a JOIN b JOIN c ON x ON y`), as PostgreSQL's grammar reads it.
extension SQLParser {
    mutating func parseFromList() throws(SQLError) -> [TableReference] {
        var items = [try parseTableReference()]
        while accept(.comma) { items.append(try parseTableReference()) }
        return items
    }

    mutating func parseTableReference(startingWith first: TableReference? = nil) throws(SQLError) -> TableReference {
        try enter()
        defer { leave() }
        var left: TableReference
        if let first {
            left = first
        } else {
            left = try parseTablePrimary()
        }
        while true {
            let at = current.position
            if accept(.natural) {
                let kind = try parseJoinKind(allowCross: false)
                let right = try parseTablePrimary()
                left = .join(Join(kind, natural: true, left: left, right: right, at: at))
            } else if isKeyword(.cross) {
                advance()
                try expect(.join)
                let right = try parseTablePrimary()
                left = .join(Join(.cross, left: left, right: right, at: at))
            } else if isKeyword(in: [.join, .inner, .left, .right, .full]) || isAsOfJoin() {
                let kind = try parseJoinKind(allowCross: false)
                let right = try parseTableReference()
                let condition: Join.Condition
                if accept(.on) {
                    condition = .on(try parseExpression())
                } else if accept(.using) {
                    condition = .using(try parseIdentifierList())
                    if isKeyword(.as) { throw unsupported("an alias for JOIN USING") }
                } else {
                    throw syntaxError()
                }
                left = .join(Join(kind, left: left, right: right, condition: condition, at: at))
            } else {
                return left
            }
        }
    }

    /// `ASOF [LEFT] JOIN` (DuckDB's syntax): `asof` is no PostgreSQL keyword, so it counts only before JOIN.
    func isAsOfJoin() -> Bool {
        guard isWord("asof") else { return false }
        if isKeyword(.join, at: 1) { return true }
        return isKeyword(.left, at: 1)
            && (isKeyword(.join, at: 2) || (isKeyword(.outer, at: 2) && isKeyword(.join, at: 3)))
    }

    /// `[INNER] JOIN`, `LEFT|RIGHT|FULL [OUTER] JOIN`, `ASOF [LEFT] JOIN`.
    mutating func parseJoinKind(allowCross: Bool) throws(SQLError) -> Join.Kind {
        var kind = Join.Kind.inner
        if isAsOfJoin() {
            advance()
            if accept(.left) {
                _ = accept(.outer)
                kind = .asOfLeft
            } else {
                kind = .asOf
            }
        } else if accept(.inner) {
            kind = .inner
        } else if accept(.left) {
            _ = accept(.outer)
            kind = .left
        } else if accept(.right) {
            _ = accept(.outer)
            kind = .right
        } else if accept(.full) {
            _ = accept(.outer)
            kind = .full
        }
        try expect(.join)
        return kind
    }

    mutating func parseTablePrimary() throws(SQLError) -> TableReference {
        let token = current
        let at = token.position
        switch token.kind {
        case .keyword(.lateral):
            advance()
            if isToken(.leftParen) {
                guard startsQuery(at: 1) || isToken(.leftParen, at: 1) else { throw syntaxError(at: peek()) }
                let query = try parseParenthesizedQuery()
                return .subquery(query, alias: try parseAlias(), lateral: true, at: at)
            }
            let name = try parseFunctionName()
            guard isToken(.leftParen) else { throw syntaxError() }
            return try parseTableFunction(name, lateral: true, at: at)
        case .leftParen:
            switch try parseParenthesizedFromItem() {
            case let .query(query):
                return .subquery(query, alias: try parseAlias(), lateral: false, at: at)
            case let .table(.join(join)):
                var join = join
                if let alias = try parseAlias() {
                    if join.alias != nil { throw syntaxError() }
                    join.alias = alias
                }
                return .join(join)
            case .table:
                throw syntaxError()
            }
        case .keyword(.only):
            throw unsupported("ONLY")
        case .keyword(.rows) where isKeyword(.from, at: 1):
            throw unsupported("ROWS FROM")
        default:
            guard isTypeFunctionName() || isColumnIdentifier() else { throw syntaxError() }
            if !isColumnIdentifier(), !isToken(.leftParen, at: 1) { throw syntaxError() }
            let name = try parseFunctionName()
            if isToken(.leftParen) { return try parseTableFunction(name, lateral: false, at: at) }
            if isOperator("*") { throw unsupported("table inheritance (\"*\")") }
            if isKeyword(.tablesample) { throw unsupported("TABLESAMPLE") }
            return .table(name, alias: try parseAlias())
        }
    }

    /// A possibly qualified name that may name a function (`type_function_name`) or a table.
    mutating func parseFunctionName() throws(SQLError) -> ObjectName {
        let at = current.position
        guard isTypeFunctionName() || isColumnIdentifier(), let head = identifier(of: current) else {
            throw syntaxError()
        }
        advance()
        var parts = [head]
        while isToken(.dot), identifier(of: peek()) != nil {
            advance()
            parts.append(try parseLabel())
        }
        return ObjectName(parts, position: at)
    }

    mutating func parseTableFunction(_ name: ObjectName, lateral: Bool, at: SourcePosition) throws(SQLError)
        -> TableReference
    {
        let call = try parseFunctionCall(name)
        if call.over != nil { throw SQLError.syntax("window functions are not allowed in FROM", at: at.offset) }
        var ordinality = false
        if isKeyword(.with), isKeyword(.ordinality, at: 1) {
            advance()
            advance()
            ordinality = true
        }
        return .function(call, withOrdinality: ordinality, alias: try parseAlias(), lateral: lateral, at: at)
    }

    enum ParenthesizedFromItem {
        case query(Query)
        case table(TableReference)
    }

    /// `( ... )` in FROM: a subquery, a parenthesized join, or more parentheses around either.
    mutating func parseParenthesizedFromItem() throws(SQLError) -> ParenthesizedFromItem {
        try enter()
        defer { leave() }
        let at = current.position
        try expect(.leftParen)
        if startsQuery() {
            let query = try parseQuery()
            try expect(.rightParen)
            return .query(query)
        }
        var reference: TableReference
        if isToken(.leftParen) {
            let innerAt = current.position
            switch try parseParenthesizedFromItem() {
            case let .query(query):
                if continuesQuery() {
                    let whole = try parseQuery(continuing: query, at: at)
                    try expect(.rightParen)
                    return .query(whole)
                }
                if accept(.rightParen) { return .query(query) }
                let alias = try parseAlias()
                reference = try parseTableReference(
                    startingWith: .subquery(query, alias: alias, lateral: false, at: innerAt))
            case let .table(inner):
                var first = inner
                if case var .join(join) = inner, let alias = try parseAlias() {
                    join.alias = alias
                    first = .join(join)
                }
                reference = try parseTableReference(startingWith: first)
            }
        } else {
            reference = try parseTableReference()
        }
        guard case .join = reference else { throw syntaxError() }
        try expect(.rightParen)
        return .table(reference)
    }

    /// `[AS] name [(columns)]`; nil when absent.
    mutating func parseAlias() throws(SQLError) -> TableAlias? {
        if accept(.as) {
            let name = try parseColumnIdentifier()
            return TableAlias(name, columns: isToken(.leftParen) ? try parseIdentifierList() : [])
        }
        guard isColumnIdentifier(), !isAsOfJoin() else { return nil }
        let name = try parseColumnIdentifier()
        return TableAlias(name, columns: isToken(.leftParen) ? try parseIdentifierList() : [])
    }
}
