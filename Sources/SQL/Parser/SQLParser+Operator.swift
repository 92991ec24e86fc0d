extension SQLParser {
    /// After `OPERATOR`: `(pg_catalog.~)` or `(~)`, as psql writes its patterns; the operator's symbol. The
    /// call has the precedence of any other operator (PostgreSQL's `qual_Op`). Other schemas are `0A000`.
    mutating func parseQualifiedOperator() throws(SQLError) -> String {
        try expect(.leftParen)
        if case let .identifier(schema) = current.kind {
            guard schema.value == "pg_catalog" else { throw unsupported("operators outside pg_catalog") }
            advance()
            try expect(.dot)
        }
        guard case let .op(symbol) = current.kind else { throw syntaxError() }
        advance()
        try expect(.rightParen)
        return symbol
    }
}
