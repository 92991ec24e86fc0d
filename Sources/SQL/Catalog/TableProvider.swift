public import Columnar

/// What the engine asks of a table scan.
///
/// `projection` lists the table's top-level columns to read, in the order the batches must carry them;
/// `fieldPaths` (only asked of a provider whose `supportsFieldPaths` is true) lists struct fields to read as
/// columns of their own, carried after the projected columns: a field's value is NULL where it or any struct
/// above it is NULL. `filters` are conjuncts over the batch's columns (column `i` of an expression is
/// `projection[i]`, then `fieldPaths[i - projection.count]`); they are hints: a provider may use them to skip
/// data (Parquet row groups or pages by statistics) but need not apply them, since the engine filters every
/// row again.
public struct ScanRequest: Sendable {
    public var projection: [Int]
    public var filters: [BoundExpression]
    public var fieldPaths: [FieldPath]

    public init(projection: [Int], filters: [BoundExpression] = [], fieldPaths: [FieldPath] = []) {
        self.projection = projection
        self.filters = filters
        self.fieldPaths = fieldPaths
    }
}

/// Row-count statistics when the provider knows them (catalog metadata, Parquet footers).
public struct TableStatistics: Sendable, Hashable {
    public var rowCount: Int?

    public init(rowCount: Int? = nil) { self.rowCount = rowCount }
}

/// A pull-based source of batches: `next()` returns the next batch or nil at the end.
///
/// Pull, not push: an operator asks for a batch when it can use one, so memory stays bounded without
/// back-pressure plumbing, and cancellation is the caller's task cancellation (a stream checks
/// `Task.isCancelled` between batches). A stream belongs to one task at a time.
public protocol BatchStream: AnyObject {
    func next() async throws -> ColumnBatch?
}

/// A table as the engine sees it: a schema, statistics and a scan.
///
/// `scan` returns *partitions*: independent streams over disjoint parts of the table (a Parquet file's row
/// groups, a dataset's batches). Today the engine drains them one after the other; a parallel executor will
/// pull them from several tasks at once (morsels), and a Parquet provider prunes row groups with the filters,
/// so neither change touches this protocol.
public protocol TableProvider: Sendable {
    /// The table's name as the catalog lists it.
    var name: String { get }
    var schema: Schema { get }
    var statistics: TableStatistics { get }
    /// Whether `scan` reads `ScanRequest.fieldPaths` (default false: the engine then reads structs whole).
    var supportsFieldPaths: Bool { get }
    func scan(_ request: ScanRequest) async throws -> [any BatchStream]
}

extension TableProvider {
    public var supportsFieldPaths: Bool { false }
}
