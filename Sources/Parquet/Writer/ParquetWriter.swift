import Codecs
public import Columnar

/// Writes column batches of one schema as a Parquet file to a `ByteSink`.
///
/// Batches are shredded into per-leaf buffers and flushed as a row group once the buffered data reaches
/// `Options.rowGroupBytes` (large batches are split by rows). Not thread-safe: one writer per task.
public final class ParquetWriter {
    /// Largest row group buffered before a flush (keeps Int32 offsets and page sizes safe).
    static let maxBufferedBytes = 1 << 30

    static let magic: [UInt8] = Array("PAR1".utf8)
    /// In the `<app> version <semver> (build <id>)` form parquet-mr parses before trusting statistics.
    static let createdBy = "outflow version 0.1.0 (build outflow)"

    /// The schema every batch must have.
    public let schema: Schema
    /// The settings this writer uses.
    public let options: Options
    private let sink: any ByteSink
    private let baseOffset: Int
    private let tree: SchemaTree
    private let elements: [SchemaElement]
    private var buffers: [LeafBuffer]
    private var bufferedRows = 0
    private var bufferedBytes = 0
    private var rowGroups: [RowGroup] = []
    private var pageIndexes: [[ColumnChunkEncoder.PageFacts]] = []
    private var totalRows = 0
    private var closed = false

    /// Starts a file: checks the schema and writes the leading magic bytes.
    public init(sink: any ByteSink, schema: Schema, options: Options = .init()) throws(ParquetError) {
        guard options.dataPageVersion == 1 || options.dataPageVersion == 2 else {
            throw ParquetError(.invalidArgument, "data page version must be 1 or 2")
        }
        // Page and dictionary sizes travel as Int32 in page headers; byte-array offsets are Int32 too.
        let sizes = [options.rowGroupBytes, options.pageBytes, options.dictionaryPageLimit]
        guard sizes.allSatisfy({ $0 > 0 && $0 <= ParquetWriter.maxBufferedBytes }) else {
            throw ParquetError(.invalidArgument, "row group, page and dictionary sizes must be 1 byte to 1 GiB")
        }
        self.sink = sink
        self.schema = schema
        self.options = options
        baseOffset = sink.bytesWritten
        elements = try ParquetSchemaBuilder.elements(for: schema)
        tree = try SchemaTree(elements: elements)
        buffers = tree.leaves.map { LeafBuffer(values: .empty(for: $0.physical, typeLength: $0.typeLength)) }
        try write(Self.magic)
    }

    private var offset: Int { sink.bytesWritten - baseOffset }

    private func write(_ bytes: [UInt8]) throws(ParquetError) {
        do {
            try sink.write(bytes)
        } catch {
            throw ParquetError(.io, "write failed: \(error)", offset: offset)
        }
    }

    /// Buffers a batch; flushes a row group when enough data is buffered (its column chunks encode on
    /// `DispatchQueue.concurrentPerform`: for synchronous callers on threads of their own; async code uses the
    /// `async` overload).
    public func write(_ batch: ColumnBatch) throws(ParquetError) {
        let shredder = try prepare(batch)
        var start = 0
        while start < batch.rowCount {
            start = try append(batch, from: start, shredder: shredder)
            if bufferedBytes >= options.rowGroupBytes { try flushRowGroup() }
        }
    }

    /// Buffers a batch; a due row group's column chunks encode as child tasks, so the caller suspends instead of
    /// holding a thread of the cooperative pool while other threads encode.
    public func write(_ batch: ColumnBatch) async throws(ParquetError) {
        let shredder = try prepare(batch)
        var start = 0
        while start < batch.rowCount {
            start = try append(batch, from: start, shredder: shredder)
            if bufferedBytes >= options.rowGroupBytes { try await flushRowGroupInTasks() }
        }
    }

    /// Checks the batch against the file's schema; returns the shredder for its columns.
    private func prepare(_ batch: ColumnBatch) throws(ParquetError) -> ColumnShredder {
        guard !closed else { throw ParquetError(.invalidArgument, "writer is closed") }
        guard batch.schema.fields.count == schema.fields.count else {
            throw ParquetError(
                .schemaMismatch, "batch has \(batch.schema.fields.count) columns, file has \(schema.fields.count)")
        }
        for (field, column) in zip(schema.fields, batch.columns) where column.type.shape != field.type.shape {
            throw ParquetError(
                .schemaMismatch, "column is \(column.type), schema says \(field.type)", fieldPath: field.name)
        }
        return ColumnShredder(leaves: tree.leaves)
    }

    /// Buffers the rows of `batch` from `start` on that fit in the current row group (large batches are cut so
    /// that row groups stay near `rowGroupBytes`); returns the first row not taken.
    private func append(_ batch: ColumnBatch, from start: Int, shredder: ColumnShredder) throws(ParquetError) -> Int {
        let total = batch.rowCount
        let bytesPerRow = max(1, batch.columns.reduce(0) { $0 + Self.estimatedBytes($1) } / total)
        let room = max(1, (options.rowGroupBytes - bufferedBytes) / bytesPerRow)
        let end = min(total, start + room)
        let rows: Range<Int>? = start == 0 && end == total ? nil : start..<end
        for (i, column) in batch.columns.enumerated() {
            for (leafIndex, part) in try shredder.shred(column, node: tree.nodes[i], rows: rows) {
                bufferedBytes += part.byteSize
                if buffers[leafIndex].levelCount == 0 {
                    buffers[leafIndex] = part
                } else {
                    buffers[leafIndex].append(part)
                }
            }
        }
        bufferedRows += end - start
        return end
    }

    /// Approximate in-memory size of a column's data.
    static func estimatedBytes(_ column: Column) -> Int {
        switch column.storage {
        case .boolean: return (column.count + 7) / 8
        case let .int32(v): return v.count * 4
        case let .int64(v): return v.count * 8
        case let .float32(v): return v.count * 4
        case let .float64(v): return v.count * 8
        case let .decimal(v): return v.count * 16
        case let .bytes(offsets, data): return data.count + offsets.count * 4
        case let .struct(children): return children.reduce(column.count / 8) { $0 + estimatedBytes($1) }
        case let .list(offsets, values): return offsets.count * 4 + estimatedBytes(values)
        case let .map(offsets, keys, values): return offsets.count * 4 + estimatedBytes(keys) + estimatedBytes(values)
        }
    }

    /// Ends the current row group now, writing the buffered rows (no-op when nothing is buffered).
    public func endRowGroup() throws(ParquetError) {
        guard !closed else { throw ParquetError(.invalidArgument, "writer is closed") }
        try flushRowGroup()
    }

    /// Writes the buffered rows as one row group (leaves encode and compress in parallel into memory, then land
    /// in file order).
    private func flushRowGroup() throws(ParquetError) {
        guard bufferedRows > 0 else { return }
        try land(ChunkBatchEncoder.encode(buffers, leaves: tree.leaves, options: options))
    }

    /// `flushRowGroup` with the leaves encoded as child tasks.
    private func flushRowGroupInTasks() async throws(ParquetError) {
        guard bufferedRows > 0 else { return }
        try land(await ChunkBatchEncoder.encodeInTasks(buffers, leaves: tree.leaves, options: options))
    }

    /// Appends encoded column chunks as the next row group and empties the buffers.
    private func land(_ encoded: [Result<ChunkBatchEncoder.Encoded, ParquetError>]) throws(ParquetError) {
        var group = RowGroup()
        group.numRows = Int64(bufferedRows)
        group.fileOffset = Int64(offset)
        let start = offset
        for (i, leaf) in tree.leaves.enumerated() {
            var output = try encoded[i].get()
            output.output.rebase(by: offset)
            try write(output.bytes)
            group.columns.append(output.output.chunk)
            group.totalByteSize += output.output.chunk.metaData?.totalUncompressedSize ?? 0
            pageIndexes.append(output.output.pages)
            buffers[i] = LeafBuffer(values: .empty(for: leaf.physical, typeLength: leaf.typeLength))
        }
        group.totalCompressedSize = Int64(offset - start)
        group.ordinal = Int16(truncatingIfNeeded: rowGroups.count)
        rowGroups.append(group)
        totalRows += bufferedRows
        bufferedRows = 0
        bufferedBytes = 0
    }

    /// Flushes the last row group (its chunks encoded as child tasks), then writes the page index and footer.
    public func close() async throws(ParquetError) -> ParquetFileSummary {
        guard !closed else { throw ParquetError(.invalidArgument, "writer is already closed") }
        try await flushRowGroupInTasks()
        return try writeFooter()
    }

    /// Flushes the last row group, writes the page index (if asked) and the footer.
    public func close() throws(ParquetError) -> ParquetFileSummary {
        guard !closed else { throw ParquetError(.invalidArgument, "writer is already closed") }
        try flushRowGroup()
        return try writeFooter()
    }

    /// Writes the page index (if asked) and the footer after the last row group.
    private func writeFooter() throws(ParquetError) -> ParquetFileSummary {
        closed = true
        if options.writePageIndex { try writePageIndex() }
        var meta = FileMetaData()
        meta.version = options.dataPageVersion == 2 ? 2 : 1
        meta.schema = elements
        meta.numRows = Int64(totalRows)
        meta.rowGroups = rowGroups
        var kv = options.keyValueMetadata
        kv[SchemaDocument.metadataKey] = SchemaDocument(schema).encoded()
        meta.keyValueMetadata = kv.keys.sorted().map { KeyValue(key: $0, value: kv[$0]) }
        meta.createdBy = Self.createdBy
        meta.columnOrderCount = tree.leaves.count
        let footer = meta.encode()
        try write(footer)
        let n = UInt32(footer.count)
        try write([
            UInt8(truncatingIfNeeded: n), UInt8(truncatingIfNeeded: n >> 8), UInt8(truncatingIfNeeded: n >> 16),
            UInt8(truncatingIfNeeded: n >> 24),
        ])
        try write(Self.magic)
        return ParquetFileSummary(rowCount: totalRows, rowGroups: rowGroups.count, bytesWritten: offset)
    }

    private func writePageIndex() throws(ParquetError) {
        let leafCount = tree.leaves.count
        guard leafCount > 0 else { return }
        for g in rowGroups.indices {
            for c in 0..<leafCount {
                let pages = pageIndexes[g * leafCount + c]
                // A ColumnIndex needs min and max of every page with values; without them (all-NaN floats, byte
                // arrays over 256 bytes) the chunk gets none rather than bounds a reader would trust.
                guard pages.allSatisfy({ $0.allNull || $0.minMax != nil }) else { continue }
                var index = ColumnIndex()
                for p in pages {
                    index.nullPages.append(p.allNull)
                    index.minValues.append(p.minMax?.min ?? [])
                    index.maxValues.append(p.minMax?.max ?? [])
                    index.nullCounts.append(p.nullCount)
                }
                let bytes = index.encode()
                rowGroups[g].columns[c].columnIndexOffset = Int64(offset)
                rowGroups[g].columns[c].columnIndexLength = Int32(bytes.count)
                try write(bytes)
            }
        }
        for g in rowGroups.indices {
            for c in 0..<leafCount {
                let pages = pageIndexes[g * leafCount + c]
                let index = OffsetIndex(
                    pageLocations: pages.map {
                        .init(offset: $0.offset, compressedPageSize: $0.compressedSize, firstRowIndex: $0.firstRowIndex)
                    })
                let bytes = index.encode()
                rowGroups[g].columns[c].offsetIndexOffset = Int64(offset)
                rowGroups[g].columns[c].offsetIndexLength = Int32(bytes.count)
                try write(bytes)
            }
        }
    }
}

extension ParquetWriter {
    /// Writes `batches` (at least one; all of the first batch's schema) to a new file at `path` and fsyncs it.
    @discardableResult
    public static func write(batches: [ColumnBatch], to path: String, options: Options = .init()) throws(ParquetError)
        -> ParquetFileSummary
    {
        guard let schema = batches.first?.schema else {
            throw ParquetError(.invalidArgument, "no batches to take a schema from; pass one explicitly", file: path)
        }
        return try write(batches: batches, schema: schema, to: path, options: options)
    }

    /// Writes `batches` to a new file at `path` and fsyncs it.
    @discardableResult
    public static func write(batches: [ColumnBatch], schema: Schema, to path: String, options: Options = .init())
        throws(ParquetError) -> ParquetFileSummary
    {
        let sink: FileSink
        do {
            sink = try FileSink(path: path)
        } catch {
            throw ParquetError(.io, error.description, file: path)
        }
        do throws(ParquetError) {
            let writer = try ParquetWriter(sink: sink, schema: schema, options: options)
            for batch in batches { try writer.write(batch) }
            let summary = try writer.close()
            do {
                try sink.close(sync: true)
            } catch {
                throw ParquetError(.io, error.description, file: path)
            }
            return summary
        } catch {
            throw error.located(file: path)
        }
    }
}
