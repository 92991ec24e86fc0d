public import Columnar

/// Reads a Parquet file: footer and schema at open, then row groups on demand, column by column.
///
/// Accepts what Outflow, pyarrow, DuckDB and Spark write (3- and 2-level lists, maps, INT96 and
/// millisecond/nanosecond timestamps, narrow and unsigned integers, decimals in any physical type).
/// Malformed input fails with a `ParquetError`; it never crashes. What a file may make the reader decode is
/// bounded by `Limits` (a budget per file, checked before each allocation).
public struct ParquetReader: Sendable {
    /// The file's path or the name given for in-memory bytes.
    public let name: String
    /// The Outflow schema (from `outflow.schema` metadata when present and consistent, else derived).
    public let schema: Schema
    /// Rows in the file (sum over row groups).
    public let rowCount: Int
    /// Footer key-value metadata.
    public let keyValueMetadata: [String: String]
    /// The writer that made the file, if recorded.
    public let createdBy: String?
    let metadata: FileMetaData
    let tree: SchemaTree
    let source: ByteSource
    let budget: DecodeBudget

    /// Number of row groups.
    public var rowGroupCount: Int { metadata.rowGroups.count }

    /// Opens the file at `path` (reads only the footer now). `limits` bound what the file may make the reader
    /// decode; pass `.unlimited` only for files Outflow wrote itself.
    public init(path: String, limits: Limits = .default) throws(ParquetError) {
        try self.init(source: try ByteSource(path: path), limits: limits)
    }

    /// Reads a Parquet file held in memory; `name` appears in errors.
    public init(bytes: [UInt8], name: String, limits: Limits = .default) throws(ParquetError) {
        try self.init(source: ByteSource(bytes: bytes, name: name), limits: limits)
    }

    init(source: ByteSource, limits: Limits) throws(ParquetError) {
        self.source = source
        name = source.name
        let size = source.size
        budget = DecodeBudget(total: limits.decodedBytes(forFileOfSize: size))
        guard size >= 12 else {
            throw ParquetError(.truncated, "file of \(size) bytes is too small for Parquet", file: name)
        }
        let head = try source.read(0, 4)
        let tail = try source.read(size - 8, 8)
        guard head == ParquetWriter.magic, Array(tail[4..<8]) == ParquetWriter.magic else {
            throw ParquetError(
                .badMagic, "missing PAR1 magic", file: name, offset: head == ParquetWriter.magic ? size - 4 : 0)
        }
        let footerLength = Int(tail[0]) | Int(tail[1]) << 8 | Int(tail[2]) << 16 | Int(tail[3]) << 24
        guard footerLength > 0, footerLength <= size - 12 else {
            throw ParquetError(
                .corruptMetadata, "footer length \(footerLength) does not fit the file", file: name, offset: size - 8)
        }
        let footerStart = size - 8 - footerLength
        do throws(ParquetError) {
            let meta = try FileMetaData.decode(try source.read(footerStart, footerLength))
            metadata = meta
            tree = try SchemaTree(elements: meta.schema)
        } catch {
            var e = error
            if let o = e.offset { e.offset = footerStart + o }
            throw e.located(file: source.name)
        }
        guard metadata.numRows >= 0 else { throw ParquetError(.corruptMetadata, "negative row count", file: name) }
        rowCount = Int(metadata.numRows)
        createdBy = metadata.createdBy
        var kv: [String: String] = [:]
        for entry in metadata.keyValueMetadata ?? [] { kv[entry.key] = entry.value ?? "" }
        keyValueMetadata = kv
        schema = Self.chooseSchema(derived: tree.fields, stored: kv[SchemaDocument.metadataKey])
    }

    /// The stored Outflow schema when it has the same shape as the Parquet schema, else the derived one.
    private static func chooseSchema(derived: [Field], stored: String?) -> Schema {
        if let stored, let schema = SchemaDocument.decode(stored), schema.fields.count == derived.count {
            let same = zip(schema.fields, derived).allSatisfy { a, b in
                a.name == b.name && a.nullable == b.nullable && a.type.shape == b.type.shape
            }
            if same { return schema }
        }
        return Schema(derived)
    }

    /// Row count of one row group.
    public func rowCount(ofRowGroup index: Int) -> Int {
        guard metadata.rowGroups.indices.contains(index) else { return 0 }
        return Int(metadata.rowGroups[index].numRows)
    }

    /// Reads row group `index`, optionally only the top-level `columns` named (in file order).
    public func readRowGroup(_ index: Int, columns: [String]? = nil) throws(ParquetError) -> ColumnBatch {
        guard metadata.rowGroups.indices.contains(index) else {
            throw ParquetError(
                .invalidArgument, "row group \(index) does not exist (\(rowGroupCount) in file)", file: name)
        }
        let selected = try selection(columns)
        let group = metadata.rowGroups[index]
        guard group.columns.count == tree.leaves.count else {
            throw ParquetError(
                .corruptMetadata,
                "row group \(index) has \(group.columns.count) columns, schema has \(tree.leaves.count)", file: name)
        }
        var fields: [Field] = []
        var result: [Column] = []
        for f in selected {
            let node = tree.nodes[f]
            var data: [Int: LeafData] = [:]
            for leafIndex in node.leaves {
                data[leafIndex] = try readChunk(group.columns[leafIndex], leaf: tree.leaves[leafIndex])
            }
            let assembler = ColumnAssembler(leaves: tree.leaves, data: data)
            let field = schema.fields[f]
            let column: Column
            do throws(ParquetError) {
                column = try assembler.assemble(node, type: field.type)
            } catch {
                throw error.located(file: name)
            }
            guard column.count == Int(group.numRows) else {
                throw ParquetError(
                    .corruptPage, "column has \(column.count) rows, row group says \(group.numRows)", file: name,
                    fieldPath: field.name)
            }
            fields.append(field)
            result.append(column)
        }
        do {
            return try ColumnBatch(schema: Schema(fields, metadata: schema.metadata), columns: result)
        } catch {
            throw ParquetError(.corruptPage, "columns do not form a batch: \(error)", file: name)
        }
    }

    /// Reads every row group.
    public func readAll(columns: [String]? = nil) throws(ParquetError) -> [ColumnBatch] {
        var out: [ColumnBatch] = []
        for i in 0..<rowGroupCount { out.append(try readRowGroup(i, columns: columns)) }
        return out
    }

    private func selection(_ columns: [String]?) throws(ParquetError) -> [Int] {
        guard let columns else { return Array(schema.fields.indices) }
        var indices: [Int] = []
        for name in columns {
            guard let i = schema.index(of: name) else {
                throw ParquetError(.invalidArgument, "no column named \(name)", file: self.name, fieldPath: name)
            }
            indices.append(i)
        }
        return indices.sorted()
    }

    func readChunk(_ chunk: ColumnChunk, leaf: LeafDescriptor) throws(ParquetError) -> LeafData {
        guard let meta = chunk.metaData else {
            throw ParquetError(
                .unsupported, "column chunk without inline metadata", file: name, fieldPath: leaf.dottedPath)
        }
        guard chunk.filePath == nil else {
            throw ParquetError(.unsupported, "column chunk in another file", file: name, fieldPath: leaf.dottedPath)
        }
        if meta.numValues == 0 { return LeafData(values: .empty(for: leaf.physical, typeLength: leaf.typeLength)) }
        var start = meta.dataPageOffset
        if let d = meta.dictionaryPageOffset, d > 0, d < start { start = d }
        let length = meta.totalCompressedSize
        guard start >= 4, length >= 0, start <= Int64(source.size), length <= Int64(source.size) - start,
            meta.numValues >= 0, meta.numValues <= Int64(Int32.max) * 64
        else {
            throw ParquetError(
                .corruptMetadata, "column chunk range \(start)+\(length) is outside the file", file: name,
                fieldPath: leaf.dottedPath)
        }
        let bytes = try source.read(Int(start), Int(length))
        do throws(ParquetError) {
            let reader = try ColumnChunkReader(
                leaf: leaf, codecRaw: meta.codec, baseOffset: Int(start), budget: budget)
            return try reader.read(bytes, valueCount: Int(meta.numValues))
        } catch {
            throw error.located(file: name)
        }
    }
}
