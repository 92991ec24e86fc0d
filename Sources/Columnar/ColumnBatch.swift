/// A set of equally long columns that follow a schema: the unit passed between readers, writers and
/// operators.
public struct ColumnBatch: Sendable {
    public var schema: Schema
    public var columns: [Column]
    public var rowCount: Int

    /// Builds a batch, checking that there is one column per field, of the field's type and the same length.
    public init(schema: Schema, columns: [Column]) throws(ColumnarError) {
        guard columns.count == schema.fields.count else {
            throw ColumnarError(.lengthMismatch, "batch has \(columns.count) columns for \(schema.fields.count) fields")
        }
        let rows = columns.first?.count ?? 0
        for (field, column) in zip(schema.fields, columns) {
            guard column.type == field.type else {
                throw ColumnarError(
                    .typeMismatch, "column is \(column.type), field is \(field.type)", fieldPath: field.name)
            }
            guard column.count == rows else {
                throw ColumnarError(
                    .lengthMismatch, "column has \(column.count) rows, expected \(rows)", fieldPath: field.name)
            }
        }
        self.schema = schema
        self.columns = columns
        self.rowCount = rows
    }

    /// An empty batch of `schema`.
    public static func empty(_ schema: Schema) -> ColumnBatch {
        let builders = schema.fields.map { ColumnBuilder(type: $0.type) }
        let columns = builders.map { $0.finish() }
        // The columns come from the schema's own types, so they always fit.
        return ColumnBatch(unchecked: schema, columns: columns, rowCount: 0)
    }

    init(unchecked schema: Schema, columns: [Column], rowCount: Int) {
        self.schema = schema
        self.columns = columns
        self.rowCount = rowCount
    }

    /// Row `index` as a struct value (fields in schema order).
    public func row(_ index: Int) -> [Value] {
        columns.map { $0.value(at: index) }
    }

    /// The column called `name`.
    public func column(named name: String) -> Column? {
        schema.index(of: name).map { columns[$0] }
    }
}
