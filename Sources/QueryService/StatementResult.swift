public import SQL

/// What one statement returns: its columns (none for commands), its rows as a stream of batches, and its
/// command tag (PostgreSQL's: `SELECT 3`, `INSERT 0 2`, `CREATE VIEW`, ...), which the wire protocol sends.
public final class StatementResult {
    enum Source {
        case cursor(QueryCursor)
        case rows(QueryResult?)
        case none
    }

    public let columns: [PlanColumn]
    private var source: Source
    private let tagWord: String?
    private let fixedTag: String?
    /// Rows handed out so far.
    public private(set) var rowCount = 0
    /// For `COPY ... TO STDOUT`: how to write the rows (the tag is then `COPY n`).
    public let copy: CopyRequest?

    /// A query's result: rows stream from the cursor; the tag is `SELECT n` once they are all read.
    init(cursor: QueryCursor, copy: CopyRequest? = nil) {
        columns = cursor.columns
        source = .cursor(cursor)
        tagWord = copy == nil ? "SELECT" : "COPY"
        fixedTag = nil
        self.copy = copy
    }

    /// Rows already computed (EXPLAIN, SHOW) with their tag.
    init(rows: QueryResult, tag: String) {
        columns = rows.columns
        source = .rows(rows)
        tagWord = nil
        fixedTag = tag
        copy = nil
    }

    /// A command without rows.
    init(tag: String) {
        columns = []
        source = .none
        tagWord = nil
        fixedTag = tag
        copy = nil
    }

    /// Whether the statement returns rows (even zero of them).
    public var returnsRows: Bool { !columns.isEmpty || tagWord != nil }

    /// The command tag; for a query, `SELECT n` with the rows read so far (the total once `next()` returned nil).
    public var commandTag: String { fixedTag ?? "\(tagWord ?? "SELECT") \(rowCount)" }

    /// The next batch of rows, nil at the end. With `rows` false a query's batches come without `rows` (see
    /// `QueryCursor.next(rows:)`): for readers of columns only.
    public func next(rows: Bool = true) async throws -> QueryResult? {
        switch source {
        case let .cursor(cursor):
            guard let batch = try await cursor.next(rows: rows) else {
                source = .none
                return nil
            }
            rowCount += batch.rowCount
            return batch
        case let .rows(rows):
            source = .none
            if let rows { rowCount += rows.rows.count }
            return rows
        case .none:
            return nil
        }
    }

    /// Ends the statement early (its spill files deleted, its memory released); later `next()` calls return nil.
    public func close() async {
        if case let .cursor(cursor) = source { await cursor.close() }
        source = .none
    }

    /// Reads the remaining rows without keeping them (a script's earlier statements).
    public func drain() async throws {
        while try await next() != nil {}
    }
}
