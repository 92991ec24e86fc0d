/// `COPY ... TO STDOUT` (PostgreSQL 15's grammar, `CopyStmt`): the current option list and the legacy options.
extension SQLParser {
    mutating func parseCopy() throws(SQLError) -> Copy {
        let at = advance().position
        let source: Copy.Source
        if accept(.leftParen) {
            source = .query(try parseQuery())
            try expect(.rightParen)
        } else {
            let name = try parseObjectName()
            source = .table(name, columns: isToken(.leftParen) ? try parseIdentifierList() : [])
        }
        if isKeyword(.from) {
            throw unsupported("COPY FROM (datasets take rows as ingested batches, CREATE TABLE AS or INSERT)")
        }
        try expect(.to)
        if isWord("program") { throw unsupported("COPY TO PROGRAM") }
        if case .string = current.kind {
            throw unsupported("COPY to a file (use COPY ... TO STDOUT, or psql's \\copy)")
        }
        guard isWord("stdout") else { throw syntaxError() }
        advance()
        _ = accept(.with)
        let options = isToken(.leftParen) ? try parseCopyOptionList() : try parseLegacyCopyOptions()
        return Copy(source: source, options: options, at: at)
    }

    /// `( name [value | * | (columns)], ... )`
    mutating func parseCopyOptionList() throws(SQLError) -> [Copy.Option] {
        try expect(.leftParen)
        var options: [Copy.Option] = []
        repeat {
            let token = current
            guard let name = identifier(of: token) else { throw syntaxError() }
            advance()
            if isToken(.comma) || isToken(.rightParen) {
                options.append(Copy.Option(name.value, at: token.position))
            } else if isToken(.leftParen) {
                options.append(Copy.Option(name.value, columns: try parseIdentifierList(), at: token.position))
            } else if isOperator("*") {
                advance()
                options.append(Copy.Option(name.value, "*", at: token.position))
            } else {
                options.append(Copy.Option(name.value, try parseOptionValue(), at: token.position))
            }
        } while accept(.comma)
        try expect(.rightParen)
        return options
    }

    /// `BINARY`, `DELIMITER [AS] 'c'`, `NULL [AS] 's'`, `CSV`, `HEADER`, `QUOTE [AS] 'q'`, `ESCAPE [AS] 'e'`,
    /// `FORCE QUOTE * | columns`, in any order.
    mutating func parseLegacyCopyOptions() throws(SQLError) -> [Copy.Option] {
        var options: [Copy.Option] = []
        while let word = identifier(of: current), !word.quoted {
            let at = current.position
            switch word.value {
            case "binary", "csv":
                advance()
                options.append(Copy.Option("format", word.value, at: at))
            case "header":
                advance()
                options.append(Copy.Option("header", at: at))
            case "delimiter", "null", "quote", "escape", "encoding":
                advance()
                _ = accept(.as)
                guard case let .string(value) = current.kind else { throw syntaxError() }
                advance()
                options.append(Copy.Option(word.value, value, at: at))
            case "force":
                advance()
                guard isWord("quote") || isKeyword(.not) else { throw syntaxError() }
                if isKeyword(.not) { throw unsupported("FORCE NOT NULL (a COPY FROM option)") }
                advance()
                if isOperator("*") {
                    advance()
                    options.append(Copy.Option("force_quote", "*", at: at))
                } else {
                    var columns: [Identifier] = []
                    repeat { columns.append(try parseColumnIdentifier()) } while accept(.comma)
                    options.append(Copy.Option("force_quote", columns: columns, at: at))
                }
            default:
                return options
            }
        }
        return options
    }
}
