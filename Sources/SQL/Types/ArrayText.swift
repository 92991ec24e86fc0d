import Columnar

/// PostgreSQL's array input (`'{1,NULL,"a b"}'::int[]`, `array_in`) and casts between array types.
enum ArrayText {
    /// PostgreSQL's `22P02` for bad array input (its detail, which `SQLError` has no field for, is dropped).
    static func malformed(_ text: String, _ detail: String) -> SQLError {
        SQLError(.invalidTextRepresentation, "malformed array literal: \"\(text)\"")
    }

    /// The array of type `type` written as `text`.
    static func parse(_ text: String, as type: SQLType) throws(SQLError) -> Datum {
        var parser = Parser(characters: Array(text), text: text)
        parser.skipSpaces()
        if parser.peek == "[" {
            throw SQLError(.featureNotSupported, "array literals with explicit dimensions are not supported")
        }
        guard parser.peek == "{" else {
            throw malformed(text, "Array value must start with \"{\" or dimension information.")
        }
        let value = try parser.array(type)
        parser.skipSpaces()
        guard parser.atEnd else { throw malformed(text, "Junk after closing right brace.") }
        return .nested(value)
    }

    private struct Parser {
        let characters: [Character]
        let text: String
        var offset = 0

        var atEnd: Bool { offset >= characters.count }
        var peek: Character? { atEnd ? nil : characters[offset] }

        mutating func skipSpaces() {
            while let c = peek, c == " " || c == "\t" || c == "\n" || c == "\r" { offset += 1 }
        }

        /// `{ ... }` at `{`, elements of `type`'s element type.
        mutating func array(_ type: SQLType) throws(SQLError) -> Value {
            guard let elementType = type.elementType else { throw ArrayText.malformed(text, "Unexpected \"{\".") }
            offset += 1
            var items: [Value] = []
            skipSpaces()
            if peek == "}" {
                offset += 1
                return .list([])
            }
            while true {
                skipSpaces()
                if peek == "{" {
                    guard elementType.isArray else {
                        throw ArrayText.malformed(text, "Unexpected \"{\" character.")
                    }
                    items.append(try array(elementType))
                } else {
                    if elementType.isArray {
                        throw ArrayText.malformed(text, "Unexpected array element.")
                    }
                    let (element, quoted) = try scalar()
                    if !quoted, element.uppercased() == "NULL" {
                        items.append(.null)
                    } else {
                        items.append(try Cast.fromText(element, to: elementType).columnarValue(as: elementType))
                    }
                }
                skipSpaces()
                guard let next = peek else { throw ArrayText.malformed(text, "Unexpected end of input.") }
                offset += 1
                if next == "}" { break }
                guard next == "," else { throw ArrayText.malformed(text, "Unexpected \"\(next)\" character.") }
            }
            if elementType.isArray {
                let lengths = Set(
                    items.map { item -> Int in if case let .list(inner) = item { inner.count } else { -1 } })
                guard lengths.count <= 1 else {
                    throw ArrayText.malformed(
                        text, "Multidimensional arrays must have sub-arrays with matching dimensions.")
                }
            }
            return .list(items)
        }

        /// One element, quoted or not, with backslash escapes; unquoted elements lose surrounding spaces.
        mutating func scalar() throws(SQLError) -> (String, quoted: Bool) {
            var out = ""
            if peek == "\"" {
                offset += 1
                while true {
                    guard let c = peek else { throw ArrayText.malformed(text, "Unexpected end of input.") }
                    offset += 1
                    if c == "\"" { break }
                    if c == "\\" {
                        guard let escaped = peek else { throw ArrayText.malformed(text, "Unexpected end of input.") }
                        offset += 1
                        out.append(escaped)
                    } else {
                        out.append(c)
                    }
                }
                return (out, true)
            }
            var trailingSpaces = 0
            while let c = peek, c != ",", c != "}" {
                if c == "{" || c == "\"" { throw ArrayText.malformed(text, "Unexpected \"\(c)\" character.") }
                offset += 1
                if c == "\\" {
                    guard let escaped = peek else { throw ArrayText.malformed(text, "Unexpected end of input.") }
                    offset += 1
                    out.append(escaped)
                    trailingSpaces = 0
                } else {
                    out.append(c)
                    trailingSpaces = c == " " || c == "\t" || c == "\n" || c == "\r" ? trailingSpaces + 1 : 0
                }
            }
            out.removeLast(trailingSpaces)
            guard !out.isEmpty else { throw ArrayText.malformed(text, "Unexpected \",\" character.") }
            return (out, false)
        }
    }

    /// An array value converted element by element (`int[]::bigint[]`, `int[]::text[]`).
    static func cast(_ value: Value, from source: SQLType, to target: SQLType) throws(SQLError) -> Datum {
        guard let from = source.elementType, let to = target.elementType, case let .list(items) = value else {
            throw SQLError(SQLState("42846"), "cannot cast type \(source) to \(target)")
        }
        var out: [Value] = []
        out.reserveCapacity(items.count)
        for item in items {
            let converted = try Cast.apply(Datum(item, type: from), from: from, to: to)
            out.append(converted.columnarValue(as: to))
        }
        return .nested(.list(out))
    }
}
