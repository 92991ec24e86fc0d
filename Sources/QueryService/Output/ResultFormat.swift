/// How `outflow query` prints a result.
public enum ResultFormat: String, Sendable, CaseIterable {
    /// psql's aligned output with a row-count footer.
    case table
    /// A header line, then RFC 4180 rows of PostgreSQL's text values (NULL is an empty field, '' is `""`).
    case csv
    /// One JSON object per row, keys in column order (`JSONValueWriter`).
    case ndjson
}
