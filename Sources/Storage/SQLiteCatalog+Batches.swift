import GRDB
package import Lake

extension SQLiteCatalog {
    package func insertBatch(_ row: BatchRow) throws(LakeError) -> BatchRow {
        try write { db -> BatchRow in
            if let clientBatchKey = row.clientBatchKey,
                let existing = try BatchRow.filter(
                    Column("datasetId") == row.datasetId && Column("clientBatchKey") == clientBatchKey
                ).fetchOne(db)
            {
                return existing
            }
            try row.insert(db)
            return row
        }
    }

    package func batch(id: String) throws(LakeError) -> BatchRow? {
        try read { db in try BatchRow.fetchOne(db, key: id) }
    }

    package func batchDetail(id: String) throws(LakeError) -> (BatchRow, [BatchFileRow], [BatchErrorRow])? {
        try read { db -> (BatchRow, [BatchFileRow], [BatchErrorRow])? in
            guard let row = try BatchRow.fetchOne(db, key: id) else { return nil }
            let files = try BatchFileRow.filter(Column("batchId") == id).order(Column("path")).fetchAll(db)
            let errors = try BatchErrorRow.filter(Column("batchId") == id).order(Column("ordinal")).fetchAll(db)
            return (row, files, errors)
        }
    }

    package func batches(sandbox: String, datasetId: String?, start: Int, limit: Int) throws(LakeError) -> (
        rows: [BatchRow], total: Int
    ) {
        var request = BatchRow.filter(Column("sandbox") == sandbox)
        if let datasetId { request = request.filter(Column("datasetId") == datasetId) }
        let filtered = request
        return try read { db in
            let rows = try filtered.order(Column("created").desc, Column("id")).limit(limit, offset: start).fetchAll(db)
            return (rows, try filtered.fetchCount(db))
        }
    }

    package func updateLoadingBatch(id: String, _ change: (inout BatchRow) -> Bool) throws(LakeError) {
        try write { db in
            var row = try Self.loadingBatch(db, id: id)
            if change(&row) { try row.update(db) }
        }
    }

    package func commitBatch(
        id: String, files: [BatchFileRow], failedRecordCount: Int64, errorSummary: String?, errors: [BatchErrorRow],
        now: Int64
    ) throws(LakeError) {
        try write { db in
            var row = try Self.loadingBatch(db, id: id)
            guard var dataset = try DatasetRow.fetchOne(db, key: row.datasetId) else {
                throw LakeError.notFound("dataset", row.datasetId)
            }
            let last = try Int64.fetchOne(
                db, sql: "SELECT MAX(sequence) FROM batches WHERE datasetId = ?", arguments: [row.datasetId])
            let rows = files.reduce(Int64(0)) { $0 + $1.rowCount }
            let bytes = files.reduce(Int64(0)) { $0 + $1.sizeBytes }
            row.status = BatchStatus.success.rawValue
            row.sequence = (last ?? 0) + 1
            row.rowCount = rows
            row.failedRecordCount = failedRecordCount
            row.completed = now
            row.errorSummary = errorSummary
            try row.update(db)
            for file in files { try file.insert(db) }
            try Self.replaceErrors(errors, batchId: id, db: db)
            dataset.rowCount += rows
            dataset.sizeBytes += bytes
            dataset.batchCount += 1
            dataset.updated = now
            try dataset.update(db)
        }
    }

    package func failBatch(
        id: String, failedRecordCount: Int64, summary: String, errors: [BatchErrorRow], now: Int64
    ) throws(LakeError) {
        try write { db in
            guard var row = try BatchRow.fetchOne(db, key: id), row.status == BatchStatus.loading.rawValue else {
                return
            }
            row.status = BatchStatus.failed.rawValue
            row.failedRecordCount = failedRecordCount
            row.completed = now
            row.errorSummary = summary
            try row.update(db)
            try Self.replaceErrors(errors, batchId: id, db: db)
        }
    }

    package func abortLoadingBatches(ids: [String], summary: String, now: Int64) throws(LakeError) {
        try write { db in
            for id in ids {
                guard var row = try BatchRow.fetchOne(db, key: id), row.status == BatchStatus.loading.rawValue else {
                    continue
                }
                row.status = BatchStatus.aborted.rawValue
                row.completed = now
                row.errorSummary = summary
                try row.update(db)
            }
        }
    }

    package func loadingBatches() throws(LakeError) -> [BatchRow] {
        try read { db in try BatchRow.filter(Column("status") == BatchStatus.loading.rawValue).fetchAll(db) }
    }

    package func batchStatuses() throws(LakeError) -> [String: String] {
        try read { db in
            var statuses: [String: String] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT id, status FROM batches") {
                statuses[row["id"]] = row["status"]
            }
            return statuses
        }
    }

    package func committedFiles(datasetId: String, afterSequence: Int64) throws(LakeError) -> [LakeFile] {
        try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT f.path, f.batchId, b.sequence, f.rowCount, f.sizeBytes
                    FROM batch_files f JOIN batches b ON b.id = f.batchId
                    WHERE b.datasetId = ? AND b.status = 'success' AND b.sequence > ?
                    ORDER BY b.sequence, f.path
                    """, arguments: [datasetId, afterSequence]
            ).map { row -> LakeFile in
                LakeFile(
                    path: row["path"], batchId: row["batchId"], sequence: row["sequence"], rowCount: row["rowCount"],
                    sizeBytes: row["sizeBytes"])
            }
        }
    }

    private static func loadingBatch(_ db: Database, id: String) throws -> BatchRow {
        guard let row = try BatchRow.fetchOne(db, key: id) else { throw LakeError.notFound("batch", id) }
        guard row.status == BatchStatus.loading.rawValue else {
            throw LakeError(.batchNotLoading, "batch \(id) is \(row.status), not loading")
        }
        return row
    }

    private static func replaceErrors(_ errors: [BatchErrorRow], batchId: String, db: Database) throws {
        try BatchErrorRow.filter(Column("batchId") == batchId).deleteAll(db)
        for error in errors { try error.insert(db) }
    }
}
