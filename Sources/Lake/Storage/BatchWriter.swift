import Codecs
import Columnar
import Parquet

/// Writes one batch's lake files crash-safely:
/// `batch=<id>.tmp-<random>/` (with an exclusive lock on its `.lock`) receives ZSTD Parquet parts, rolled at
/// about `partBytes`; `finish()` fsyncs every part, drops the lock file, renames the directory to
/// `batch=<id>` and fsyncs the parent. Until the catalog commits, readers do not see it; recovery removes it
/// if the process dies first. Not thread-safe: one writer per task.
final class BatchWriter {
    /// Most rows in a data page of a lake file (each file has a page index).
    static let pageRowLimit = 20_000
    let layout: LakeLayout
    let schema: Schema
    let sandbox: String
    let datasetId: String
    let batchId: String
    let codec: CompressionCodec
    let partBytes: Int

    private let datasetDirectory: String
    private let temporaryDirectory: String
    private let lock: FileLock
    private var sink: FileSink?
    private var writer: ParquetWriter?
    private var parts: [BatchFileRow] = []
    private var finished = false

    init(
        layout: LakeLayout, schema: Schema, sandbox: String, datasetId: String, batchId: String,
        codec: CompressionCodec = .zstd, partBytes: Int
    ) throws(LakeError) {
        self.layout = layout
        self.schema = schema
        self.sandbox = sandbox
        self.datasetId = datasetId
        self.batchId = batchId
        self.codec = codec
        self.partBytes = max(1, partBytes)
        datasetDirectory = layout.datasetDirectory(sandbox: sandbox, datasetId: datasetId)
        temporaryDirectory = datasetDirectory + "/batch=\(batchId).tmp-\(LakeID.make().prefix(8))"
        try FileSystem.createDirectory(temporaryDirectory)
        guard let lock = try FileLock.acquire(path: temporaryDirectory + "/.lock", wait: false) else {
            throw LakeError.storage("temporary batch directory is locked by another writer", file: temporaryDirectory)
        }
        self.lock = lock
    }

    deinit {
        if !finished { try? FileSystem.remove(temporaryDirectory) }
    }

    /// Rows written so far.
    var rowCount: Int64 { parts.reduce(0) { $0 + $1.rowCount } }

    /// Appends a batch of the dataset schema.
    func write(_ batch: ColumnBatch) throws(LakeError) {
        guard batch.rowCount > 0 else { return }
        let (writer, sink) = try currentPart()
        do {
            try writer.write(batch)
        } catch {
            throw LakeError.storage("cannot write Parquet: \(error)", file: sink.path)
        }
        if sink.bytesWritten >= partBytes { try closePart() }
    }

    /// Closes the last part, makes everything durable and renames the directory into place.
    /// Returns the part files (paths relative to the data directory).
    func finish() throws(LakeError) -> [BatchFileRow] {
        try closePart()
        let finalDirectory = datasetDirectory + "/batch=\(batchId)"
        try FileSystem.remove(temporaryDirectory + "/.lock")
        try FileSystem.syncDirectory(temporaryDirectory)
        if FileSystem.exists(finalDirectory) { try FileSystem.remove(finalDirectory) }
        try FileSystem.rename(temporaryDirectory, to: finalDirectory)
        try FileSystem.syncDirectory(datasetDirectory)
        finished = true
        return parts
    }

    /// Removes everything written.
    func discard() {
        writer = nil
        sink = nil
        try? FileSystem.remove(temporaryDirectory)
        finished = true
    }

    private func currentPart() throws(LakeError) -> (ParquetWriter, FileSink) {
        if let writer, let sink { return (writer, sink) }
        let path = temporaryDirectory + "/" + LakeLayout.partName(parts.count)
        let sink: FileSink
        do {
            sink = try FileSink(path: path)
        } catch {
            throw LakeError.storage(error.description, file: path)
        }
        var options = ParquetWriter.Options()
        options.codec = codec
        // A page index and pages of at most 20,000 rows: scans skip the pages their filters rule out.
        options.writePageIndex = true
        options.pageRowLimit = Self.pageRowLimit
        let writer: ParquetWriter
        do {
            writer = try ParquetWriter(sink: sink, schema: schema, options: options)
        } catch {
            throw LakeError.storage("cannot start Parquet file: \(error)", file: path)
        }
        self.sink = sink
        self.writer = writer
        return (writer, sink)
    }

    private func closePart() throws(LakeError) {
        guard let writer, let sink else { return }
        self.writer = nil
        self.sink = nil
        let summary: ParquetFileSummary
        do {
            summary = try writer.close()
        } catch {
            throw LakeError.storage("cannot finish Parquet file: \(error)", file: sink.path)
        }
        do {
            try sink.close(sync: true)
        } catch {
            throw LakeError.storage(error.description, file: sink.path)
        }
        let name = LakeLayout.partName(parts.count)
        parts.append(
            BatchFileRow(
                batchId: batchId,
                path: layout.relativeBatchDirectory(sandbox: sandbox, datasetId: datasetId, batchId: batchId) + "/"
                    + name,
                rowCount: Int64(summary.rowCount), sizeBytes: Int64(summary.bytesWritten)))
    }
}
