import SQL

extension QuerySession {
    /// The query a `COPY` reads: its own, or `SELECT columns FROM table` (`*` without a column list).
    static func copyQuery(_ copy: Copy) throws(SQLError) -> Query {
        switch copy.source {
        case let .query(query):
            return query
        case let .table(table, columns):
            // Unquoted names stay unquoted: they match the lake's camelCase names case-insensitively.
            func name(_ id: Identifier) -> String { id.quoted ? SQLFormatter.quoted(id.value) : id.value }
            let list = columns.isEmpty ? "*" : columns.map(name).joined(separator: ", ")
            let tableName = table.parts.map(name).joined(separator: ".")
            guard case let .query(query) = try SQLParser.parseStatement("SELECT \(list) FROM \(tableName)") else {
                throw SQLError(.syntaxError, "COPY of a table that is not a name")
            }
            return query
        }
    }
}
