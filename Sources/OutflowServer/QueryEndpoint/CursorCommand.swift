import PostgresWire
import SQL

/// SQL-level cursors, as psycopg's server-side cursors and other drivers use them: `DECLARE name CURSOR [WITH
/// HOLD] FOR query`, `FETCH [FORWARD] [n | ALL | NEXT] [FROM | IN] name`, `MOVE ...`, `CLOSE name | ALL`.
/// Cursors read forward only (`NO SCROLL`; anything backward is 55000, as PostgreSQL answers for such a cursor)
/// and live until CLOSE or the end of the session.
enum CursorCommand: Sendable, Equatable {
    case declare(name: String, query: String, queryOffset: Int)
    /// `count` nil: ALL. `move`: count the rows, do not return them.
    case fetch(name: String, count: Int?, move: Bool)
    /// nil: ALL.
    case close(name: String?)

    /// The command `sql` is, nil when it is none of these; a malformed one throws 42601.
    init?(_ sql: String) throws {
        try self.init(tokens: (try? SQLLexer.tokens(sql)) ?? [], sql: sql)
    }

    /// The command of `sql`, given its tokens (empty when it does not lex: the parser reports that).
    init?(tokens: [SQLToken], sql: String) throws {
        guard let first = tokens.first.map(Self.word) else { return nil }
        var reader = Reader(tokens: tokens, sql: sql)
        switch first {
        case "declare": self = try reader.declare()
        case "fetch": self = try reader.fetch(move: false)
        case "move": self = try reader.fetch(move: true)
        case "close":
            reader.index = 1
            let name = try reader.name()
            try reader.end()
            self = .close(name: name == "all" && !reader.lastQuoted ? nil : name)
        default: return nil
        }
    }

    /// A word token's text as a name (folded unless quoted), "" for other tokens.
    static func word(_ token: SQLToken) -> String {
        switch token.kind {
        case let .identifier(id): id.value
        case let .keyword(keyword): keyword.rawValue
        default: ""
        }
    }

    struct Reader {
        let tokens: [SQLToken]
        let sql: String
        var index = 0
        var lastQuoted = false

        var current: SQLToken? { index < tokens.count && tokens[index].kind != .end ? tokens[index] : nil }

        func syntaxError() -> WireError {
            guard let current else {
                return WireError(sqlState: "42601", message: "syntax error at end of input")
            }
            let text = String(decoding: Array(sql.utf8)[current.byteRange], as: UTF8.self)
            return WireError(
                sqlState: "42601", message: "syntax error at or near \"\(text)\"", position: current.position.offset)
        }

        mutating func accept(_ word: String) -> Bool {
            guard let current, case .keyword = current.kind, CursorCommand.word(current) == word else {
                if let current, case let .identifier(id) = current.kind, !id.quoted, id.value == word {
                    index += 1
                    return true
                }
                return false
            }
            index += 1
            return true
        }

        mutating func name() throws -> String {
            guard let current else { throw syntaxError() }
            switch current.kind {
            case let .identifier(id):
                lastQuoted = id.quoted
            case .keyword:
                lastQuoted = false
            default:
                throw syntaxError()
            }
            index += 1
            return CursorCommand.word(current)
        }

        func end() throws {
            if current != nil, case .semicolon = tokens[index].kind {} else if current != nil { throw syntaxError() }
        }

        mutating func declare() throws -> CursorCommand {
            index = 1
            let cursor = try name()
            while accept("binary") || accept("insensitive") || accept("asensitive") || accept("scroll")
                || accept("no")
            {}
            guard accept("cursor") else { throw syntaxError() }
            if accept("with") || accept("without") {
                guard accept("hold") else { throw syntaxError() }
            }
            guard accept("for"), let start = current else { throw syntaxError() }
            let bytes = Array(sql.utf8)
            let query = String(decoding: bytes[start.byteRange.lowerBound...], as: UTF8.self)
            return .declare(name: cursor, query: query, queryOffset: start.position.offset - 1)
        }

        mutating func fetch(move: Bool) throws -> CursorCommand {
            index = 1
            var count: Int? = 1
            if accept("next") || accept("forward") {
                if accept("all") {
                    count = nil
                } else if let number = try integer() {
                    count = number
                }
            } else if accept("all") {
                count = nil
            } else if accept("relative") {
                count = try integer() ?? 1
            } else if let number = try integer() {
                count = number
            } else if accept("prior") || accept("first") || accept("last") || accept("absolute")
                || accept("backward")
            {
                throw WireError(sqlState: "55000", message: "cursor can only scan forward")
            }
            if let count, count < 0 {
                throw WireError(sqlState: "55000", message: "cursor can only scan forward")
            }
            _ = accept("from") || accept("in")
            let cursor = try name()
            try end()
            return .fetch(name: cursor, count: count, move: move)
        }

        /// A (signed) integer, or nil when the current token is none.
        mutating func integer() throws -> Int? {
            var negative = false
            if let current, case .op("-") = current.kind {
                negative = true
                index += 1
            }
            guard let current, case let .integer(digits) = current.kind else {
                if negative { throw syntaxError() }
                return nil
            }
            index += 1
            guard let value = Int(digits) else { throw syntaxError() }
            return negative ? -value : value
        }
    }
}
