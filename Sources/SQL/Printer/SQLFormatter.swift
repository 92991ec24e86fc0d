/// Renders an AST back to SQL that `SQLParser` reads back to the same tree (positions aside): every compound
/// expression is parenthesized, every set-operation operand too, and aliases always take `AS`. The output is
/// meant to be exact rather than pretty.
public struct SQLFormatter: Sendable {
    public init() {}

    // MARK: - Names and constants

    /// An identifier as written: an unquoted one by its original spelling, a quoted one in double quotes.
    public static func identifier(_ id: Identifier) -> String {
        id.quoted ? quoted(id.value) : id.original
    }

    /// `"name"` with `"` doubled.
    public static func quoted(_ name: String) -> String {
        "\"" + name.replacingAll("\"", with: "\"\"") + "\""
    }

    /// A name held as a string (a setting name): bare when it reads back the same, else quoted.
    public static func name(_ value: String) -> String {
        isPlainWord(value) ? value : quoted(value)
    }

    /// Whether `value` lexes as itself unquoted: lower-case ASCII identifier characters, not a reserved or
    /// type/function-name keyword.
    static func isPlainWord(_ value: String) -> Bool {
        guard let first = value.utf8.first, first == UInt8(ascii: "_") || (first >= 0x61 && first <= 0x7A) else {
            return false
        }
        for c in value.utf8 {
            let ok = c == UInt8(ascii: "_") || (c >= 0x61 && c <= 0x7A) || (c >= 0x30 && c <= 0x39) || c == 0x24
            if !ok { return false }
        }
        if let keyword = SQLKeyword.lookup(value) {
            return keyword.category == .unreserved || keyword.category == .columnName
        }
        return true
    }

    /// `'text'` with `'` doubled (standard-conforming strings).
    public static func stringLiteral(_ value: String) -> String {
        "'" + value.replacingAll("'", with: "''") + "'"
    }

    func names(_ ids: [Identifier]) -> String { ids.map(Self.identifier).joined(separator: ", ") }

    func objectName(_ name: ObjectName) -> String { name.parts.map(Self.identifier).joined(separator: ".") }

    // MARK: - Statements

    public func statement(_ statement: Statement) -> String {
        switch statement {
        case let .query(query):
            return self.query(query)
        case let .createTableAs(create):
            var text = "CREATE TABLE " + (create.ifNotExists ? "IF NOT EXISTS " : "") + objectName(create.name)
            if !create.columns.isEmpty { text += " (" + names(create.columns) + ")" }
            text += " AS " + query(create.query)
            if !create.withData { text += " WITH NO DATA" }
            return text
        case let .insert(insert):
            var text = "INSERT INTO " + objectName(insert.table)
            if !insert.columns.isEmpty { text += " (" + names(insert.columns) + ")" }
            return text + " " + query(insert.source)
        case let .createView(view):
            var text = "CREATE " + (view.orReplace ? "OR REPLACE " : "") + "VIEW " + objectName(view.name)
            if !view.columns.isEmpty { text += " (" + names(view.columns) + ")" }
            return text + " AS " + query(view.query)
        case let .drop(drop):
            var text = "DROP " + drop.kind.rawValue + (drop.ifExists ? " IF EXISTS " : " ")
            text += drop.names.map(objectName).joined(separator: ", ")
            if let behavior = drop.behavior { text += " " + behavior.rawValue }
            return text
        case let .explain(explain):
            var text = "EXPLAIN "
            if !explain.options.isEmpty {
                let options = explain.options.map { option in
                    optionName(option.name) + (option.value.map { " " + optionValue($0) } ?? "")
                }
                text += "(" + options.joined(separator: ", ") + ") "
            }
            return text + self.statement(explain.statement)
        case let .set(set):
            let name = set.name.split(separator: ".").map { Self.name(String($0)) }.joined(separator: ".")
            var text = "SET " + (set.local ? "LOCAL " : "") + name + " TO "
            if set.values.isEmpty { return text + "DEFAULT" }
            text += set.values.map { value in
                switch value {
                case let .string(string): Self.stringLiteral(string)
                case let .number(number): number
                }
            }.joined(separator: ", ")
            return text
        case let .show(show):
            return "SHOW " + settingName(show.name)
        case let .reset(reset):
            return "RESET " + settingName(reset.name)
        case let .transaction(transaction):
            let modes = transaction.modes.map { mode in
                switch mode {
                case let .isolationLevel(level): "ISOLATION LEVEL " + level.uppercased()
                case let .readOnly(readOnly): readOnly ? "READ ONLY" : "READ WRITE"
                case let .deferrable(deferrable): deferrable ? "DEFERRABLE" : "NOT DEFERRABLE"
                }
            }
            return ([transaction.action.rawValue] + [modes.joined(separator: ", ")].filter { !$0.isEmpty })
                .joined(separator: " ")
        case let .copy(copy):
            return copyStatement(copy)
        }
    }

    func copyStatement(_ copy: Copy) -> String {
        var text = "COPY "
        switch copy.source {
        case let .query(query): text += "(" + self.query(query) + ")"
        case let .table(name, columns):
            text += objectName(name) + (columns.isEmpty ? "" : " (" + names(columns) + ")")
        }
        text += " TO STDOUT"
        guard !copy.options.isEmpty else { return text }
        let options = copy.options.map { option in
            if let columns = option.columns { return option.name.uppercased() + " (" + names(columns) + ")" }
            guard let value = option.value else { return option.name.uppercased() }
            return option.name.uppercased() + " " + (value == "*" ? "*" : Self.stringLiteral(value))
        }
        return text + " (" + options.joined(separator: ", ") + ")"
    }

    func settingName(_ name: String) -> String {
        switch name {
        case "all": "ALL"
        case "timezone": "TIME ZONE"
        case "transaction_isolation": "TRANSACTION ISOLATION LEVEL"
        case "session_authorization": "SESSION AUTHORIZATION"
        default: name.split(separator: ".").map { Self.name(String($0)) }.joined(separator: ".")
        }
    }

    /// An EXPLAIN option name: any keyword may name an option, so a lower-case word needs no quotes.
    func optionName(_ name: String) -> String {
        let plain =
            !name.isEmpty
            && name.utf8.allSatisfy { c in
                c == UInt8(ascii: "_") || (c >= 0x61 && c <= 0x7A) || (c >= 0x30 && c <= 0x39)
            } && !(name.utf8.first.map { $0 >= 0x30 && $0 <= 0x39 } ?? true)
        return plain ? name : Self.quoted(name)
    }

    /// An EXPLAIN option value: bare when it reads back as the same word or number, else a string.
    func optionValue(_ value: String) -> String {
        if Self.isPlainWord(value) || value == "true" || value == "false" || value == "on" { return value }
        if let first = value.utf8.first, (first >= 0x30 && first <= 0x39) || first == UInt8(ascii: "-"),
            value.utf8.dropFirst().allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || $0 == UInt8(ascii: ".") }),
            value.utf8.count > (first == UInt8(ascii: "-") ? 1 : 0), value.utf8.last != UInt8(ascii: ".")
        {
            return value
        }
        return Self.stringLiteral(value)
    }
}

extension String {
    /// Every occurrence of `target` replaced (standard library only, no Foundation).
    func replacingAll(_ target: Character, with replacement: String) -> String {
        guard contains(target) else { return self }
        var result = ""
        result.reserveCapacity(utf8.count + 8)
        for c in self {
            if c == target {
                result += replacement
            } else {
                result.append(c)
            }
        }
        return result
    }
}
