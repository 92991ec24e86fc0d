/// Primary expressions: constants, names, parameters, parenthesized expressions and subqueries, and the
/// keyword-led forms (CASE, CAST, ARRAY, ROW, EXISTS, typed literals, ...).
extension SQLParser {
    static let constTypeKeywords: Set<SQLKeyword> = [
        .int, .integer, .smallint, .bigint, .real, .float, .double, .decimal, .dec, .numeric, .boolean, .char,
        .character, .varchar, .national, .nchar, .bit, .time, .timestamp,
    ]

    static let valueFunctions: [SQLKeyword: ValueFunction] = [
        .current_date: .currentDate, .current_time: .currentTime, .current_timestamp: .currentTimestamp,
        .localtime: .localTime, .localtimestamp: .localTimestamp, .current_role: .currentRole,
        .current_user: .currentUser, .session_user: .sessionUser, .user: .user,
        .current_catalog: .currentCatalog,
    ]

    mutating func parsePrimary() throws(SQLError) -> Expression {
        let token = current
        let at = token.position
        switch token.kind {
        case let .integer(digits):
            advance()
            return Expression(.literal(.integer(digits)), at: at)
        case let .decimal(digits):
            advance()
            return Expression(.literal(.decimal(digits)), at: at)
        case let .string(value):
            advance()
            return Expression(.literal(.string(value)), at: at)
        case let .bitString(digits, hex):
            advance()
            return Expression(.literal(.bitString(digits, hex: hex)), at: at)
        case let .parameter(number):
            advance()
            return try parseIndirection(Expression(.parameter(number), at: at))
        case .leftParen:
            return try parseParenthesized()
        case let .keyword(keyword):
            return try parseKeywordPrimary(keyword, token: token)
        case .identifier:
            return try parseNamePrimary()
        default:
            throw syntaxError()
        }
    }

    /// `( expr )`, `( expr, ... )` (a row), or `( query )` (a scalar subquery), with indirection after it.
    mutating func parseParenthesized() throws(SQLError) -> Expression {
        let at = current.position
        switch try parseParenthesizedQueryOrList() {
        case let .query(query):
            return try parseIndirection(Expression(.subquery(query), at: at))
        case let .list(items):
            if items.count == 1, let only = items.first { return try parseIndirection(only) }
            return Expression(.row(items, explicit: false), at: at)
        }
    }

    /// `[i]`, `[i:j]` and `.field` after a name, parameter or parenthesized expression.
    mutating func parseIndirection(_ base: Expression) throws(SQLError) -> Expression {
        var result = base
        while true {
            let at = current.position
            if accept(.leftBracket) {
                var lower: Expression?
                if !isToken(.colon) { lower = try parseExpression() }
                if accept(.colon) {
                    let upper = isToken(.rightBracket) ? nil : try parseExpression()
                    try expect(.rightBracket)
                    result = Expression(.subscripted(result, .slice(lower: lower, upper: upper)), at: at)
                } else {
                    guard let lower else { throw syntaxError() }
                    try expect(.rightBracket)
                    result = Expression(.subscripted(result, .index(lower)), at: at)
                }
            } else if isToken(.dot) {
                if isOperator("*", at: 1) { throw unsupported("\".*\" after an expression that is not a name") }
                advance()
                result = Expression(.field(result, try parseLabel()), at: at)
            } else {
                return result
            }
        }
    }

    /// A name chain: a column reference (`a.b.c`, `t.*`), a function call, or a typed literal (`date '...'`).
    mutating func parseNamePrimary() throws(SQLError) -> Expression {
        let first = current
        let at = first.position
        guard let head = identifier(of: first) else { throw syntaxError() }
        advance()
        var parts = [head]
        while isToken(.dot) {
            if isOperator("*", at: 1) {
                advance()
                advance()
                return Expression(.star(qualifier: parts), at: at)
            }
            guard identifier(of: peek()) != nil else { throw syntaxError(at: peek()) }
            advance()
            parts.append(try parseLabel())
        }
        if isToken(.leftParen) {
            if parts.count == 1, case let .keyword(k) = first.kind, k.category == .columnName {
                throw syntaxError()
            }
            let call = try parseFunctionCall(ObjectName(parts, position: at))
            return Expression(.function(call), at: at)
        }
        if case let .string(value) = current.kind {
            if parts.count == 1, case let .keyword(k) = first.kind, k.category == .columnName {
                throw syntaxError()
            }
            advance()
            let type = Self.knownType(ObjectName(parts, position: at), modifiers: [], at: at)
            return Expression(.typedLiteral(type, value), at: at)
        }
        if parts.count == 1, case let .keyword(k) = first.kind, k.category == .typeOrFunctionName {
            throw syntaxError(at: first)
        }
        return try parseIndirection(Expression(.column(parts), at: at))
    }

    mutating func parseKeywordPrimary(_ keyword: SQLKeyword, token: SQLToken) throws(SQLError) -> Expression {
        let at = token.position
        switch keyword {
        case .null:
            advance()
            return Expression(.literal(.null), at: at)
        case .true:
            advance()
            return Expression(.literal(.boolean(true)), at: at)
        case .false:
            advance()
            return Expression(.literal(.boolean(false)), at: at)
        case .case:
            return try parseCase()
        case .cast:
            advance()
            try expect(.leftParen)
            let value = try parseExpression()
            try expect(.as)
            let type = try parseTypeName()
            try expect(.rightParen)
            return Expression(.cast(value, type), at: at)
        case .exists:
            guard isToken(.leftParen, at: 1) else { break }
            advance()
            return Expression(.exists(try parseParenthesizedQuery()), at: at)
        case .array:
            advance()
            if isToken(.leftParen) { return Expression(.arraySubquery(try parseParenthesizedQuery()), at: at) }
            return try parseArrayBrackets(at: at)
        case .row:
            guard isToken(.leftParen, at: 1) else { break }
            advance()
            advance()
            var items: [Expression] = []
            if !isToken(.rightParen) { items = try parseExpressionList() }
            try expect(.rightParen)
            return Expression(.row(items, explicit: true), at: at)
        case .interval:
            if case .string = peek().kind { return try parseTypedLiteral(at: at) }
            if isToken(.leftParen, at: 1) { return try parseTypedLiteral(at: at) }
        case .coalesce, .greatest, .least, .nullif, .grouping, .extract, .substring, .position, .trim, .overlay:
            guard isToken(.leftParen, at: 1) else { break }
            return try parseSpecialFunction(keyword, at: at)
        case .xmlattributes, .xmlconcat, .xmlelement, .xmlexists, .xmlforest, .xmlnamespaces, .xmlparse, .xmlpi,
            .xmlroot, .xmlserialize, .xmltable, .normalize, .treat:
            if isToken(.leftParen, at: 1) { throw unsupported(text(of: token).uppercased()) }
        case .current_schema:
            if !isToken(.leftParen, at: 1) {
                advance()
                return Expression(.valueFunction(.currentSchema, precision: nil), at: at)
            }
        case .default:
            throw syntaxError()
        default:
            if let function = Self.valueFunctions[keyword] {
                advance()
                var precision: Int?
                if function.takesPrecision, accept(.leftParen) {
                    precision = try parseSignedInteger()
                    try expect(.rightParen)
                }
                return Expression(.valueFunction(function, precision: precision), at: at)
            }
        }
        if Self.constTypeKeywords.contains(keyword), let literal = try parseTypedLiteralIfPresent(at: at) {
            return literal
        }
        switch keyword.category {
        case .reserved: throw syntaxError()
        default: return try parseNamePrimary()
        }
    }

    /// `TYPE 'string'` where TYPE is a keyword type (`TIMESTAMP '...'`, `DOUBLE PRECISION '1'`); nil (and no
    /// tokens consumed) when no string follows the type.
    mutating func parseTypedLiteralIfPresent(at: SourcePosition) throws(SQLError) -> Expression? {
        let saved = index
        guard let type = try? parseSimpleTypeName(), case let .string(value) = current.kind else {
            index = saved
            return nil
        }
        advance()
        return Expression(.typedLiteral(type, value), at: at)
    }

    /// `INTERVAL 'value' [fields]` or `INTERVAL (p) 'value'`.
    mutating func parseTypedLiteral(at: SourcePosition) throws(SQLError) -> Expression {
        advance()  // INTERVAL
        var precision: Int?
        if accept(.leftParen) {
            precision = try parseSignedInteger()
            try expect(.rightParen)
        }
        guard case let .string(value) = current.kind else { throw syntaxError() }
        advance()
        var fields: IntervalFields?
        if precision == nil {
            (fields, precision) = try parseIntervalFields()
        }
        return Expression(
            .typedLiteral(TypeName(.interval(fields: fields, precision: precision), at: at), value), at: at)
    }

    /// `ARRAY[...]`, at `[`; a nested `[...]` is a sub-array.
    mutating func parseArrayBrackets(at: SourcePosition) throws(SQLError) -> Expression {
        try enter()
        defer { leave() }
        try expect(.leftBracket)
        var items: [Expression] = []
        if !isToken(.rightBracket) {
            repeat {
                if isToken(.leftBracket) {
                    items.append(try parseArrayBrackets(at: current.position))
                } else {
                    items.append(try parseExpression())
                }
            } while accept(.comma)
        }
        try expect(.rightBracket)
        return Expression(.array(items), at: at)
    }

    /// `( query )` where only a query may stand.
    mutating func parseParenthesizedQuery() throws(SQLError) -> Query {
        try expect(.leftParen)
        let query = try parseQuery()
        try expect(.rightParen)
        return query
    }

    mutating func parseExpressionList() throws(SQLError) -> [Expression] {
        var items = [try parseExpression()]
        while accept(.comma) { items.append(try parseExpression()) }
        return items
    }

    /// `CASE [operand] WHEN c THEN r ... [ELSE e] END`
    mutating func parseCase() throws(SQLError) -> Expression {
        let at = advance().position
        let operand = isKeyword(.when) ? nil : try parseExpression()
        var branches: [CaseBranch] = []
        while accept(.when) {
            let condition = try parseExpression()
            try expect(.then)
            branches.append(CaseBranch(condition: condition, result: try parseExpression()))
        }
        if branches.isEmpty { throw syntaxError() }
        let otherwise = accept(.else) ? try parseExpression() : nil
        try expect(SQLKeyword.end)
        return Expression(.caseWhen(operand: operand, branches: branches, otherwise: otherwise), at: at)
    }
}
