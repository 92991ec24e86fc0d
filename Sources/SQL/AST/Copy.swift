/// `COPY (query) TO STDOUT [WITH] (option [value], ...)` and `COPY table [(columns)] TO STDOUT ...`, with the
/// options of PostgreSQL's current syntax (`FORMAT csv, HEADER, DELIMITER ';'`) or the legacy one
/// (`WITH CSV HEADER`, `BINARY`, `DELIMITER AS ';'`, `NULL AS ''`, `FORCE QUOTE *`), which the parser turns into
/// the current names. COPY to a file, from a program and COPY FROM are refused by the parser.
public struct Copy: Hashable, Sendable {
    public enum Source: Hashable, Sendable {
        case query(Query)
        case table(ObjectName, columns: [Identifier])
    }

    /// One option: `format`, `delimiter`, `null`, `header`, `quote`, `escape`, `force_quote`, `encoding`, ...
    /// (lower case; whether the name exists and its value fits is the runner's to check).
    public struct Option: Hashable, Sendable {
        public var name: String
        /// The value as written (`csv`, `;`, `true`), `*` for `FORCE_QUOTE *`, nil when none was given.
        public var value: String?
        /// `FORCE_QUOTE (a, b)`'s columns.
        public var columns: [Identifier]?
        public var position: SourcePosition

        public init(
            _ name: String, _ value: String? = nil, columns: [Identifier]? = nil, at position: SourcePosition = .none
        ) {
            self.name = name
            self.value = value
            self.columns = columns
            self.position = position
        }
    }

    public var source: Source
    public var options: [Option]
    public var position: SourcePosition

    public init(source: Source, options: [Option] = [], at position: SourcePosition = .none) {
        self.source = source
        self.options = options
        self.position = position
    }
}
