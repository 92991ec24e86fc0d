public import SQL

/// A `COPY ... TO STDOUT` statement's options, checked as PostgreSQL 15 checks them (`ProcessCopyOptions`), with
/// each format's defaults filled in: what the PostgreSQL endpoint needs to write the rows in COPY's formats.
public struct CopyRequest: Sendable, Equatable {
    public enum Format: String, Sendable, Equatable {
        case text, csv, binary
    }

    public var format: Format = .text
    /// One single-byte character: tab for text, `,` for CSV.
    public var delimiter: String = "\t"
    /// How NULL is written: `\N` for text, the empty string for CSV.
    public var null: String = "\\N"
    public var header = false
    /// CSV's quote and escape characters (`"` both by default).
    public var quote: String = "\""
    public var escape: String = "\""
    /// `FORCE_QUOTE *` (every column) or the indexes of the named columns: quoted even when not needed (CSV).
    public var forceQuoteAll = false
    public var forceQuoteColumns: Set<Int> = []

    /// The options of `copy` for a result with `columns`; an unknown option, a value that does not fit or an
    /// option of another format is an error with PostgreSQL's SQLSTATE.
    public init(_ options: [Copy.Option], columns: [PlanColumn]) throws(SQLError) {
        var seen: Set<String> = []
        var delimiter: String?
        var null: String?
        var quote: String?
        var escape: String?
        var forceQuote: Copy.Option?
        for option in options {
            let position = option.position.offset
            guard seen.insert(option.name).inserted else {
                throw SQLError(.syntaxError, "conflicting or redundant options", position: position)
            }
            switch option.name {
            case "format":
                guard let value = option.value, let format = Format(rawValue: value.lowercased()) else {
                    throw SQLError(
                        SQLState("22023"), "COPY format \"\(option.value ?? "")\" not recognized", position: position)
                }
                self.format = format
            case "delimiter": delimiter = try Self.string(option)
            case "null": null = try Self.string(option)
            case "quote": quote = try Self.string(option)
            case "escape": escape = try Self.string(option)
            case "header":
                switch option.value?.lowercased() {
                case nil, "true", "on", "1": header = true
                case "false", "off", "0": header = false
                case "match":
                    throw SQLError(
                        .featureNotSupported, "cannot use \"match\" with HEADER in COPY TO", position: position)
                default:
                    throw SQLError(
                        SQLState("22023"), "header requires a Boolean value or \"match\"", position: position)
                }
            case "force_quote": forceQuote = option
            case "encoding":
                let value = (option.value ?? "").uppercased().filter { $0 != "-" && $0 != "_" }
                guard value == "UTF8" || value == "UNICODE" else {
                    throw SQLError(
                        .featureNotSupported, "COPY encoding \"\(option.value ?? "")\": only UTF8 is supported",
                        position: position)
                }
            case "freeze", "force_not_null", "force_null":
                throw SQLError(
                    .featureNotSupported, "COPY \(option.name.uppercased()) is a COPY FROM option", position: position)
            default:
                throw SQLError(.syntaxError, "option \"\(option.name)\" not recognized", position: position)
            }
        }
        try apply(delimiter: delimiter, null: null, quote: quote, escape: escape)
        if let forceQuote { try applyForceQuote(forceQuote, columns: columns) }
    }

    private mutating func apply(delimiter: String?, null: String?, quote: String?, escape: String?) throws(SQLError) {
        if format == .binary {
            if delimiter != nil { throw SQLError(.syntaxError, "cannot specify DELIMITER in BINARY mode") }
            if null != nil { throw SQLError(.syntaxError, "cannot specify NULL in BINARY mode") }
            if header { throw SQLError(.featureNotSupported, "cannot specify HEADER in BINARY mode") }
        }
        if format == .csv {
            self.delimiter = ","
            self.null = ""
        }
        if let delimiter {
            guard delimiter.utf8.count == 1 else {
                throw SQLError(SQLState("22023"), "COPY delimiter must be a single one-byte character")
            }
            guard !"\r\n".contains(delimiter) else {
                throw SQLError(SQLState("22023"), "COPY delimiter cannot be newline or carriage return")
            }
            self.delimiter = delimiter
        }
        if let null {
            guard !null.contains("\r") && !null.contains("\n") else {
                throw SQLError(SQLState("22023"), "COPY null representation cannot use newline or carriage return")
            }
            self.null = null
        }
        if format != .csv, quote != nil || escape != nil {
            throw SQLError(.featureNotSupported, "COPY \(quote != nil ? "quote" : "escape") available only in CSV mode")
        }
        if let quote {
            guard quote.utf8.count == 1 else {
                throw SQLError(SQLState("22023"), "COPY quote must be a single one-byte character")
            }
            self.quote = quote
        }
        self.escape = escape ?? self.quote
        guard self.escape.utf8.count == 1 else {
            throw SQLError(SQLState("22023"), "COPY escape must be a single one-byte character")
        }
        if format == .csv, self.delimiter == self.quote {
            throw SQLError(SQLState("22023"), "COPY delimiter and quote must be different")
        }
        if format != .binary, self.null.contains(self.delimiter) {
            throw SQLError(SQLState("22023"), "COPY delimiter must not appear in the NULL specification")
        }
    }

    private mutating func applyForceQuote(_ option: Copy.Option, columns: [PlanColumn]) throws(SQLError) {
        guard format == .csv else {
            throw SQLError(.featureNotSupported, "COPY force quote available only in CSV mode")
        }
        if option.value == "*" {
            forceQuoteAll = true
            return
        }
        for name in option.columns ?? [] {
            guard let index = columns.firstIndex(where: { $0.name == name.value }) else {
                throw SQLError(
                    .undefinedColumn, "column \"\(name.original)\" does not exist",
                    position: option.position.offset)
            }
            forceQuoteColumns.insert(index)
        }
    }

    static func string(_ option: Copy.Option) throws(SQLError) -> String {
        guard let value = option.value, option.columns == nil else {
            throw SQLError(
                .syntaxError, "\(option.name) requires a string value", position: option.position.offset)
        }
        return value
    }
}
