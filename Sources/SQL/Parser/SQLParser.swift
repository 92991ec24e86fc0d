/// PostgreSQL 15's grammar (the supported subset) by recursive descent over `SQLLexer`'s tokens.
///
/// `SQLParser.parse(_:)` reads a string of statements separated by `;`. Anything outside the subset is refused
/// with an `SQLError` (`0A000` for valid PostgreSQL the engine does not support, `42601` for a syntax error),
/// never parsed into something else. Nesting is bounded by `Options.maxDepth` (`54001` beyond it), so no
/// input can exhaust the stack.
public struct SQLParser {
    public struct Options: Sendable {
        /// The deepest nesting of expressions, queries and FROM items accepted (`54001` beyond).
        public var maxDepth: Int
        /// The most stack the parser may use below its entry, in bytes (`54001` beyond), as PostgreSQL's
        /// `max_stack_depth` (whose default, 2 MB, this shares): a debug build uses far more stack per level than a release build, and a thread
        /// of Swift's cooperative pool has less stack than a main thread, so depth alone cannot bound it.
        public var maxStackBytes: Int

        public init(maxDepth: Int = 500, maxStackBytes: Int = 2 * 1024 * 1024) {
            self.maxDepth = maxDepth
            self.maxStackBytes = maxStackBytes
        }
    }

    let tokens: [SQLToken]
    let lexicalError: SQLError?
    let bytes: [UInt8]
    let options: Options
    var index = 0
    var depth = 0
    /// The stack address at the parser's entry (`run`), for the stack budget.
    var stackBase: UInt = 0

    init(_ text: String, options: Options) {
        var lexer = SQLLexer(text)
        let (tokens, error) = lexer.scan()
        self.tokens = tokens
        self.lexicalError = error
        self.bytes = lexer.bytes
        self.options = options
    }

    /// The statements of `text`, split on `;` (empty statements are skipped).
    public static func parse(_ text: String, options: Options = Options()) throws(SQLError) -> [Statement] {
        var parser = SQLParser(text, options: options)
        return try parser.run { (p: inout SQLParser) throws(SQLError) in try p.parseStatements() }
    }

    /// Exactly one statement (an optional trailing `;` allowed).
    public static func parseStatement(_ text: String, options: Options = Options()) throws(SQLError) -> Statement {
        let statements = try parse(text, options: options)
        guard statements.count == 1, let statement = statements.first else {
            throw SQLError(.syntaxError, "expected exactly one statement, found \(statements.count)")
        }
        return statement
    }

    /// One value expression (for tests and for settings that hold an expression).
    public static func parseExpression(_ text: String, options: Options = Options()) throws(SQLError) -> Expression {
        var parser = SQLParser(text, options: options)
        return try parser.run { (p: inout SQLParser) throws(SQLError) in
            let expression = try p.parseExpression()
            guard case .end = p.current.kind else { throw p.syntaxError() }
            return expression
        }
    }

    /// Runs `body`; a lexical error wins over a parse error at or after its position (PostgreSQL lexes on
    /// demand, so the parser never sees the tokens after a lexical error).
    mutating func run<T>(_ body: (inout SQLParser) throws(SQLError) -> T) throws(SQLError) -> T {
        stackBase = Self.stackAddress()
        do throws(SQLError) {
            let result = try body(&self)
            if let lexicalError { throw lexicalError }
            return result
        } catch {
            if let lexicalError, (error.position ?? Int.max) >= (lexicalError.position ?? 0) { throw lexicalError }
            throw error
        }
    }

    // MARK: - Tokens

    var current: SQLToken { tokens[index] }

    func peek(_ offset: Int = 1) -> SQLToken { tokens[min(index + offset, tokens.count - 1)] }

    @discardableResult
    mutating func advance() -> SQLToken {
        let token = tokens[index]
        if index < tokens.count - 1 { index += 1 }
        return token
    }

    func isKeyword(_ keyword: SQLKeyword, at offset: Int = 0) -> Bool {
        if case .keyword(keyword) = peek(offset).kind { return true }
        return false
    }

    func isKeyword(in set: Set<SQLKeyword>, at offset: Int = 0) -> Bool {
        if case let .keyword(k) = peek(offset).kind { return set.contains(k) }
        return false
    }

    mutating func accept(_ keyword: SQLKeyword) -> Bool {
        guard isKeyword(keyword) else { return false }
        advance()
        return true
    }

    mutating func expect(_ keyword: SQLKeyword) throws(SQLError) {
        guard accept(keyword) else { throw syntaxError() }
    }

    func isToken(_ kind: SQLToken.Kind, at offset: Int = 0) -> Bool { peek(offset).kind == kind }

    mutating func accept(_ kind: SQLToken.Kind) -> Bool {
        guard current.kind == kind else { return false }
        advance()
        return true
    }

    mutating func expect(_ kind: SQLToken.Kind) throws(SQLError) {
        guard accept(kind) else { throw syntaxError() }
    }

    func isOperator(_ symbol: String, at offset: Int = 0) -> Bool { peek(offset).kind == .op(symbol) }

    /// An unquoted identifier spelled `word` (a contextual keyword such as `ASOF` or `IGNORE`).
    func isWord(_ word: String, at offset: Int = 0) -> Bool {
        if case let .identifier(id) = peek(offset).kind { return !id.quoted && id.value == word }
        return false
    }

    func text(of token: SQLToken) -> String {
        String(decoding: bytes[token.byteRange.clamped(to: 0..<bytes.count)], as: UTF8.self)
    }

    // MARK: - Errors and depth

    /// `syntax error at or near "<token>"` (or `at end of input`) at `token`, default the current one.
    func syntaxError(at token: SQLToken? = nil) -> SQLError {
        let token = token ?? current
        if case .end = token.kind {
            return .syntax("syntax error at end of input", at: token.position.offset)
        }
        return .syntax("syntax error at or near \"\(text(of: token))\"", at: token.position.offset)
    }

    func unsupported(_ what: String, at token: SQLToken? = nil) -> SQLError {
        .unsupported(what, at: (token ?? current).position.offset)
    }

    /// An address in the caller's stack frame (stacks grow down on every platform Outflow runs on).
    @inline(never)
    static func stackAddress() -> UInt {
        var marker: UInt8 = 0
        return withUnsafeMutablePointer(to: &marker) { UInt(bitPattern: $0) }
    }

    mutating func enter() throws(SQLError) {
        depth += 1
        let used = stackBase > 0 ? Int(bitPattern: stackBase &- Self.stackAddress()) : 0
        if depth > options.maxDepth || used > options.maxStackBytes {
            throw SQLError(
                .statementTooComplex,
                "statement is too complex: nesting deeper than \(options.maxDepth) levels",
                position: current.position.offset)
        }
    }

    mutating func leave() { depth -= 1 }

    // MARK: - Names

    /// The identifier a word token spells: an identifier, or a keyword used as a name.
    func identifier(of token: SQLToken) -> Identifier? {
        switch token.kind {
        case let .identifier(id): return id
        case let .keyword(k): return Identifier(value: k.rawValue, original: text(of: token), quoted: false)
        default: return nil
        }
    }

    /// Whether the current token can be a `ColId` (a column, table or alias name).
    func isColumnIdentifier(at offset: Int = 0) -> Bool {
        switch peek(offset).kind {
        case .identifier: return true
        case let .keyword(k): return k.category == .unreserved || k.category == .columnName
        default: return false
        }
    }

    /// Whether the current token can name a function or type (`type_function_name`).
    func isTypeFunctionName(at offset: Int = 0) -> Bool {
        switch peek(offset).kind {
        case .identifier: return true
        case let .keyword(k): return k.category == .unreserved || k.category == .typeOrFunctionName
        default: return false
        }
    }

    /// A `ColId`.
    mutating func parseColumnIdentifier() throws(SQLError) -> Identifier {
        guard isColumnIdentifier(), let id = identifier(of: current) else { throw syntaxError() }
        advance()
        return id
    }

    /// A `ColLabel`: any identifier or keyword (after `AS` and `.`).
    mutating func parseLabel() throws(SQLError) -> Identifier {
        guard let id = identifier(of: current) else { throw syntaxError() }
        advance()
        return id
    }

    /// `ColId ('.' ColLabel)*`: a table, view or type name.
    mutating func parseObjectName() throws(SQLError) -> ObjectName {
        let position = current.position
        var parts = [try parseColumnIdentifier()]
        while isToken(.dot), identifier(of: peek()) != nil {
            advance()
            parts.append(try parseLabel())
        }
        return ObjectName(parts, position: position)
    }

    /// `(name, ...)`
    mutating func parseIdentifierList() throws(SQLError) -> [Identifier] {
        try expect(.leftParen)
        var names = [try parseColumnIdentifier()]
        while accept(.comma) { names.append(try parseColumnIdentifier()) }
        try expect(.rightParen)
        return names
    }

    /// A signed integer constant (type modifiers, precisions).
    mutating func parseSignedInteger() throws(SQLError) -> Int {
        var sign = 1
        if isOperator("-") || isOperator("+") {
            if isOperator("-") { sign = -1 }
            advance()
        }
        guard case let .integer(digits) = current.kind, let value = Int(digits), value <= Int(Int32.max) else {
            throw syntaxError()
        }
        advance()
        return sign * value
    }
}
