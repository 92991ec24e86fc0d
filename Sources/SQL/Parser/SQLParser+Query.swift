/// Queries: WITH, set operations (INTERSECT binds tighter than UNION and EXCEPT), SELECT blocks, VALUES,
/// TABLE, ORDER BY, LIMIT/OFFSET/FETCH.
extension SQLParser {
    /// A whole query (`select_no_parens` or `select_with_parens`).
    mutating func parseQuery() throws(SQLError) -> Query {
        try enter()
        defer { leave() }
        let at = current.position
        var with: With?
        if isKeyword(.with) { with = try parseWith() }
        let body = try parseSetOperations(Self.setLevelLowest, first: nil)
        return try finishQuery(with: with, body: body, at: at)
    }

    /// A query whose first operand, `(first)`, is already parsed (a parenthesized subquery met where an
    /// expression could also stand).
    mutating func parseQuery(continuing first: Query, at: SourcePosition) throws(SQLError) -> Query {
        try enter()
        defer { leave() }
        let body = try parseSetOperations(Self.setLevelLowest, first: Self.operand(first))
        return try finishQuery(with: nil, body: body, at: at)
    }

    static let setLevelLowest = 1

    /// A parenthesized query as a set-operation operand: its body when it has no clauses of its own.
    static func operand(_ query: Query) -> QueryBody { query.isBare ? query.body : .query(query) }

    /// ORDER BY, LIMIT, OFFSET, FETCH after a body; a lone parenthesized query takes them over, as PostgreSQL
    /// merges `(SELECT ... ORDER BY x) LIMIT 1` into one statement.
    mutating func finishQuery(with: With?, body: QueryBody, at: SourcePosition) throws(SQLError) -> Query {
        var query = Query(with: with, body: body, at: at)
        let orderToken = current
        if accept(.order) {
            try expect(.by)
            query.orderBy = try parseOrderList()
        }
        let limitToken = current
        try parseLimitClauses(into: &query)
        if isKeyword(.for) { throw unsupported("SELECT ... FOR UPDATE/SHARE") }
        if query.withTies, query.orderBy.isEmpty {
            throw SQLError.syntax(
                "WITH TIES cannot be specified without ORDER BY clause", at: limitToken.position.offset)
        }
        guard case var .query(inner) = body else { return query }
        if query.with != nil {
            if inner.with != nil { throw SQLError.syntax("multiple WITH clauses not allowed", at: at.offset) }
            inner.with = query.with
        }
        if !query.orderBy.isEmpty {
            if !inner.orderBy.isEmpty {
                throw SQLError.syntax("multiple ORDER BY clauses not allowed", at: orderToken.position.offset)
            }
            inner.orderBy = query.orderBy
        }
        if query.limit != nil || query.withTies {
            if inner.limit != nil {
                throw SQLError.syntax("multiple LIMIT clauses not allowed", at: limitToken.position.offset)
            }
            inner.limit = query.limit
            inner.withTies = query.withTies
        }
        if query.offset != nil {
            if inner.offset != nil {
                throw SQLError.syntax("multiple OFFSET clauses not allowed", at: limitToken.position.offset)
            }
            inner.offset = query.offset
        }
        inner.position = at
        return inner
    }

    /// `LIMIT n|ALL`, `OFFSET n [ROW|ROWS]`, `FETCH FIRST|NEXT [n] ROW|ROWS ONLY|WITH TIES`, in either order.
    mutating func parseLimitClauses(into query: inout Query) throws(SQLError) {
        var sawLimit = false
        var sawOffset = false
        while true {
            let token = current
            if isKeyword(.limit) || isKeyword(.fetch) {
                if sawLimit { throw syntaxError() }
                sawLimit = true
                advance()
                if token.kind == .keyword(.limit) {
                    if accept(.all) { continue }
                    query.limit = try parseExpression()
                    if isToken(.comma) {
                        throw SQLError(
                            .featureNotSupported, "LIMIT #,# syntax is not supported",
                            position: token.position.offset, hint: "Use separate LIMIT and OFFSET clauses.")
                    }
                } else {
                    guard accept(.first) || accept(.next) else { throw syntaxError() }
                    if isKeyword(.row) || isKeyword(.rows) {
                        query.limit = Expression(.literal(.integer("1")), at: current.position)
                    } else {
                        query.limit = try parseFetchCount()
                    }
                    guard accept(.row) || accept(.rows) else { throw syntaxError() }
                    if accept(.with) {
                        try expect(.ties)
                        query.withTies = true
                    } else {
                        try expect(.only)
                    }
                }
            } else if accept(.offset) {
                if sawOffset { throw syntaxError(at: token) }
                sawOffset = true
                query.offset = try parseExpression()
                _ = accept(.row) || accept(.rows)
            } else {
                return
            }
        }
    }

    /// FETCH's count: a `c_expr`, or a signed number.
    mutating func parseFetchCount() throws(SQLError) -> Expression {
        if isOperator("-") || isOperator("+") {
            let token = advance()
            let value = try parsePrimary()
            switch value.kind {
            case .literal(.integer), .literal(.decimal): break
            default: throw syntaxError(at: token)
            }
            return Expression(.unary(token.kind == .op("-") ? .minus : .plus, value), at: token.position)
        }
        return try parsePrimary()
    }

    static func setLevel(_ kind: SQLToken.Kind) -> (SetOperation.Operator, Int)? {
        switch kind {
        case .keyword(.union): (.union, 1)
        case .keyword(.except): (.except, 1)
        case .keyword(.intersect): (.intersect, 2)
        default: nil
        }
    }

    mutating func parseSetOperations(_ minLevel: Int, first: QueryBody?) throws(SQLError) -> QueryBody {
        var left: QueryBody
        if let first {
            left = first
        } else {
            left = try parseQueryPrimary()
        }
        while let (op, level) = Self.setLevel(current.kind), level >= minLevel {
            let at = advance().position
            var all = false
            if accept(.all) {
                all = true
            } else {
                _ = accept(.distinct)
            }
            let right = try parseSetOperations(level + 1, first: nil)
            left = .setOperation(SetOperation(op, all: all, left: left, right: right, at: at))
        }
        return left
    }

    mutating func parseQueryPrimary() throws(SQLError) -> QueryBody {
        let token = current
        switch token.kind {
        case .keyword(.select):
            return .select(try parseSelect())
        case .keyword(.values):
            return try parseValues()
        case .keyword(.table):
            advance()
            return .table(try parseObjectName())
        case .leftParen:
            advance()
            let query = try parseQuery()
            try expect(.rightParen)
            return Self.operand(query)
        default:
            throw syntaxError()
        }
    }

    /// `VALUES (a, b), (c, d)`; `DEFAULT` may stand for an item (INSERT).
    mutating func parseValues() throws(SQLError) -> QueryBody {
        let at = advance().position
        var rows: [[Expression]] = []
        repeat {
            try expect(.leftParen)
            var row: [Expression] = []
            repeat {
                if isKeyword(.default) {
                    row.append(Expression(.defaultValue, at: advance().position))
                } else {
                    row.append(try parseExpression())
                }
            } while accept(.comma)
            try expect(.rightParen)
            rows.append(row)
        } while accept(.comma)
        return .values(rows, at: at)
    }

    /// `WITH [RECURSIVE] name [(cols)] AS [[NOT] MATERIALIZED] (query), ...`
    mutating func parseWith() throws(SQLError) -> With {
        try expect(.with)
        let recursive = accept(.recursive)
        var tables: [CommonTableExpression] = []
        repeat {
            let at = current.position
            let name = try parseColumnIdentifier()
            let columns = isToken(.leftParen) ? try parseIdentifierList() : []
            try expect(.as)
            var materialized: Bool?
            if accept(.materialized) {
                materialized = true
            } else if isKeyword(.not), isKeyword(.materialized, at: 1) {
                advance()
                advance()
                materialized = false
            }
            guard isToken(.leftParen) else { throw syntaxError() }
            if isKeyword(in: [.insert, .drop], at: 1) || isWord("update", at: 1) || isWord("delete", at: 1) {
                throw unsupported("data-modifying statements in WITH", at: peek())
            }
            let query = try parseParenthesizedQuery()
            if isKeyword(.search) || isKeyword(.cycle) { throw unsupported("SEARCH and CYCLE clauses") }
            tables.append(
                CommonTableExpression(name: name, columns: columns, materialized: materialized, query: query, at: at))
        } while accept(.comma)
        return With(recursive: recursive, tables)
    }

    static let selectListEnd: Set<SQLKeyword> = [
        .from, .where, .group, .having, .window, .order, .limit, .offset, .fetch, .union, .intersect, .except,
        .into, .for, .with,
    ]

    mutating func parseSelect() throws(SQLError) -> Select {
        let at = advance().position
        var select = Select(items: [], at: at)
        if accept(.distinct) {
            if accept(.on) {
                try expect(.leftParen)
                select.distinct = .on(try parseExpressionList())
                try expect(.rightParen)
            } else {
                select.distinct = .all
            }
        } else {
            _ = accept(.all)
        }
        let endsList =
            isKeyword(in: Self.selectListEnd) || isToken(.rightParen) || isToken(.semicolon) || isToken(.end)
        if !endsList || select.distinct != nil {
            repeat { select.items.append(try parseSelectItem()) } while accept(.comma)
        }
        if isKeyword(.into) { throw unsupported("SELECT ... INTO") }
        if accept(.from) { select.from = try parseFromList() }
        if accept(.where) { select.filter = try parseExpression() }
        if accept(.group) {
            try expect(.by)
            var distinct = false
            if accept(.distinct) {
                distinct = true
            } else {
                _ = accept(.all)
            }
            var elements: [GroupingElement] = []
            repeat { elements.append(try parseGroupingElement()) } while accept(.comma)
            select.groupBy = GroupBy(distinct: distinct, elements)
        }
        if accept(.having) { select.having = try parseExpression() }
        if accept(.window) {
            repeat {
                let name = try parseColumnIdentifier()
                try expect(.as)
                select.windows.append(NamedWindow(name, try parseWindowSpecification()))
            } while accept(.comma)
        }
        return select
    }

    mutating func parseSelectItem() throws(SQLError) -> SelectItem {
        if isOperator("*") {
            let at = advance().position
            return SelectItem(Expression(.star(qualifier: []), at: at))
        }
        let expression = try parseExpression()
        if accept(.as) { return SelectItem(expression, alias: try parseLabel()) }
        switch current.kind {
        case .identifier:
            return SelectItem(expression, alias: try parseLabel())
        case let .keyword(k) where k.isBareLabel:
            return SelectItem(expression, alias: try parseLabel())
        default:
            return SelectItem(expression)
        }
    }

    /// An item of GROUP BY (or of GROUPING SETS).
    mutating func parseGroupingElement() throws(SQLError) -> GroupingElement {
        try enter()
        defer { leave() }
        if isToken(.leftParen), isToken(.rightParen, at: 1) {
            advance()
            advance()
            return .empty
        }
        if isKeyword(.rollup) || isKeyword(.cube), isToken(.leftParen, at: 1) {
            let rollup = isKeyword(.rollup)
            advance()
            advance()
            let items = try parseExpressionList()
            try expect(.rightParen)
            return rollup ? .rollup(items) : .cube(items)
        }
        if isKeyword(.grouping), isKeyword(.sets, at: 1) {
            advance()
            advance()
            try expect(.leftParen)
            var elements: [GroupingElement] = []
            repeat { elements.append(try parseGroupingElement()) } while accept(.comma)
            try expect(.rightParen)
            return .groupingSets(elements)
        }
        return .expression(try parseExpression())
    }
}
