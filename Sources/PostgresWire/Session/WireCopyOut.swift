/// How a `COPY ... TO STDOUT` statement writes its rows: the format and its options, as the engine parsed them from
/// `COPY (query) TO STDOUT [WITH] (FORMAT csv, HEADER, ...)` or the legacy `WITH CSV HEADER` form. The engine checks
/// the options (PostgreSQL's errors: a delimiter of one single-byte character, quote and escape only in CSV, ...);
/// the server writes what it is given.
public struct WireCopyOut: Sendable, Equatable {
    public enum Format: Sendable, Equatable {
        case text
        case csv
        case binary
    }

    /// CSV's FORCE_QUOTE: quote every non-NULL value of no column, of all columns (`*`), or of these columns (indexes
    /// into the result's columns, from 0).
    public enum ForceQuote: Sendable, Equatable {
        case none
        case all
        case columns(Set<Int>)

        func applies(to column: Int) -> Bool {
            switch self {
            case .none: false
            case .all: true
            case .columns(let columns): columns.contains(column)
            }
        }
    }

    public var format: Format
    /// Between values: one single-byte character (text: tab, CSV: comma).
    public var delimiter: String
    /// How SQL NULL is written (text: `\N`, CSV: the empty string); written as it is, never escaped or quoted.
    public var null: String
    /// A first line of column names (CSV, and text since PostgreSQL 15); ignored in binary.
    public var header: Bool
    /// CSV's quote character (default `"`) and the character that escapes a quote inside a quoted value (default the
    /// quote itself).
    public var quote: String
    public var escape: String
    public var forceQuote: ForceQuote

    /// PostgreSQL's defaults per format for every option not given.
    public init(
        format: Format = .text, delimiter: String? = nil, null: String? = nil, header: Bool = false,
        quote: String? = nil, escape: String? = nil, forceQuote: ForceQuote = .none
    ) {
        self.format = format
        self.delimiter = delimiter ?? (format == .csv ? "," : "\t")
        self.null = null ?? (format == .csv ? "" : "\\N")
        self.header = header
        let quote = quote ?? "\""
        self.quote = quote
        self.escape = escape ?? quote
        self.forceQuote = forceQuote
    }

    /// The CopyOutResponse format code: 1 for binary, 0 for text and CSV.
    var wireFormat: WireFormat { format == .binary ? .binary : .text }
}
