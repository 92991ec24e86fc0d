public import Columnar

/// A table held in memory as batches: for tests and small derived results. Each batch is one partition.
public struct InMemoryTable: TableProvider {
    public let name: String
    public let schema: Schema
    public let batches: [ColumnBatch]

    public init(name: String, schema: Schema, batches: [ColumnBatch]) {
        self.name = name
        self.schema = schema
        self.batches = batches
    }

    /// A table from rows of Columnar values.
    public init(name: String, schema: Schema, rows: [[Value]]) throws(ColumnarError) {
        let builders = schema.fields.map { ColumnBuilder(type: $0.type) }
        for row in rows {
            guard row.count == builders.count else {
                throw ColumnarError(.lengthMismatch, "row has \(row.count) values for \(builders.count) columns")
            }
            for (index, value) in row.enumerated() {
                try builders[index].append(value, path: schema.fields[index].name)
            }
        }
        let batch = try ColumnBatch(schema: schema, columns: builders.map { $0.finish() })
        self.init(name: name, schema: schema, batches: rows.isEmpty ? [] : [batch])
    }

    public var statistics: TableStatistics {
        TableStatistics(rowCount: batches.reduce(0) { $0 + $1.rowCount })
    }

    /// Struct fields are read as columns of their own (`ScanRequest.fieldPaths`).
    public var supportsFieldPaths: Bool { true }

    public func scan(_ request: ScanRequest) async throws -> [any BatchStream] {
        var fields = request.projection.map { schema.fields[$0] }
        for path in request.fieldPaths {
            guard let field = schema.field(at: path) else {
                throw SQLError(SQLState("XX000"), "field path \(path) is not in table \"\(name)\"")
            }
            fields.append(field)
        }
        let projected = Schema(fields)
        return try batches.map { batch in
            var columns = request.projection.map { batch.columns[$0] }
            for path in request.fieldPaths {
                var column = batch.columns[path.column]
                for index in path.fields {
                    guard let field = column.structField(index) else {
                        throw SQLError(SQLState("XX000"), "field path \(path) is not in table \"\(name)\"")
                    }
                    column = field
                }
                columns.append(column)
            }
            return InMemoryStream(try ColumnBatch(schema: projected, columns: columns))
        }
    }
}

/// One batch, once.
final class InMemoryStream: BatchStream {
    private var batch: ColumnBatch?

    init(_ batch: ColumnBatch) { self.batch = batch }

    func next() async throws -> ColumnBatch? {
        defer { batch = nil }
        return batch
    }
}

/// A catalog of in-memory tables (tests, the REPL, derived results).
public struct InMemoryCatalog: SQLCatalog {
    public var tables: [String: any TableProvider]

    public init(_ tables: [any TableProvider] = []) {
        var byName: [String: any TableProvider] = [:]
        for table in tables { byName[table.name] = table }
        self.tables = byName
    }

    public var tableNames: [String] { tables.keys.sorted() }

    public func table(named name: String) -> (any TableProvider)? { tables[name] }

    public mutating func add(_ table: any TableProvider) { tables[table.name] = table }
}
