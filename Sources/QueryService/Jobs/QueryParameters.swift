import Foundation

/// AEP's `queryParameters`: `$name` placeholders in the SQL replaced by values, each written as a SQL literal
/// (strings single-quoted with `'` doubled, so a value can never end its literal and add SQL; numbers checked to
/// be numbers; booleans `TRUE`/`FALSE`; null `NULL`). Placeholders inside string literals, quoted identifiers and
/// comments are left alone. A placeholder without a value is an error naming it.
public enum QueryParameters {
    /// A parameter value as JSON gives it.
    public enum Value: Sendable, Hashable {
        case string(String)
        case number(String)
        case bool(Bool)
        case null
    }

    public struct Failure: Error, Sendable, Hashable {
        public var message: String
        /// The parameter at fault, if any.
        public var parameter: String?
    }

    /// `sql` with every `$name` replaced (keys are given with or without their `$`).
    public static func substitute(_ sql: String, _ values: [String: Value]) throws(Failure) -> String {
        var named: [String: Value] = [:]
        for (key, value) in values {
            let name = key.hasPrefix("$") ? String(key.dropFirst()) : key
            guard !name.isEmpty, name.allSatisfy(isNameCharacter), let first = name.first, !first.isNumber else {
                throw Failure(message: "a parameter name is letters, digits and _: \"\(key)\"", parameter: key)
            }
            named[name] = value
        }
        let chars = Array(sql)
        var out = ""
        var index = 0
        while index < chars.count {
            let char = chars[index]
            switch char {
            case "'", "\"":
                let end = closing(chars, from: index, quote: char)
                out += String(chars[index..<end])
                index = end
            case "-" where index + 1 < chars.count && chars[index + 1] == "-":
                var end = index
                while end < chars.count && chars[end] != "\n" { end += 1 }
                out += String(chars[index..<end])
                index = end
            case "/" where index + 1 < chars.count && chars[index + 1] == "*":
                var end = index + 2
                while end + 1 < chars.count && !(chars[end] == "*" && chars[end + 1] == "/") { end += 1 }
                end = min(chars.count, end + 2)
                out += String(chars[index..<end])
                index = end
            case "$" where index + 1 < chars.count && (chars[index + 1].isLetter || chars[index + 1] == "_"):
                var end = index + 1
                while end < chars.count && isNameCharacter(chars[end]) { end += 1 }
                let name = String(chars[(index + 1)..<end])
                guard let value = named[name] else {
                    throw Failure(message: "no value for the query parameter $\(name)", parameter: "$" + name)
                }
                out += try literal(value, name: name)
                index = end
            default:
                out.append(char)
                index += 1
            }
        }
        return out
    }

    static func isNameCharacter(_ char: Character) -> Bool {
        char == "_" || (char.isASCII && (char.isLetter || char.isNumber))
    }

    /// The index after the literal opened at `start` (a doubled quote continues it).
    static func closing(_ chars: [Character], from start: Int, quote: Character) -> Int {
        var index = start + 1
        while index < chars.count {
            if chars[index] == quote {
                if index + 1 < chars.count && chars[index + 1] == quote {
                    index += 2
                    continue
                }
                return index + 1
            }
            index += 1
        }
        return chars.count
    }

    static func literal(_ value: Value, name: String) throws(Failure) -> String {
        switch value {
        case let .string(text):
            guard !text.contains("\u{0}") else {
                throw Failure(message: "the value of $\(name) contains a NUL character", parameter: "$" + name)
            }
            return "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
        case let .number(text):
            guard Double(text) != nil, text.allSatisfy({ "0123456789+-.eE".contains($0) }) else {
                throw Failure(message: "the value of $\(name) is not a number", parameter: "$" + name)
            }
            return text.hasPrefix("-") ? "(\(text))" : text
        case let .bool(flag): return flag ? "TRUE" : "FALSE"
        case .null: return "NULL"
        }
    }

    /// A SQL identifier for `name`, always double-quoted (`"` doubled), so any dataset name is safe.
    public static func quotedIdentifier(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// `select` as `CREATE TABLE "name" AS select` (a trailing `;` dropped).
    public static func createTableAs(_ select: String, datasetName: String) -> String {
        "CREATE TABLE \(quotedIdentifier(datasetName)) AS \(trimmed(select))"
    }

    /// `select` as `INSERT INTO "name" select`.
    public static func insertInto(_ select: String, datasetName: String) -> String {
        "INSERT INTO \(quotedIdentifier(datasetName)) \(trimmed(select))"
    }

    static func trimmed(_ sql: String) -> String {
        var text = Substring(sql)
        while let last = text.last, last == ";" || last.isWhitespace { text = text.dropLast() }
        while let first = text.first, first.isWhitespace { text = text.dropFirst() }
        return String(text)
    }
}
