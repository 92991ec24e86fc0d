/// Value expressions with PostgreSQL's operator precedence (PostgreSQL 15 docs, table 4.2), lowest first:
/// OR, AND, NOT, IS/ISNULL/NOTNULL, comparisons, BETWEEN/IN/LIKE/ILIKE/SIMILAR, any other operator,
/// `+ -`, `* / %`, `^`, AT TIME ZONE, COLLATE, unary `+ -`, `[ ]`, `::`, `.`.
extension SQLParser {
    enum Level {
        static let or = 1
        static let and = 2
        static let not = 3
        static let isTest = 4
        static let comparison = 5
        static let like = 6
        static let other = 7
        static let additive = 8
        static let multiplicative = 9
        static let power = 10
        static let atTimeZone = 11
        static let collate = 12
        static let unary = 13
        static let typecast = 15

        static func isNonAssociative(_ level: Int) -> Bool { level == isTest || level == comparison || level == like }
    }

    static let likeKeywords: Set<SQLKeyword> = [.between, .in, .like, .ilike, .similar]

    /// An expression whose operators bind at least as tightly as `minLevel`. `restricted` reads PostgreSQL's
    /// `b_expr` (no AND, OR, NOT, IS NULL and the like, IN, LIKE, BETWEEN, COLLATE, AT TIME ZONE), as
    /// `BETWEEN`'s bounds and `POSITION`'s arguments are.
    mutating func parseExpression(_ minLevel: Int = 0, restricted: Bool = false) throws(SQLError) -> Expression {
        try enter()
        defer { leave() }
        var left = try parsePrefix(restricted: restricted)
        var previousLevel: Int?
        while let level = infixLevel(restricted: restricted), level >= minLevel {
            if let previousLevel, previousLevel == level, Level.isNonAssociative(level) { throw syntaxError() }
            left = try parseInfix(left, level: level, restricted: restricted)
            previousLevel = level
        }
        return left
    }

    /// The level of the operator at the current token, if it continues an expression.
    func infixLevel(restricted: Bool) -> Int? {
        switch current.kind {
        case let .op(symbol):
            switch symbol {
            case "<", ">", "=", "<=", ">=", "<>": return Level.comparison
            case "+", "-": return Level.additive
            case "*", "/", "%": return Level.multiplicative
            case "^": return Level.power
            default: return Level.other
            }
        case .typecast:
            return Level.typecast
        case let .keyword(k):
            switch k {
            case .or: return restricted ? nil : Level.or
            case .and: return restricted ? nil : Level.and
            case .is:
                if restricted {
                    let offset = isKeyword(.not, at: 1) ? 2 : 1
                    return isKeyword(.distinct, at: offset) ? Level.isTest : nil
                }
                return Level.isTest
            case .isnull, .notnull: return restricted ? nil : Level.isTest
            case .between, .in, .like, .ilike: return restricted ? nil : Level.like
            case .similar: return !restricted && isKeyword(.to, at: 1) ? Level.like : nil
            case .not: return !restricted && isKeyword(in: Self.likeKeywords, at: 1) ? Level.like : nil
            case .at: return !restricted && isKeyword(.time, at: 1) ? Level.atTimeZone : nil
            case .collate: return restricted ? nil : Level.collate
            case .operator: return isToken(.leftParen, at: 1) ? Level.other : nil
            default: return nil
            }
        default:
            return nil
        }
    }

    mutating func parsePrefix(restricted: Bool) throws(SQLError) -> Expression {
        let token = current
        switch token.kind {
        case let .op(symbol):
            advance()
            if symbol == "-" || symbol == "+" {
                let operand = try parseExpression(Level.unary, restricted: restricted)
                return Expression(.unary(symbol == "-" ? .minus : .plus, operand), at: token.position)
            }
            if symbol == "*" { throw syntaxError(at: token) }
            let operand = try parseExpression(Level.additive, restricted: restricted)
            return Expression(.unary(.custom(symbol), operand), at: token.position)
        case .keyword(.not):
            if restricted { throw syntaxError() }
            advance()
            let operand = try parseExpression(Level.not)
            return Expression(.not(operand), at: token.position)
        default:
            return try parsePrimary()
        }
    }

    mutating func parseInfix(_ left: Expression, level: Int, restricted: Bool) throws(SQLError) -> Expression {
        let token = advance()
        let at = token.position
        switch token.kind {
        case let .op(symbol):
            let op = BinaryOperator(symbol: symbol)
            if isKeyword(in: [.any, .some, .all]), isToken(.leftParen, at: 1) {
                return try parseQuantified(left, op, at: at)
            }
            let right = try parseExpression(level + 1, restricted: restricted)
            return Expression(.binary(op, left, right), at: at)
        case .typecast:
            return Expression(.cast(left, try parseTypeName()), at: at)
        case .keyword(.or):
            return Expression(.or(left, try parseExpression(Level.or + 1)), at: at)
        case .keyword(.and):
            return Expression(.and(left, try parseExpression(Level.and + 1)), at: at)
        case .keyword(.isnull):
            return Expression(.isNull(left, negated: false), at: at)
        case .keyword(.notnull):
            return Expression(.isNull(left, negated: true), at: at)
        case .keyword(.is):
            return try parseIsTest(left, at: at, restricted: restricted)
        case .keyword(.at):
            try expect(.time)
            try expect(.zone)
            return Expression(.atTimeZone(left, zone: try parseExpression(Level.atTimeZone + 1)), at: at)
        case .keyword(.collate):
            return Expression(.collate(left, try parseObjectName()), at: at)
        case .keyword(.operator):
            let op = BinaryOperator(symbol: try parseQualifiedOperator())
            if isKeyword(in: [.any, .some, .all]), isToken(.leftParen, at: 1) {
                return try parseQuantified(left, op, at: at)
            }
            return Expression(.binary(op, left, try parseExpression(level + 1, restricted: restricted)), at: at)
        case .keyword(.not):
            return try parseLikeFamily(left, negated: true, at: at)
        case .keyword:
            index -= 1
            return try parseLikeFamily(left, negated: false, at: at)
        default:
            throw syntaxError(at: token)
        }
    }

    mutating func parseIsTest(_ left: Expression, at: SourcePosition, restricted: Bool) throws(SQLError) -> Expression {
        let negated = accept(.not)
        let token = current
        switch token.kind {
        case .keyword(.null):
            advance()
            return Expression(.isNull(left, negated: negated), at: at)
        case .keyword(.true):
            advance()
            return Expression(.isTruth(left, .true, negated: negated), at: at)
        case .keyword(.false):
            advance()
            return Expression(.isTruth(left, .false, negated: negated), at: at)
        case .keyword(.distinct):
            advance()
            try expect(.from)
            let right = try parseExpression(Level.isTest + 1, restricted: restricted)
            return Expression(.isDistinctFrom(left, right, negated: negated), at: at)
        case .keyword(.document), .keyword(.normalized), .keyword(.of):
            throw unsupported("IS \(text(of: token).uppercased())")
        default:
            if isWord("unknown") {
                advance()
                return Expression(.isTruth(left, .unknown, negated: negated), at: at)
            }
            if isWord("json") { throw unsupported("IS JSON") }
            throw syntaxError()
        }
    }

    /// `[NOT] BETWEEN | IN | LIKE | ILIKE | SIMILAR TO` with `NOT` already consumed when `negated`.
    mutating func parseLikeFamily(_ left: Expression, negated: Bool, at: SourcePosition) throws(SQLError)
        -> Expression
    {
        let token = advance()
        switch token.kind {
        case .keyword(.between):
            var symmetric = false
            if accept(.symmetric) {
                symmetric = true
            } else {
                _ = accept(.asymmetric)
            }
            let low = try parseExpression(0, restricted: true)
            try expect(.and)
            let high = try parseExpression(Level.other, restricted: true)
            return Expression(
                .between(left, low: low, high: high, negated: negated, symmetric: symmetric), at: at)
        case .keyword(.in):
            switch try parseParenthesizedQueryOrList() {
            case let .query(query): return Expression(.inSubquery(left, query, negated: negated), at: at)
            case let .list(items): return Expression(.inList(left, items, negated: negated), at: at)
            }
        case .keyword(.like), .keyword(.ilike):
            let caseInsensitive = token.kind == .keyword(.ilike)
            if isKeyword(in: [.any, .some, .all]), isToken(.leftParen, at: 1) {
                let symbol = (negated ? "!~~" : "~~") + (caseInsensitive ? "*" : "")
                return try parseQuantified(left, .custom(symbol), at: at)
            }
            let pattern = try parseExpression(Level.other)
            let escape = accept(.escape) ? try parseExpression(Level.other) : nil
            return Expression(
                .like(left, pattern: pattern, escape: escape, caseInsensitive: caseInsensitive, negated: negated),
                at: at)
        case .keyword(.similar):
            try expect(.to)
            let pattern = try parseExpression(Level.other)
            let escape = accept(.escape) ? try parseExpression(Level.other) : nil
            return Expression(.similarTo(left, pattern: pattern, escape: escape, negated: negated), at: at)
        default:
            throw syntaxError(at: token)
        }
    }

    /// `op ANY|SOME|ALL (subquery | array)`, at the quantifier.
    mutating func parseQuantified(_ left: Expression, _ op: BinaryOperator, at: SourcePosition) throws(SQLError)
        -> Expression
    {
        let quantifier: Quantifier = isKeyword(.all) ? .all : .any
        advance()
        let listToken = current
        switch try parseParenthesizedQueryOrList() {
        case let .query(query):
            return Expression(.quantified(left, op, quantifier, .subquery(query)), at: at)
        case let .list(items):
            guard items.count == 1, let array = items.first else { throw syntaxError(at: listToken) }
            return Expression(.quantified(left, op, quantifier, .array(array)), at: at)
        }
    }

    enum QueryOrList {
        case query(Query)
        case list([Expression])
    }

    /// `( query )` or `( expr, ... )`, telling them apart as PostgreSQL's grammar does: a query starts with
    /// SELECT, VALUES, TABLE or WITH, or is a parenthesized query continued by a set operation or its clauses.
    mutating func parseParenthesizedQueryOrList() throws(SQLError) -> QueryOrList {
        try expect(.leftParen)
        if startsQuery() {
            let query = try parseQuery()
            try expect(.rightParen)
            return .query(query)
        }
        let first = try parseExpression()
        if case let .subquery(inner) = first.kind, continuesQuery() {
            let query = try parseQuery(continuing: inner, at: first.position)
            try expect(.rightParen)
            return .query(query)
        }
        var items = [first]
        while accept(.comma) { items.append(try parseExpression()) }
        try expect(.rightParen)
        return .list(items)
    }

    func startsQuery(at offset: Int = 0) -> Bool { isKeyword(in: [.select, .values, .with, .table], at: offset) }

    /// Whether the current token continues a parenthesized query into a larger one.
    func continuesQuery() -> Bool {
        isKeyword(in: [.union, .intersect, .except, .order, .limit, .offset, .fetch])
    }
}
