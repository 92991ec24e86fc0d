public import Columnar

/// A table as a scan that reads struct fields as columns of their own sees it: the provider's columns, then
/// one column per path of `paths` (named by its dotted path, of the field's type). `pushingIntoScans` puts it
/// in a plan's scan node so that the projection names the field columns like any other and EXPLAIN prints
/// them; its scan asks the provider for them as `ScanRequest.fieldPaths`.
struct FieldPathTable: TableProvider {
    let base: any TableProvider
    let paths: [FieldPath]
    let schema: Schema

    /// Nil when a path does not lead through structs of `base`'s schema.
    init?(base: any TableProvider, paths: [FieldPath]) {
        var fields = base.schema.fields
        for path in paths {
            guard let field = base.schema.field(at: path) else { return nil }
            fields.append(field)
        }
        self.base = base
        self.paths = paths
        schema = Schema(fields, metadata: base.schema.metadata)
    }

    var name: String { base.name }
    var statistics: TableStatistics { base.statistics }

    func scan(_ request: ScanRequest) async throws -> [any BatchStream] {
        let width = base.schema.fields.count
        // The provider returns the table's columns first, then the fields: `source[i]` is where output
        // column `i` comes from in its batches.
        var projection: [Int] = []
        var fieldPaths: [FieldPath] = []
        for column in request.projection where column < width { projection.append(column) }
        for column in request.projection where column >= width {
            guard paths.indices.contains(column - width) else {
                throw SQLError(SQLState("XX000"), "column \(column) is not in table \"\(name)\"")
            }
            fieldPaths.append(paths[column - width])
        }
        var real = 0
        var nested = projection.count
        var source: [Int] = []
        for column in request.projection {
            if column < width {
                source.append(real)
                real += 1
            } else {
                source.append(nested)
                nested += 1
            }
        }
        var position: [Int: Int] = [:]
        for (output, at) in source.enumerated() { position[output] = at }
        let filters = request.filters.compactMap { $0.remappingColumns { position[$0] } }
        let streams = try await base.scan(
            ScanRequest(projection: projection, filters: filters, fieldPaths: fieldPaths + request.fieldPaths))
        if source == Array(source.indices) { return streams }
        return streams.map { ReorderedStream($0, order: source) }
    }
}

/// A stream whose batches carry the columns of another's in a given order.
final class ReorderedStream: BatchStream {
    private let input: any BatchStream
    private let order: [Int]

    init(_ input: any BatchStream, order: [Int]) {
        self.input = input
        self.order = order
    }

    func next() async throws -> ColumnBatch? {
        guard let batch = try await input.next() else { return nil }
        guard order.allSatisfy(batch.columns.indices.contains) else {
            throw SQLError(SQLState("XX000"), "a scan returned \(batch.columns.count) columns, fewer than requested")
        }
        let fields = order.map { batch.schema.fields[$0] }
        return try ColumnBatch(schema: Schema(fields), columns: order.map { batch.columns[$0] })
    }
}

extension Schema {
    /// The names along `path` (the column's, then each field's) and the field's type, or nil when the path
    /// does not lead through structs.
    public func names(along path: FieldPath) -> (names: [String], type: DataType)? {
        guard fields.indices.contains(path.column), !path.fields.isEmpty else { return nil }
        var names = [fields[path.column].name]
        var type = fields[path.column].type
        for index in path.fields {
            guard case let .struct(children) = type, children.indices.contains(index) else { return nil }
            names.append(children[index].name)
            type = children[index].type
        }
        return (names, type)
    }

    /// The struct field at `path` as a column of its own: named by its dotted path, nullable.
    public func field(at path: FieldPath) -> Field? {
        names(along: path).map { Field($0.names.joined(separator: "."), $0.type) }
    }
}
