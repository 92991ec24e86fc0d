/// Type names (`Typename` in PostgreSQL's grammar), with aliases folded (`int4` -> integer).
extension SQLParser {
    /// A type name with array bounds: `int[]`, `text[3][]`, `int ARRAY`, `int ARRAY[4]`.
    mutating func parseTypeName() throws(SQLError) -> TypeName {
        if isKeyword(.setof) { throw unsupported("SETOF") }
        var type = try parseSimpleTypeName()
        if accept(.array) {
            var bound: Int?
            if accept(.leftBracket) {
                bound = try parseSignedInteger()
                try expect(.rightBracket)
            }
            type.arrayBounds.append(bound)
            return type
        }
        while accept(.leftBracket) {
            if accept(.rightBracket) {
                type.arrayBounds.append(nil)
            } else {
                type.arrayBounds.append(try parseSignedInteger())
                try expect(.rightBracket)
            }
        }
        return type
    }

    /// `(n)` or `(p, s)` after a type keyword; empty when absent.
    mutating func parseTypeModifiers() throws(SQLError) -> [Int] {
        guard isToken(.leftParen) else { return [] }
        advance()
        var values: [Int] = []
        repeat {
            guard case .integer = current.kind else {
                if isOperator("-") || isOperator("+") {
                    values.append(try parseSignedInteger())
                    continue
                }
                throw SQLError.syntax(
                    "type modifiers must be simple constants or identifiers", at: current.position.offset)
            }
            values.append(try parseSignedInteger())
        } while accept(.comma)
        try expect(.rightParen)
        return values
    }

    mutating func parseOptionalPrecision() throws(SQLError) -> Int? {
        guard accept(.leftParen) else { return nil }
        let value = try parseSignedInteger()
        try expect(.rightParen)
        return value
    }

    /// `WITH TIME ZONE` (true), `WITHOUT TIME ZONE` (false) or nothing (false).
    mutating func parseTimeZoneSuffix() throws(SQLError) -> Bool {
        if isKeyword(.with), isKeyword(.time, at: 1) {
            advance()
            advance()
            try expect(.zone)
            return true
        }
        if accept(.without) {
            try expect(.time)
            try expect(.zone)
        }
        return false
    }

    mutating func parseSimpleTypeName() throws(SQLError) -> TypeName {
        let token = current
        let at = token.position
        func make(_ base: TypeName.Base) -> TypeName { TypeName(base, at: at) }
        switch token.kind {
        case .keyword(.int), .keyword(.integer):
            advance()
            return make(.integer)
        case .keyword(.smallint):
            advance()
            return make(.smallint)
        case .keyword(.bigint):
            advance()
            return make(.bigint)
        case .keyword(.real):
            advance()
            return make(.real)
        case .keyword(.boolean):
            advance()
            return make(.boolean)
        case .keyword(.double):
            advance()
            try expect(.precision)
            return make(.doublePrecision)
        case .keyword(.float):
            advance()
            guard let bits = try parseOptionalPrecision() else { return make(.doublePrecision) }
            if bits < 1 {
                throw SQLError(
                    .invalidParameterValue, "precision for type float must be at least 1 bit",
                    position: at.offset)
            }
            if bits > 53 {
                throw SQLError(
                    .invalidParameterValue, "precision for type float must be less than 54 bits",
                    position: at.offset)
            }
            return make(bits <= 24 ? .real : .doublePrecision)
        case .keyword(.decimal), .keyword(.dec), .keyword(.numeric):
            advance()
            let modifiers = try parseTypeModifiers()
            guard modifiers.count <= 2 else { throw syntaxError() }
            return make(.numeric(precision: modifiers.first, scale: modifiers.count == 2 ? modifiers[1] : nil))
        case .keyword(.bit):
            advance()
            let varying = accept(.varying)
            let modifiers = try parseTypeModifiers()
            return make(.named(ObjectName([Identifier(varying ? "varbit" : "bit")]), modifiers: modifiers))
        case .keyword(.character), .keyword(.char), .keyword(.varchar), .keyword(.national), .keyword(.nchar):
            advance()
            var varying = token.kind == .keyword(.varchar)
            if token.kind == .keyword(.national) {
                guard accept(.character) || accept(.char) else { throw syntaxError() }
            }
            if !varying, accept(.varying) { varying = true }
            let length = try parseOptionalPrecision()
            if isKeyword(.character), isKeyword(.set, at: 1) { throw unsupported("CHARACTER SET") }
            return make(varying ? .varchar(length: length) : .char(length: length))
        case .keyword(.time), .keyword(.timestamp):
            advance()
            let precision = try parseOptionalPrecision()
            let withTimeZone = try parseTimeZoneSuffix()
            return token.kind == .keyword(.time)
                ? make(.time(precision: precision, withTimeZone: withTimeZone))
                : make(.timestamp(precision: precision, withTimeZone: withTimeZone))
        case .keyword(.interval):
            advance()
            if let precision = try parseOptionalPrecision() {
                return make(.interval(fields: nil, precision: precision))
            }
            let (fields, precision) = try parseIntervalFields()
            return make(.interval(fields: fields, precision: precision))
        default:
            guard isTypeFunctionName(), let head = identifier(of: token) else { throw syntaxError() }
            advance()
            var parts = [head]
            while isToken(.dot), identifier(of: peek()) != nil {
                advance()
                parts.append(try parseLabel())
            }
            let modifiers = try parseTypeModifiers()
            return Self.knownType(ObjectName(parts, position: at), modifiers: modifiers, at: at)
        }
    }

    /// `YEAR`, `DAY TO SECOND(3)`, ... after INTERVAL; (nil, nil) when absent.
    mutating func parseIntervalFields() throws(SQLError) -> (IntervalFields?, Int?) {
        func secondPrecision(_ parser: inout SQLParser) throws(SQLError) -> Int? {
            try parser.parseOptionalPrecision()
        }
        if accept(.year) {
            if accept(.to) {
                try expect(.month)
                return (.yearToMonth, nil)
            }
            return (.year, nil)
        }
        if accept(.month) { return (.month, nil) }
        if accept(.day) {
            if accept(.to) {
                if accept(.hour) { return (.dayToHour, nil) }
                if accept(.minute) { return (.dayToMinute, nil) }
                try expect(.second)
                return (.dayToSecond, try secondPrecision(&self))
            }
            return (.day, nil)
        }
        if accept(.hour) {
            if accept(.to) {
                if accept(.minute) { return (.hourToMinute, nil) }
                try expect(.second)
                return (.hourToSecond, try secondPrecision(&self))
            }
            return (.hour, nil)
        }
        if accept(.minute) {
            if accept(.to) {
                try expect(.second)
                return (.minuteToSecond, try secondPrecision(&self))
            }
            return (.minute, nil)
        }
        if accept(.second) { return (.second, try secondPrecision(&self)) }
        return (nil, nil)
    }

    /// PostgreSQL's built-in aliases, unqualified or in `pg_catalog`; other names stay `.named`.
    static func knownType(_ name: ObjectName, modifiers: [Int], at: SourcePosition) -> TypeName {
        var parts = name.parts
        if parts.count == 2, parts[0].value == "pg_catalog" { parts.removeFirst() }
        guard parts.count == 1, let last = parts.first else {
            return TypeName(.named(name, modifiers: modifiers), at: at)
        }
        let base: TypeName.Base?
        switch (last.value, modifiers.count) {
        case ("int2", 0): base = .smallint
        case ("int4", 0): base = .integer
        case ("int8", 0): base = .bigint
        case ("float4", 0): base = .real
        case ("float8", 0): base = .doublePrecision
        case ("bool", 0): base = .boolean
        case ("text", 0): base = .text
        case ("bytea", 0): base = .bytea
        case ("date", 0): base = .date
        case ("json", 0): base = .json
        case ("jsonb", 0): base = .jsonb
        case ("varchar", 0...1): base = .varchar(length: modifiers.first)
        case ("bpchar", 1): base = .char(length: modifiers.first)
        case ("timestamptz", 0...1): base = .timestamp(precision: modifiers.first, withTimeZone: true)
        case ("timetz", 0...1): base = .time(precision: modifiers.first, withTimeZone: true)
        default: base = nil
        }
        return TypeName(base ?? .named(name, modifiers: modifiers), at: at)
    }
}
