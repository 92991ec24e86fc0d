import GRDB
import Parquet

extension Lake {
    /// Opens a batch for uploads. With a `clientBatchKey` already used for the dataset, returns that batch.
    /// - Parameter maxErrorPercent: stored with the batch (AEP `partialIngestionPercentage`); `completeBatch`
    ///   uses it when called without a threshold.
    public func createBatch(
        sandbox: String, datasetId: String, format: IngestFormat, clientBatchKey: String? = nil,
        maxErrorPercent: Double? = nil
    ) throws(LakeError) -> Batch {
        if let maxErrorPercent, !(0...100).contains(maxErrorPercent) {
            throw LakeError(.invalidInput, "maxErrorPercent must be within 0...100")
        }
        let (dataset, _) = try datasetRow(sandbox: sandbox, idOrName: datasetId)
        let row = BatchRow(
            id: LakeID.make(), sandbox: sandbox, datasetId: dataset.id, status: BatchStatus.loading.rawValue,
            format: format.rawValue, sequence: nil, rowCount: 0, failedRecordCount: 0, inputFiles: [],
            errorSummary: nil, clientBatchKey: clientBatchKey, maxErrorPercent: maxErrorPercent, owner: owner,
            created: LakeID.nowMillis(),
            completed: nil)
        let stored = try catalog.write { db -> BatchRow in
            if let clientBatchKey,
                let existing = try BatchRow.filter(
                    GRDB.Column("datasetId") == dataset.id && GRDB.Column("clientBatchKey") == clientBatchKey
                ).fetchOne(db)
            {
                return existing
            }
            try row.insert(db)
            return row
        }
        if stored.id == row.id { try FileSystem.createDirectory(layout.stagingDirectory(batchId: row.id)) }
        return try batch(id: stored.id)
    }

    /// Stores an uploaded file of a loading batch under `<data>/staging/<batchId>/<name>`.
    public func addFile(batchId: String, name: String, contents: [UInt8]) throws(LakeError) {
        let path = try stagingPath(batchId: batchId, name: name)
        try FileSystem.write(contents, to: path)
        try recordInputFile(batchId: batchId, name: name)
    }

    /// Copies a local file into a loading batch's staging directory.
    public func addFile(batchId: String, name: String, copyingFrom path: String) throws(LakeError) {
        let target = try stagingPath(batchId: batchId, name: name)
        try FileSystem.copy(from: path, to: target)
        try recordInputFile(batchId: batchId, name: name)
    }

    /// Aborts a loading batch and drops its uploads (`.batchNotLoading` otherwise).
    public func abortBatch(batchId: String) throws(LakeError) -> Batch {
        try catalog.write { db in
            guard var row = try BatchRow.fetchOne(db, key: batchId) else { throw LakeError.notFound("batch", batchId) }
            guard row.status == BatchStatus.loading.rawValue else {
                throw LakeError(.batchNotLoading, "batch \(batchId) is \(row.status), not loading")
            }
            row.status = BatchStatus.aborted.rawValue
            row.completed = LakeID.nowMillis()
            row.errorSummary = "aborted"
            try row.update(db)
        }
        try FileSystem.remove(layout.stagingDirectory(batchId: batchId))
        return try batch(id: batchId)
    }

    /// One batch with its lake files and first errors.
    public func batch(id: String) throws(LakeError) -> Batch {
        let found = try catalog.read { db -> (BatchRow, [BatchFileRow], [BatchErrorRow])? in
            guard let row = try BatchRow.fetchOne(db, key: id) else { return nil }
            let files = try BatchFileRow.filter(GRDB.Column("batchId") == id).order(GRDB.Column("path")).fetchAll(db)
            let errors = try BatchErrorRow.filter(GRDB.Column("batchId") == id).order(GRDB.Column("ordinal"))
                .fetchAll(db)
            return (row, files, errors)
        }
        guard let (row, files, errors) = found else { throw LakeError.notFound("batch", id) }
        return Self.batch(row, files: files, errors: errors)
    }

    /// Batches of a sandbox (optionally of one dataset), newest first. Listed batches carry no errors or files;
    /// fetch one with `batch(id:)` for those.
    public func batches(
        sandbox: String, datasetId: String? = nil, start: Int = 0, limit: Int = 50
    ) throws(LakeError) -> Page<Batch> {
        try requireSandbox(sandbox)
        let (start, limit) = Self.paging(start, limit)
        var request = BatchRow.filter(GRDB.Column("sandbox") == sandbox)
        if let datasetId {
            let (dataset, _) = try datasetRow(sandbox: sandbox, idOrName: datasetId)
            request = request.filter(GRDB.Column("datasetId") == dataset.id)
        }
        let finalRequest = request
        let (rows, total) = try catalog.read { db in
            let rows = try finalRequest.order(GRDB.Column("created").desc, GRDB.Column("id"))
                .limit(limit, offset: start).fetchAll(db)
            return (rows, try finalRequest.fetchCount(db))
        }
        return Page(items: rows.map { Self.batch($0, files: [], errors: []) }, total: total, start: start, limit: limit)
    }

    // MARK: Helpers

    func loadingBatch(_ batchId: String) throws(LakeError) -> BatchRow {
        let row = try catalog.read { db in try BatchRow.fetchOne(db, key: batchId) }
        guard let row else { throw LakeError.notFound("batch", batchId) }
        guard row.status == BatchStatus.loading.rawValue else {
            throw LakeError(.batchNotLoading, "batch \(batchId) is \(row.status), not loading")
        }
        return row
    }

    private func stagingPath(batchId: String, name: String) throws(LakeError) -> String {
        let valid =
            !name.isEmpty && name.utf8.count <= 255 && !name.contains("/") && !name.hasPrefix(".")
            && !name.utf8.contains(0)
        guard valid else { throw LakeError(.invalidInput, "invalid file name '\(name)'", file: name) }
        _ = try loadingBatch(batchId)
        let directory = layout.stagingDirectory(batchId: batchId)
        try FileSystem.createDirectory(directory)
        return directory + "/" + name
    }

    private func recordInputFile(batchId: String, name: String) throws(LakeError) {
        try catalog.write { db in
            guard var row = try BatchRow.fetchOne(db, key: batchId) else { throw LakeError.notFound("batch", batchId) }
            guard row.status == BatchStatus.loading.rawValue else {
                throw LakeError(.batchNotLoading, "batch \(batchId) is \(row.status), not loading")
            }
            if !row.inputFiles.contains(name) {
                row.inputFiles.append(name)
                try row.update(db)
            }
        }
    }

    static func batch(_ row: BatchRow, files: [BatchFileRow], errors: [BatchErrorRow]) -> Batch {
        Batch(
            id: row.id, sandbox: row.sandbox, datasetId: row.datasetId,
            status: BatchStatus(rawValue: row.status) ?? .failed, format: IngestFormat(rawValue: row.format) ?? .json,
            sequence: row.sequence, rowCount: row.rowCount, failedRecordCount: row.failedRecordCount,
            files: files.map(\.path), inputFiles: row.inputFiles,
            errors: errors.map {
                Parquet.RecordError(file: $0.file, line: $0.line, fieldPath: $0.fieldPath, reason: $0.reason)
            },
            errorSummary: row.errorSummary, clientBatchKey: row.clientBatchKey, maxErrorPercent: row.maxErrorPercent,
            created: row.created,
            completed: row.completed)
    }
}
