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
        let stored = try catalog.insertBatch(row)
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
        let now = LakeID.nowMillis()
        try catalog.updateLoadingBatch(id: batchId) { row in
            row.status = BatchStatus.aborted.rawValue
            row.completed = now
            row.errorSummary = "aborted"
            return true
        }
        try FileSystem.remove(layout.stagingDirectory(batchId: batchId))
        return try batch(id: batchId)
    }

    /// One batch with its lake files and first errors.
    public func batch(id: String) throws(LakeError) -> Batch {
        guard let (row, files, errors) = try catalog.batchDetail(id: id) else { throw LakeError.notFound("batch", id) }
        return Self.batch(row, files: files, errors: errors)
    }

    /// Batches of a sandbox (optionally of one dataset), newest first. Listed batches carry no errors or files;
    /// fetch one with `batch(id:)` for those.
    public func batches(
        sandbox: String, datasetId: String? = nil, start: Int = 0, limit: Int = 50
    ) throws(LakeError) -> Page<Batch> {
        try requireSandbox(sandbox)
        let (start, limit) = Self.paging(start, limit)
        var datasetFilter: String?
        if let datasetId { datasetFilter = try datasetRow(sandbox: sandbox, idOrName: datasetId).0.id }
        let (rows, total) = try catalog.batches(sandbox: sandbox, datasetId: datasetFilter, start: start, limit: limit)
        return Page(items: rows.map { Self.batch($0, files: [], errors: []) }, total: total, start: start, limit: limit)
    }

    // MARK: Helpers

    func loadingBatch(_ batchId: String) throws(LakeError) -> BatchRow {
        guard let row = try catalog.batch(id: batchId) else { throw LakeError.notFound("batch", batchId) }
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
        try catalog.updateLoadingBatch(id: batchId) { row in
            guard !row.inputFiles.contains(name) else { return false }
            row.inputFiles.append(name)
            return true
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
