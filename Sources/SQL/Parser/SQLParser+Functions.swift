/// Function calls with their aggregate and window decorations, and the keyword functions with a grammar of
/// their own (COALESCE, EXTRACT, SUBSTRING, POSITION, TRIM, OVERLAY, ...).
extension SQLParser {
    /// `name(args)` at `(`, then `WITHIN GROUP`, `FILTER`, `IGNORE|RESPECT NULLS`, `OVER`.
    mutating func parseFunctionCall(_ name: ObjectName) throws(SQLError) -> FunctionCall {
        try expect(.leftParen)
        var call = FunctionCall(name: name)
        if isOperator("*"), isToken(.rightParen, at: 1) {
            advance()
            call.star = true
        } else if !isToken(.rightParen) {
            if accept(.distinct) {
                call.distinct = true
            } else {
                _ = accept(.all)
            }
            if isKeyword(.variadic) { throw unsupported("VARIADIC") }
            repeat {
                if isToken(.equalsGreater, at: 1) || isToken(.colonEquals, at: 1) {
                    throw unsupported("named function arguments")
                }
                call.arguments.append(try parseExpression())
            } while accept(.comma)
            // DuckDB's spelling: `lag(x, 1 IGNORE NULLS) OVER (...)`.
            if isWord("ignore") || isWord("respect"), isKeyword(.nulls, at: 1) {
                call.nulls = isWord("ignore") ? .ignore : .respect
                advance()
                advance()
            }
            if accept(.order) {
                try expect(.by)
                call.orderBy = try parseOrderList()
            }
        }
        try expect(.rightParen)
        if isKeyword(.within), isKeyword(.group, at: 1) {
            let token = advance()
            advance()
            if !call.orderBy.isEmpty {
                throw SQLError.syntax(
                    "cannot use multiple ORDER BY clauses with WITHIN GROUP", at: token.position.offset)
            }
            if call.distinct {
                throw SQLError.syntax("cannot use DISTINCT with WITHIN GROUP", at: token.position.offset)
            }
            try expect(.leftParen)
            try expect(.order)
            try expect(.by)
            call.withinGroup = try parseOrderList()
            try expect(.rightParen)
        }
        if accept(.filter) {
            try expect(.leftParen)
            try expect(.where)
            call.filter = try parseExpression()
            try expect(.rightParen)
        }
        if call.nulls == nil, isWord("ignore") || isWord("respect"), isKeyword(.nulls, at: 1) {
            call.nulls = isWord("ignore") ? .ignore : .respect
            advance()
            advance()
        }
        if accept(.over) {
            if isToken(.leftParen) {
                call.over = try parseWindowSpecification()
            } else {
                call.over = WindowSpecification(name: try parseColumnIdentifier(), isReference: true)
            }
        }
        return call
    }

    /// `( [name] [PARTITION BY ...] [ORDER BY ...] [frame] )`
    mutating func parseWindowSpecification() throws(SQLError) -> WindowSpecification {
        try expect(.leftParen)
        var spec = WindowSpecification()
        if isColumnIdentifier(), !isKeyword(in: [.partition, .rows, .range, .groups]) {
            spec.name = try parseColumnIdentifier()
        }
        if accept(.partition) {
            try expect(.by)
            spec.partitionBy = try parseExpressionList()
        }
        if accept(.order) {
            try expect(.by)
            spec.orderBy = try parseOrderList()
        }
        if isKeyword(in: [.rows, .range, .groups]) { spec.frame = try parseFrame() }
        try expect(.rightParen)
        return spec
    }

    mutating func parseFrame() throws(SQLError) -> WindowFrame {
        let unitsToken = advance()
        let units: WindowFrame.Units =
            switch unitsToken.kind {
            case .keyword(.rows): .rows
            case .keyword(.range): .range
            default: .groups
            }
        var frame: WindowFrame
        if accept(.between) {
            let startToken = current
            let start = try parseFrameBound()
            try expect(.and)
            let endToken = current
            let end = try parseFrameBound()
            try Self.checkFrame(start: start, end: end, startToken: startToken, endToken: endToken)
            frame = WindowFrame(units, start: start, end: end)
        } else {
            let startToken = current
            let start = try parseFrameBound()
            try Self.checkFrame(start: start, end: nil, startToken: startToken, endToken: startToken)
            frame = WindowFrame(units, start: start)
        }
        if accept(.exclude) {
            if accept(.current) {
                try expect(.row)
                frame.exclusion = .currentRow
            } else if accept(.group) {
                frame.exclusion = .group
            } else if accept(.ties) {
                frame.exclusion = .ties
            } else {
                try expect(.no)
                try expect(.others)
                frame.exclusion = .noOthers
            }
        }
        return frame
    }

    mutating func parseFrameBound() throws(SQLError) -> WindowFrame.Bound {
        if accept(.unbounded) {
            if accept(.preceding) { return .unboundedPreceding }
            try expect(.following)
            return .unboundedFollowing
        }
        if isKeyword(.current), isKeyword(.row, at: 1) {
            advance()
            advance()
            return .currentRow
        }
        let offset = try parseExpression()
        if accept(.preceding) { return .preceding(offset) }
        try expect(.following)
        return .following(offset)
    }

    /// PostgreSQL's frame checks (`42P20`), made in its grammar.
    static func checkFrame(
        start: WindowFrame.Bound, end: WindowFrame.Bound?, startToken: SQLToken, endToken: SQLToken
    ) throws(SQLError) {
        func error(_ message: String, _ token: SQLToken) -> SQLError {
            SQLError(.windowingError, message, position: token.position.offset)
        }
        if case .unboundedFollowing = start { throw error("frame start cannot be UNBOUNDED FOLLOWING", startToken) }
        guard let end else {
            if case .following = start {
                throw error("frame starting from following row cannot end with current row", startToken)
            }
            return
        }
        if case .unboundedPreceding = end { throw error("frame end cannot be UNBOUNDED PRECEDING", endToken) }
        switch (start, end) {
        case (.currentRow, .preceding):
            throw error("frame starting from current row cannot have preceding rows", endToken)
        case (.following, .preceding):
            throw error("frame starting from following row cannot have preceding rows", endToken)
        case (.following, .currentRow):
            throw error("frame starting from following row cannot end with current row", endToken)
        default:
            return
        }
    }

    /// `expr [ASC|DESC] [NULLS FIRST|LAST], ...`
    mutating func parseOrderList() throws(SQLError) -> [OrderItem] {
        var items: [OrderItem] = []
        repeat {
            var item = OrderItem(try parseExpression())
            if accept(.asc) {
                item.direction = .ascending
            } else if accept(.desc) {
                item.direction = .descending
            } else if isKeyword(.using) {
                throw unsupported("ORDER BY ... USING")
            }
            if accept(.nulls) {
                if accept(.first) {
                    item.nulls = .first
                } else {
                    try expect(.last)
                    item.nulls = .last
                }
            }
            items.append(item)
        } while accept(.comma)
        return items
    }

    /// The keyword functions, at the keyword (followed by `(`).
    mutating func parseSpecialFunction(_ keyword: SQLKeyword, at: SourcePosition) throws(SQLError) -> Expression {
        advance()
        try expect(.leftParen)
        let kind: Expression.Kind
        switch keyword {
        case .coalesce, .greatest, .least:
            let function: ConditionalFunction =
                keyword == .coalesce ? .coalesce : keyword == .greatest ? .greatest : .least
            kind = .conditional(function, try parseExpressionList())
        case .nullif:
            let first = try parseExpression()
            try expect(.comma)
            kind = .conditional(.nullif, [first, try parseExpression()])
        case .grouping:
            kind = .grouping(try parseExpressionList())
        case .extract:
            let field: String
            switch current.kind {
            case let .string(value): field = value
            case .identifier, .keyword(.year), .keyword(.month), .keyword(.day), .keyword(.hour), .keyword(.minute),
                .keyword(.second):
                guard let id = identifier(of: current) else { throw syntaxError() }
                field = id.value
            default: throw syntaxError()
            }
            advance()
            try expect(.from)
            kind = .extract(field: field, try parseExpression())
        case .substring:
            kind = try parseSubstringArguments()
        case .position:
            let needle = try parseExpression(0, restricted: true)
            try expect(.in)
            kind = .position(needle, in: try parseExpression(0, restricted: true))
        case .trim:
            kind = try parseTrimArguments()
        case .overlay:
            let value = try parseExpression()
            if accept(.comma) {
                var arguments = [value]
                repeat { arguments.append(try parseExpression()) } while accept(.comma)
                kind = .function(
                    FunctionCall(name: ObjectName([Identifier("overlay")], position: at), arguments: arguments))
            } else {
                try expect(.placing)
                let placing = try parseExpression()
                try expect(.from)
                let start = try parseExpression()
                let count = accept(.for) ? try parseExpression() : nil
                kind = .overlay(value, placing: placing, from: start, for: count)
            }
        default:
            throw syntaxError()
        }
        try expect(.rightParen)
        return Expression(kind, at: at)
    }

    mutating func parseSubstringArguments() throws(SQLError) -> Expression.Kind {
        if isToken(.rightParen) {
            return .function(FunctionCall(name: ObjectName([Identifier("substring")])))
        }
        let value = try parseExpression()
        if accept(.similar) {
            let pattern = try parseExpression()
            try expect(.escape)
            return .substringSimilar(value, pattern: pattern, escape: try parseExpression())
        }
        if accept(.from) {
            let start = try parseExpression()
            let count = accept(.for) ? try parseExpression() : nil
            return .substring(value, from: start, for: count)
        }
        if accept(.for) {
            let count = try parseExpression()
            let start = accept(.from) ? try parseExpression() : nil
            return .substring(value, from: start, for: count)
        }
        var arguments = [value]
        while accept(.comma) { arguments.append(try parseExpression()) }
        if arguments.count == 2 || arguments.count == 3 {
            return .substring(value, from: arguments[1], for: arguments.count == 3 ? arguments[2] : nil)
        }
        return .function(FunctionCall(name: ObjectName([Identifier("substring")]), arguments: arguments))
    }

    mutating func parseTrimArguments() throws(SQLError) -> Expression.Kind {
        var side = TrimSide.both
        if accept(.leading) {
            side = .leading
        } else if accept(.trailing) {
            side = .trailing
        } else {
            _ = accept(.both)
        }
        if accept(.from) {
            let source = try parseExpressionList()
            guard source.count == 1, let only = source.first else { throw unsupported("TRIM with several sources") }
            return .trim(side, characters: nil, from: only)
        }
        let first = try parseExpression()
        if accept(.from) {
            let source = try parseExpressionList()
            guard source.count == 1, let only = source.first else { throw unsupported("TRIM with several sources") }
            return .trim(side, characters: first, from: only)
        }
        var list = [first]
        while accept(.comma) { list.append(try parseExpression()) }
        switch list.count {
        case 1: return .trim(side, characters: nil, from: first)
        case 2: return .trim(side, characters: list[1], from: first)
        default: throw unsupported("TRIM with more than two arguments")
        }
    }
}
