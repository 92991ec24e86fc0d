import Foundation
import PostgresWire

/// The fake engine's reading of `COPY (query) TO STDOUT [WITH] (options)`, `COPY table TO STDOUT ...` and the legacy
/// `WITH CSV HEADER` form: the inner query and the options, as the real engine hands them to the server.
enum FakeCopy {
    /// nil when `sql` is not a COPY; the inner query has its whitespace collapsed (psql's `\copy` spaces it out).
    static func parse(_ sql: String) throws -> (query: String, options: WireCopyOut, forceQuoteNames: [String])? {
        var tokens = try tokenize(sql)
        guard tokens.first?.lowercased() == "copy", tokens.count >= 4 else { return nil }
        tokens.removeFirst()
        let source = tokens.removeFirst()
        let query: String
        if source.hasPrefix("(") {
            query = source.dropFirst().dropLast().split(whereSeparator: \.isWhitespace).joined(separator: " ")
        } else {
            query = "select * from \(source)"
        }
        let direction = tokens.removeFirst().lowercased()
        let target = tokens.removeFirst().lowercased()
        guard direction == "to", target == "stdout" else {
            throw WireError(sqlState: "0A000", message: "COPY \(direction) \(target) is not supported")
        }
        if tokens.first?.lowercased() == "with" { tokens.removeFirst() }
        var format = WireCopyOut.Format.text
        var values: [String: String] = [:]
        var header = false
        var forceQuoteNames: [String] = []
        var forceAll = false
        if let list = tokens.first, list.hasPrefix("(") {
            // (FORMAT csv, HEADER, DELIMITER '|', FORCE_QUOTE (a, b) ...)
            for option in try splitOptions(String(list.dropFirst().dropLast())) {
                let name = option[0].lowercased()
                let value = option.count > 1 ? option[1] : ""
                switch name {
                case "format": format = try Self.format(value)
                case "header": header = value.isEmpty || ["true", "on", "1"].contains(value.lowercased())
                case "delimiter", "null", "quote", "escape": values[name] = unquote(value)
                case "force_quote":
                    if value == "*" {
                        forceAll = true
                    } else {
                        forceQuoteNames = value.dropFirst().dropLast().split(separator: ",").map {
                            $0.trimmingCharacters(in: .whitespaces)
                        }
                    }
                default: throw WireError(sqlState: "42601", message: "option \"\(name)\" not recognized")
                }
            }
        } else {
            // Legacy: [BINARY] [DELIMITER [AS] 'x'] [NULL [AS] 'x'] [CSV [HEADER] [QUOTE [AS] 'x'] ...]
            var index = 0
            func value() -> String {
                if index + 1 < tokens.count, tokens[index + 1].lowercased() == "as" { index += 1 }
                index += 1
                return index < tokens.count ? unquote(tokens[index]) : ""
            }
            while index < tokens.count {
                switch tokens[index].lowercased() {
                case "binary": format = .binary
                case "csv": format = .csv
                case "header": header = true
                case "delimiter": values["delimiter"] = value()
                case "null": values["null"] = value()
                case "quote": values["quote"] = value()
                case "escape": values["escape"] = value()
                default:
                    throw WireError(sqlState: "42601", message: "syntax error at or near \"\(tokens[index])\"")
                }
                index += 1
            }
        }
        let options = WireCopyOut(
            format: format, delimiter: values["delimiter"], null: values["null"], header: header,
            quote: values["quote"], escape: values["escape"], forceQuote: forceAll ? .all : .none)
        return (query, options, forceQuoteNames)
    }

    static func format(_ name: String) throws -> WireCopyOut.Format {
        switch name.lowercased() {
        case "text": return .text
        case "csv": return .csv
        case "binary": return .binary
        default: throw WireError(sqlState: "22023", message: "COPY format \"\(name)\" not recognized")
        }
    }

    static func unquote(_ token: String) -> String {
        guard token.count >= 2, token.hasPrefix("'"), token.hasSuffix("'") else { return token }
        return String(token.dropFirst().dropLast()).replacingOccurrences(of: "''", with: "'")
    }

    /// Words, 'quoted strings' and (parenthesized groups) as whole tokens.
    static func tokenize(_ sql: String) throws -> [String] {
        var tokens: [String] = []
        var current = ""
        var depth = 0
        var inQuote = false
        func end() {
            if !current.isEmpty { tokens.append(current) }
            current = ""
        }
        for character in sql {
            if inQuote {
                current.append(character)
                if character == "'" { inQuote = false }
                continue
            }
            switch character {
            case "'":
                inQuote = true
                current.append(character)
            case "(":
                if depth == 0 { end() }
                depth += 1
                current.append(character)
            case ")":
                depth -= 1
                current.append(character)
                if depth == 0 { end() }
            case _ where character.isWhitespace && depth == 0: end()
            case ";" where depth == 0: end()
            default: current.append(character)
            }
        }
        guard depth == 0, !inQuote else { throw WireError(sqlState: "42601", message: "syntax error at end of input") }
        end()
        return tokens
    }

    /// `a 'x', b, c (d, e)` -> [[a, 'x'], [b], [c, (d, e)]].
    static func splitOptions(_ list: String) throws -> [[String]] {
        var options: [[String]] = []
        var current = ""
        var depth = 0
        var inQuote = false
        for character in list {
            if character == "'" { inQuote.toggle() }
            if !inQuote {
                if character == "(" { depth += 1 }
                if character == ")" { depth -= 1 }
                if character == ",", depth == 0 {
                    options.append(try tokenize(current))
                    current = ""
                    continue
                }
            }
            current.append(character)
        }
        options.append(try tokenize(current))
        return options.filter { !$0.isEmpty }
    }
}
