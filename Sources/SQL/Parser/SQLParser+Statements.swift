/// Statements: queries, CREATE TABLE AS, INSERT, CREATE/DROP VIEW, DROP TABLE, EXPLAIN, SET/SHOW/RESET and
/// transaction control.
extension SQLParser {
    /// Words that start PostgreSQL statements this engine does not run: refused with `0A000`, not `42601`.
    static let otherStatements: Set<String> = [
        "alter", "analyze", "analyse", "call", "checkpoint", "close", "cluster", "comment", "deallocate",
        "declare", "delete", "discard", "do", "execute", "fetch", "grant", "import", "listen", "load", "lock",
        "merge", "move", "notify", "prepare", "reassign", "refresh", "reindex", "release", "revoke", "savepoint",
        "security", "truncate", "unlisten", "update", "vacuum",
    ]

    mutating func parseStatements() throws(SQLError) -> [Statement] {
        var statements: [Statement] = []
        while true {
            while accept(.semicolon) {}
            if case .end = current.kind { return statements }
            statements.append(try parseStatement())
            if !accept(.semicolon) {
                guard case .end = current.kind else { throw syntaxError() }
            }
        }
    }

    mutating func parseStatement() throws(SQLError) -> Statement {
        let token = current
        let at = token.position
        switch token.kind {
        case .keyword(.select), .keyword(.values), .keyword(.table), .leftParen:
            return .query(try parseQuery())
        case .keyword(.with):
            let saved = index
            let with = try parseWith()
            if isKeyword(.insert) {
                var insert = try parseInsert()
                if insert.source.with != nil { throw unsupported("WITH both before INSERT and in its query") }
                insert.source.with = with
                insert.position = at
                return .insert(insert)
            }
            index = saved
            return .query(try parseQuery())
        case .keyword(.create):
            return try parseCreate()
        case .keyword(.insert):
            return .insert(try parseInsert())
        case .keyword(.drop):
            return .drop(try parseDrop())
        case .keyword(.explain):
            return .explain(try parseExplain())
        case .keyword(.set):
            return .set(try parseSet())
        case .keyword(.show):
            advance()
            return .show(ShowVariable(try parseSettingName(allowAll: true), at: at))
        case .keyword(.reset):
            advance()
            return .reset(ResetVariable(try parseSettingName(allowAll: true), at: at))
        case .keyword(.begin), .keyword(.start), .keyword(.commit), .keyword(.end), .keyword(.rollback),
            .keyword(.abort):
            return .transaction(try parseTransaction())
        default:
            if isWord("copy") { return .copy(try parseCopy()) }
            if let word = identifier(of: token), !word.quoted, Self.otherStatements.contains(word.value) {
                throw unsupported(word.value.uppercased())
            }
            throw syntaxError()
        }
    }

    mutating func parseCreate() throws(SQLError) -> Statement {
        let at = advance().position
        var orReplace = false
        if accept(.or) {
            try expect(.replace)
            orReplace = true
        }
        if isKeyword(in: [.temp, .temporary, .unlogged, .local]) || isWord("global") {
            throw unsupported("CREATE \(text(of: current).uppercased())")
        }
        if accept(.view) { return .createView(try parseCreateViewRest(orReplace: orReplace, at: at)) }
        if isKeyword(.recursive) { throw unsupported("CREATE RECURSIVE VIEW") }
        if !orReplace, accept(.table) { return .createTableAs(try parseCreateTableRest(at: at)) }
        if isKeyword(.materialized) { throw unsupported("CREATE MATERIALIZED VIEW") }
        if let word = identifier(of: current), !orReplace || word.value != "table" {
            if case .keyword(.table) = current.kind { throw syntaxError() }
            throw unsupported("CREATE \(word.value.uppercased())")
        }
        throw syntaxError()
    }

    mutating func parseCreateTableRest(at: SourcePosition) throws(SQLError) -> CreateTableAs {
        var ifNotExists = false
        if isKeyword(.if) {
            advance()
            try expect(.not)
            try expect(.exists)
            ifNotExists = true
        }
        let name = try parseObjectName()
        var columns: [Identifier] = []
        if isToken(.leftParen) {
            // `(a, b) AS query` names the columns; `(a int, ...)` defines a table, which the lake does not do.
            let open = current
            advance()
            repeat {
                guard isColumnIdentifier(), isToken(.comma, at: 1) || isToken(.rightParen, at: 1) else {
                    throw unsupported("CREATE TABLE with column definitions (use CREATE TABLE ... AS)", at: open)
                }
                columns.append(try parseColumnIdentifier())
            } while accept(.comma)
            try expect(.rightParen)
        }
        if isKeyword(.with) || isKeyword(.using) || isWord("tablespace") || isKeyword(.on) {
            throw unsupported("CREATE TABLE storage options")
        }
        guard accept(.as) else {
            if isKeyword(.partition) || isKeyword(.of) || isWord("inherits") {
                throw unsupported("CREATE TABLE \(text(of: current).uppercased())")
            }
            throw unsupported("CREATE TABLE without AS (only CREATE TABLE ... AS query)", at: current)
        }
        if isWord("execute") { throw unsupported("CREATE TABLE ... AS EXECUTE") }
        let query = try parseQuery()
        var withData = true
        if accept(.with) {
            withData = !accept(.no)
            try expect(.data)
        }
        return CreateTableAs(
            name: name, ifNotExists: ifNotExists, columns: columns, query: query, withData: withData, at: at)
    }

    mutating func parseCreateViewRest(orReplace: Bool, at: SourcePosition) throws(SQLError) -> CreateView {
        let name = try parseObjectName()
        let columns = isToken(.leftParen) ? try parseIdentifierList() : []
        if isKeyword(.with) { throw unsupported("view options") }
        try expect(.as)
        let query = try parseQuery()
        if isKeyword(.with) { throw unsupported("WITH CHECK OPTION") }
        return CreateView(name: name, orReplace: orReplace, columns: columns, query: query, at: at)
    }

    mutating func parseInsert() throws(SQLError) -> Insert {
        let at = advance().position
        try expect(.into)
        let table = try parseObjectName()
        if isKeyword(.as) { throw unsupported("an alias for the INSERT target") }
        var columns: [Identifier] = []
        if isToken(.leftParen), !startsQuery(at: 1), !isToken(.leftParen, at: 1) {
            advance()
            repeat {
                columns.append(try parseColumnIdentifier())
                if isToken(.dot) || isToken(.leftBracket) { throw unsupported("INSERT into a field or element") }
            } while accept(.comma)
            try expect(.rightParen)
        }
        if isWord("overriding") { throw unsupported("OVERRIDING") }
        if isKeyword(.default), isKeyword(.values, at: 1) { throw unsupported("INSERT ... DEFAULT VALUES") }
        let source = try parseQuery()
        if isKeyword(.on) { throw unsupported("ON CONFLICT") }
        if isKeyword(.returning) { throw unsupported("RETURNING") }
        return Insert(table: table, columns: columns, source: source, at: at)
    }

    mutating func parseDrop() throws(SQLError) -> Drop {
        let at = advance().position
        let kind: Drop.ObjectKind
        if accept(.table) {
            kind = .table
        } else if accept(.view) {
            kind = .view
        } else {
            if let word = identifier(of: current) { throw unsupported("DROP \(word.value.uppercased())") }
            throw syntaxError()
        }
        var ifExists = false
        if accept(.if) {
            try expect(.exists)
            ifExists = true
        }
        var names = [try parseObjectName()]
        while accept(.comma) { names.append(try parseObjectName()) }
        var behavior: Drop.Behavior?
        if accept(.cascade) {
            behavior = .cascade
        } else if accept(.restrict) {
            behavior = .restrict
        }
        return Drop(kind, ifExists: ifExists, names: names, behavior: behavior, at: at)
    }

    mutating func parseExplain() throws(SQLError) -> Explain {
        let at = advance().position
        var options: [Explain.Option] = []
        if isToken(.leftParen), !startsQuery(at: 1), !isToken(.leftParen, at: 1) {
            advance()
            repeat {
                guard let name = identifier(of: current) else { throw syntaxError() }
                advance()
                var value: String?
                if !isToken(.comma), !isToken(.rightParen) { value = try parseOptionValue() }
                options.append(Explain.Option(name.value, value))
            } while accept(.comma)
            try expect(.rightParen)
        } else {
            if accept(.analyze) || accept(.analyse) { options.append(Explain.Option("analyze")) }
            if accept(.verbose) { options.append(Explain.Option("verbose")) }
        }
        let statement: Statement
        switch current.kind {
        case .keyword(.select), .keyword(.values), .keyword(.table), .keyword(.with), .leftParen:
            statement = try parseStatement()
            if case .insert = statement {} else if case .query = statement {} else { throw syntaxError() }
        case .keyword(.insert):
            statement = .insert(try parseInsert())
        case .keyword(.create):
            guard isKeyword(.table, at: 1) || isKeyword(.temp, at: 1) || isKeyword(.temporary, at: 1) else {
                throw syntaxError(at: peek())
            }
            statement = try parseCreate()
        default:
            if let word = identifier(of: current), Self.otherStatements.contains(word.value) {
                throw unsupported("EXPLAIN \(word.value.uppercased())")
            }
            throw syntaxError()
        }
        return Explain(options: options, statement: statement, at: at)
    }

    /// An option or setting value: a word, a string, a signed number, TRUE/FALSE/ON.
    mutating func parseOptionValue() throws(SQLError) -> String {
        let token = current
        switch token.kind {
        case let .string(value):
            advance()
            return value
        case .integer, .decimal:
            advance()
            return text(of: token)
        case let .op(sign) where sign == "-" || sign == "+":
            advance()
            switch current.kind {
            case .integer, .decimal: return (sign == "-" ? "-" : "") + text(of: advance())
            default: throw syntaxError()
            }
        case .keyword(.true), .keyword(.false), .keyword(.on):
            advance()
            return text(of: token).lowercased()
        default:
            guard let word = identifier(of: token) else { throw syntaxError() }
            if case let .keyword(k) = token.kind, k.category == .reserved { throw syntaxError() }
            advance()
            return word.value
        }
    }

    /// `name`, `a.b`, `TIME ZONE`, `TRANSACTION ISOLATION LEVEL`, `SESSION AUTHORIZATION`, or `ALL`.
    mutating func parseSettingName(allowAll: Bool) throws(SQLError) -> String {
        if allowAll, accept(.all) { return "all" }
        if isKeyword(.time), isKeyword(.zone, at: 1) {
            advance()
            advance()
            return "timezone"
        }
        if isKeyword(.transaction), isKeyword(.isolation, at: 1) {
            advance()
            advance()
            try expect(.level)
            return "transaction_isolation"
        }
        if isKeyword(.session), isKeyword(.authorization, at: 1) {
            advance()
            advance()
            return "session_authorization"
        }
        var parts = [try parseColumnIdentifier().value]
        while accept(.dot) { parts.append(try parseColumnIdentifier().value) }
        return parts.joined(separator: ".")
    }

    mutating func parseSet() throws(SQLError) -> SetVariable {
        let at = advance().position
        var local = false
        if accept(.local) {
            local = true
        } else if isKeyword(.session), !isKeyword(.authorization, at: 1), !isWord("characteristics", at: 1) {
            if isToken(.dot, at: 1) || isToken(.op("="), at: 1) || isKeyword(.to, at: 1) {
                // `SET session TO ...` names a setting called session; fall through.
            } else {
                advance()
            }
        }
        if isKeyword(.transaction) || isKeyword(.session) || isWord("role") || isKeyword(.constraint)
            || isWord("constraints")
        {
            throw unsupported("SET \(text(of: current).uppercased())")
        }
        if isKeyword(.time), isKeyword(.zone, at: 1) {
            advance()
            advance()
            if accept(.default) || accept(.local) {
                return SetVariable(local: local, name: "timezone", values: [], at: at)
            }
            if isKeyword(.interval) { throw unsupported("SET TIME ZONE INTERVAL") }
            return SetVariable(local: local, name: "timezone", values: [try parseSettingValue()], at: at)
        }
        if accept(.schema) {
            return SetVariable(local: local, name: "search_path", values: [try parseSettingValue()], at: at)
        }
        if accept(.names) {
            return SetVariable(local: local, name: "client_encoding", values: [try parseSettingValue()], at: at)
        }
        let name = try parseSettingName(allowAll: false)
        guard accept(.to) || accept(.op("=")) else { throw syntaxError() }
        if accept(.default) { return SetVariable(local: local, name: name, values: [], at: at) }
        var values = [try parseSettingValue()]
        while accept(.comma) { values.append(try parseSettingValue()) }
        return SetVariable(local: local, name: name, values: values, at: at)
    }

    mutating func parseSettingValue() throws(SQLError) -> SettingValue {
        switch current.kind {
        case .integer, .decimal, .op("-"), .op("+"):
            return .number(try parseOptionValue())
        default:
            return .string(try parseOptionValue())
        }
    }

    mutating func parseTransaction() throws(SQLError) -> TransactionControl {
        let token = advance()
        let at = token.position
        switch token.kind {
        case .keyword(.begin):
            _ = accept(.work) || accept(.transaction)
            return TransactionControl(.begin, modes: try parseTransactionModes(), at: at)
        case .keyword(.start):
            try expect(.transaction)
            return TransactionControl(.start, modes: try parseTransactionModes(), at: at)
        default:
            let action: TransactionControl.Action =
                token.kind == .keyword(.commit) || token.kind == .keyword(.end) ? .commit : .rollback
            if isWord("prepared") { throw unsupported("\(action.rawValue) PREPARED") }
            _ = accept(.work) || accept(.transaction)
            if action == .rollback, isKeyword(.to) { throw unsupported("ROLLBACK TO SAVEPOINT") }
            if accept(.and) {
                if !accept(.no) { throw unsupported("AND CHAIN") }
                try expect(.chain)
            }
            return TransactionControl(action, at: at)
        }
    }

    mutating func parseTransactionModes() throws(SQLError) -> [TransactionControl.Mode] {
        var modes: [TransactionControl.Mode] = []
        while true {
            if accept(.isolation) {
                try expect(.level)
                if accept(.serializable) {
                    modes.append(.isolationLevel("serializable"))
                } else if accept(.repeatable) {
                    try expect(.read)
                    modes.append(.isolationLevel("repeatable read"))
                } else {
                    try expect(.read)
                    if accept(.committed) {
                        modes.append(.isolationLevel("read committed"))
                    } else {
                        try expect(.uncommitted)
                        modes.append(.isolationLevel("read uncommitted"))
                    }
                }
            } else if accept(.read) {
                if accept(.only) {
                    modes.append(.readOnly(true))
                } else {
                    try expect(.write)
                    modes.append(.readOnly(false))
                }
            } else if accept(.deferrable) {
                modes.append(.deferrable(true))
            } else if isKeyword(.not), isKeyword(.deferrable, at: 1) {
                advance()
                advance()
                modes.append(.deferrable(false))
            } else {
                return modes
            }
            _ = accept(.comma)
        }
    }
}
