public import Codecs
public import Columnar
import Parquet

/// Typed batches appended to a dataset as one lake batch: each `write` goes to the batch's Parquet parts as it
/// comes (so a large `CREATE TABLE AS` never holds its result), `commit` makes them visible at once through the
/// crash-safe commit path, `abort` (or an error in `write`) leaves nothing behind. Not validated record by
/// record: the columns must already be of the dataset's schema. One task at a time uses an append (its
/// methods block on the disk: call them from a blocking pool), hence unchecked `Sendable`.
public final class DatasetAppend: @unchecked Sendable {
    let lake: Lake
    let schema: Schema
    let sandbox: String
    let datasetId: String
    public let batchId: String
    let writer: BatchWriter
    public private(set) var rowCount = 0
    private var ended = false

    init(lake: Lake, schema: Schema, sandbox: String, datasetId: String, batchId: String, writer: BatchWriter) {
        self.lake = lake
        self.schema = schema
        self.sandbox = sandbox
        self.datasetId = datasetId
        self.batchId = batchId
        self.writer = writer
    }

    /// Writes `batch` (field names and types of the dataset's schema); on any error the append is aborted.
    public func write(_ batch: ColumnBatch) throws(LakeError) {
        guard !ended else { throw LakeError(.invalidInput, "the append of batch \(batchId) has ended") }
        do {
            try writer.write(try Self.aligned(batch, to: schema))
            rowCount += batch.rowCount
        } catch {
            abort(error.description)
            throw error
        }
    }

    /// Commits the batch; with `skipIfEmpty`, an append that wrote no rows is dropped instead (nil).
    public func commit(skipIfEmpty: Bool = false) throws(LakeError) -> Batch? {
        guard !ended else { throw LakeError(.invalidInput, "the append of batch \(batchId) has ended") }
        if skipIfEmpty, rowCount == 0 {
            abort("nothing to append")
            return nil
        }
        do {
            let files = try writer.finish()
            lake.reachFaultPoint("beforeCatalogCommit")
            try lake.commitBatch(batchId: batchId, files: files, failedRecordCount: 0, errors: [])
        } catch {
            abort(error.description)
            throw error
        }
        ended = true
        try? FileSystem.remove(lake.layout.stagingDirectory(batchId: batchId))
        return try lake.batch(id: batchId)
    }

    /// Fails the batch and removes what was written.
    public func abort(_ summary: String = "aborted") {
        guard !ended else { return }
        ended = true
        try? lake.failBatch(batchId: batchId, failedRecordCount: 0, errors: [], summary: summary)
        try? FileSystem.remove(
            lake.layout.absolute(
                lake.layout.relativeBatchDirectory(sandbox: sandbox, datasetId: datasetId, batchId: batchId)))
        try? FileSystem.remove(lake.layout.stagingDirectory(batchId: batchId))
    }

    /// `batch` with its columns retyped to `schema`'s, or `invalidInput` naming the field that does not fit.
    static func aligned(_ batch: ColumnBatch, to schema: Schema) throws(LakeError) -> ColumnBatch {
        guard batch.schema.fields.map(\.name) == schema.fields.map(\.name) else {
            throw LakeError(
                .invalidInput,
                "batch columns \(batch.schema.fields.map(\.name)) do not match dataset fields \(schema.fields.map(\.name))"
            )
        }
        var columns: [Columnar.Column] = []
        for (field, column) in zip(schema.fields, batch.columns) {
            guard let retyped = column.retyped(to: field.type) else {
                throw LakeError(
                    .invalidInput, "column is \(column.type), the dataset expects \(field.type)", fieldPath: field.name)
            }
            guard field.nullable || column.nullCount == 0 else {
                throw LakeError(.invalidInput, "required field has \(column.nullCount) null(s)", fieldPath: field.name)
            }
            columns.append(retyped)
        }
        do {
            return try ColumnBatch(schema: schema, columns: columns)
        } catch {
            throw LakeError(
                .invalidInput, "batch does not fit the dataset schema: \(error.message)", fieldPath: error.fieldPath)
        }
    }
}

extension Lake {
    /// Starts an append of typed batches to a dataset as one lake batch (see `DatasetAppend`).
    public func beginAppend(sandbox: String, datasetId: String, codec: CompressionCodec = .zstd) throws(LakeError)
        -> DatasetAppend
    {
        let (dataset, document) = try datasetRow(sandbox: sandbox, idOrName: datasetId)
        let created = try createBatch(sandbox: sandbox, datasetId: dataset.id, format: .parquet)
        do {
            let writer = try BatchWriter(
                layout: layout, schema: document.schema, sandbox: dataset.sandbox, datasetId: dataset.id,
                batchId: created.id, codec: codec, partBytes: configuration.partBytes)
            return DatasetAppend(
                lake: self, schema: document.schema, sandbox: dataset.sandbox, datasetId: dataset.id,
                batchId: created.id, writer: writer)
        } catch {
            try? failBatch(batchId: created.id, failedRecordCount: 0, errors: [], summary: error.description)
            throw error
        }
    }

    /// Writes already-typed batches (of the dataset's schema: same field names and types) as one committed
    /// lake batch, through the same crash-safe commit path as ingestion, without record validation.
    public func appendBatch(
        sandbox: String, datasetId: String, batches: [ColumnBatch], codec: CompressionCodec = .zstd
    ) throws(LakeError) -> Batch {
        // Every batch fits before a lake batch is created: a mismatch leaves no failed batch behind.
        let schema = try datasetRow(sandbox: sandbox, idOrName: datasetId).1.schema
        var aligned: [ColumnBatch] = []
        for batch in batches { aligned.append(try DatasetAppend.aligned(batch, to: schema)) }
        let append = try beginAppend(sandbox: sandbox, datasetId: datasetId, codec: codec)
        for batch in aligned { try append.write(batch) }
        guard let batch = try append.commit() else { throw LakeError(.storage, "the append was not committed") }
        return batch
    }
}
