/// `format(fmt, ...)` (`%s`, `%I`, `%L`, `%%`, with `n$` positions, the `-` flag and widths),
/// `quote_ident` and `quote_literal`, as PostgreSQL 15's `varlena.c` and `quote.c`.
enum TextFormat {
    static func error(_ message: String, hint: String? = nil) -> SQLError {
        SQLError(.invalidParameterValue, message, hint: hint)
    }

    /// `arguments` are the values as text (or NULL).
    static func format(_ format: String, _ arguments: [Datum]) throws -> String {
        let scalars = Array(format.unicodeScalars)
        var out = String.UnicodeScalarView()
        var index = 0
        var nextArgument = 0
        func number() -> Int? {
            var value = 0
            var sawDigit = false
            while index < scalars.count, let digit = Int(String(scalars[index])), scalars[index].isASCII {
                value = value > 100_000_000 ? value : value * 10 + digit
                sawDigit = true
                index += 1
            }
            return sawDigit ? value : nil
        }
        func unterminated() -> SQLError {
            error("unterminated format() type specifier", hint: "For a single \"%\" use \"%%\".")
        }
        while index < scalars.count {
            let scalar = scalars[index]
            index += 1
            guard scalar == "%" else {
                out.append(scalar)
                continue
            }
            guard index < scalars.count else { throw unterminated() }
            if scalars[index] == "%" {
                out.append("%")
                index += 1
                continue
            }
            var position: Int?
            let start = index
            if let n = number(), index < scalars.count, scalars[index] == "$" {
                guard n > 0 else { throw error("format specifies argument 0, but arguments are numbered from 1") }
                position = n
                index += 1
            } else {
                index = start
            }
            var leftAlign = false
            while index < scalars.count, scalars[index] == "-" {
                leftAlign = true
                index += 1
            }
            guard index < scalars.count else { throw unterminated() }
            if scalars[index] == "*" {
                throw SQLError(.featureNotSupported, "format() widths given by arguments (*) are not supported")
            }
            let width = number() ?? 0
            guard index < scalars.count else { throw unterminated() }
            let type = scalars[index]
            index += 1
            guard type == "s" || type == "I" || type == "L" else {
                throw error(
                    "unrecognized format() type specifier \"\(type)\"", hint: "For a single \"%\" use \"%%\".")
            }
            let argumentIndex = position.map { $0 - 1 } ?? nextArgument
            guard argumentIndex < arguments.count else { throw error("too few arguments for format()") }
            nextArgument = argumentIndex + 1
            var value: String
            switch (type, arguments[argumentIndex]) {
            case (_, .text(let text)):
                value = type == "s" ? text : (type == "I" ? quoteIdent(text) : quoteLiteral(text))
            case ("I", _):
                throw SQLError(SQLState("22004"), "null values cannot be formatted as an SQL identifier")
            case ("L", _): value = "NULL"
            default: value = ""
            }
            let length = value.unicodeScalars.count
            if width > length {
                let padding = String(repeating: " ", count: width - length)
                value = leftAlign ? value + padding : padding + value
            }
            out.append(contentsOf: value.unicodeScalars)
        }
        return String(out)
    }

    /// The name quoted unless it reads back as itself: lower-case letters, digits and `_`, not starting with a
    /// digit, not a keyword other than an unreserved one.
    static func quoteIdent(_ name: String) -> String {
        var safe = false
        if let first = name.utf8.first, first == UInt8(ascii: "_") || (first >= 0x61 && first <= 0x7A) {
            safe = name.utf8.allSatisfy { c in
                c == UInt8(ascii: "_") || (c >= 0x61 && c <= 0x7A) || (c >= 0x30 && c <= 0x39)
            }
        }
        if safe, let keyword = SQLKeyword.lookup(name), keyword.category != .unreserved { safe = false }
        return safe ? name : "\"" + name.replacingAll("\"", with: "\"\"") + "\""
    }

    /// `'...'` with quotes doubled; with a backslash, `E'...'` with backslashes doubled.
    static func quoteLiteral(_ text: String) -> String {
        var out = text.contains("\\") ? "E'" : "'"
        for character in text.unicodeScalars {
            if character == "'" || character == "\\" { out.unicodeScalars.append(character) }
            out.unicodeScalars.append(character)
        }
        return out + "'"
    }
}
