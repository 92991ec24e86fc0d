import Foundation
import Logging
import Parquet

extension Lake {
    /// Parses every uploaded file, validates every record and commits the valid ones, or fails the batch.
    ///
    /// The batch fails (nothing is committed; `.ingestionFailed` is thrown and the error report stays in the
    /// catalog) when `failed * 100 > maxErrorPercent * total`, when it has no records, or when a file cannot be
    /// read at all. Completing an already successful batch returns it unchanged.
    /// - Parameter maxErrorPercent: tolerated share of bad records; nil uses the batch's own threshold (given at
    ///   creation), else the configuration's default.
    public func completeBatch(
        batchId: String, maxErrorPercent: Double? = nil, progress: (@Sendable (IngestProgress) -> Void)? = nil
    ) throws(LakeError) -> Batch {
        if let finished = try finishedBatch(batchId) { return finished }
        let staging = layout.stagingDirectory(batchId: batchId)
        try FileSystem.createDirectory(staging)
        guard let completionLock = try FileLock.acquire(path: staging + "/.complete.lock", wait: false) else {
            throw LakeError(.conflict, "batch \(batchId) is already being completed")
        }
        defer { _ = completionLock }
        // Another completer may have finished between the first look and the lock.
        do {
            if let finished = try finishedBatch(batchId) {
                try? FileSystem.remove(staging)
                return finished
            }
        } catch {
            try? FileSystem.remove(staging)
            throw error
        }
        guard let row = try catalog.batch(id: batchId) else { throw LakeError.notFound("batch", batchId) }
        let (dataset, document) = try datasetRow(sandbox: row.sandbox, idOrName: row.datasetId)
        guard let format = IngestFormat(rawValue: row.format) else {
            return try fail(row, LakeError(.invalidInput, "unknown batch format '\(row.format)'"))
        }
        guard !row.inputFiles.isEmpty else {
            return try fail(row, LakeError(.invalidInput, "batch \(batchId) has no files"))
        }
        let writer: BatchWriter
        do {
            writer = try BatchWriter(
                layout: layout, schema: document.schema, sandbox: dataset.sandbox, datasetId: dataset.id,
                batchId: batchId, partBytes: configuration.partBytes)
        } catch {
            return try fail(row, error)
        }
        let reader = InputReader(
            format: format, schema: document.schema, batchSize: configuration.readBatchSize,
            limits: configuration.inputLimits)
        var total = 0
        var failed = 0
        var errors: [Parquet.RecordError] = []
        for name in row.inputFiles {
            let path = staging + "/" + name
            do {
                let size = FileSystem.size(path)
                let result = try reader.read(
                    path: path, name: name, emit: { (batch) throws(LakeError) in try writer.write(batch) },
                    progress: { records, bytes in
                        progress?(IngestProgress(file: name, recordsRead: records, bytesRead: bytes, totalBytes: size))
                    })
                total += result.recordCount
                failed += result.failedCount
                errors.append(contentsOf: result.errors.prefix(max(0, Self.maxStoredErrors - errors.count)))
            } catch {
                writer.discard()
                var located = error
                if located.file == nil { located.file = name }
                return try fail(row, located, failed: Int64(failed), errors: errors)
            }
        }
        let threshold = maxErrorPercent ?? row.maxErrorPercent ?? configuration.defaultMaxErrorPercent
        if Double(failed) * 100 > threshold * Double(total) {
            writer.discard()
            let summary = "\(failed) of \(total) records failed validation (allowed: \(threshold)%)"
            return try fail(
                row, LakeError(.ingestionFailed, summary, errors: errors), failed: Int64(failed), errors: errors)
        }
        guard total > failed else {
            writer.discard()
            return try fail(row, LakeError(.ingestionFailed, "batch has no valid records"), errors: errors)
        }
        let files: [BatchFileRow]
        do {
            files = try writer.finish()
        } catch {
            return try fail(row, error, failed: Int64(failed), errors: errors)
        }
        reachFaultPoint("beforeCatalogCommit")
        do {
            try commitBatch(batchId: batchId, files: files, failedRecordCount: Int64(failed), errors: errors)
        } catch {
            let directory = layout.absolute(
                layout.relativeBatchDirectory(sandbox: dataset.sandbox, datasetId: dataset.id, batchId: batchId))
            try? FileSystem.remove(directory)
            throw error
        }
        try? FileSystem.remove(staging)
        logger.info(
            "batch committed",
            metadata: ["batchId": "\(batchId)", "rows": "\(total - failed)", "failed": "\(failed)"])
        return try batch(id: batchId)
    }

    /// Creates a batch for `files` (format from their extension), copies them in and completes it.
    /// With a `clientBatchKey` whose batch already succeeded, returns that batch without reading the files.
    public func ingest(
        sandbox: String, dataset idOrName: String, files: [String], maxErrorPercent: Double? = nil,
        clientBatchKey: String? = nil, progress: (@Sendable (IngestProgress) -> Void)? = nil
    ) throws(LakeError) -> Batch {
        guard let first = files.first else { throw LakeError(.invalidInput, "no input files") }
        let names = files.map { URL(fileURLWithPath: $0).lastPathComponent }
        guard Set(names).count == names.count else {
            throw LakeError(.invalidInput, "input file names must be distinct")
        }
        guard let format = InputReader.format(ofFileName: first) else {
            throw LakeError(
                .invalidInput, "cannot tell the format of '\(first)' (.json, .ndjson, .jsonl, .csv, .parquet)",
                file: first)
        }
        for file in files where InputReader.format(ofFileName: file) != format {
            throw LakeError(.invalidInput, "all files of a batch must be \(format.rawValue)", file: file)
        }
        let batch = try createBatch(
            sandbox: sandbox, datasetId: idOrName, format: format, clientBatchKey: clientBatchKey,
            maxErrorPercent: maxErrorPercent)
        guard batch.status == .loading else { return batch }
        for (file, name) in zip(files, names) { try addFile(batchId: batch.id, name: name, copyingFrom: file) }
        return try completeBatch(batchId: batch.id, maxErrorPercent: maxErrorPercent, progress: progress)
    }

    /// The batch if it already succeeded (nil while loading); throws for unknown, failed or aborted batches.
    private func finishedBatch(_ batchId: String) throws(LakeError) -> Batch? {
        guard let row = try catalog.batch(id: batchId) else { throw LakeError.notFound("batch", batchId) }
        if row.status == BatchStatus.success.rawValue { return try batch(id: batchId) }
        guard row.status == BatchStatus.loading.rawValue else {
            throw LakeError(.batchNotLoading, "batch \(batchId) is \(row.status), not loading")
        }
        return nil
    }

    /// Fails the batch in the catalog, drops its staging files and throws `error` as `.ingestionFailed`.
    private func fail(
        _ row: BatchRow, _ error: LakeError, failed: Int64 = 0, errors: [Parquet.RecordError] = []
    ) throws(LakeError) -> Batch {
        try failBatch(batchId: row.id, failedRecordCount: failed, errors: errors, summary: error.description)
        try? FileSystem.remove(layout.stagingDirectory(batchId: row.id))
        var thrown = error
        if thrown.code != .ingestionFailed {
            thrown.message = "batch \(row.id) failed: " + thrown.message
            thrown.code = .ingestionFailed
        }
        thrown.errors = Array(errors.prefix(Self.maxStoredErrors))
        throw thrown
    }
}
