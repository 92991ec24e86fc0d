import Foundation
import GRDB
import Parquet

extension Lake {
    /// The most record errors kept per batch.
    static let maxStoredErrors = 1_000

    /// Makes a written batch visible: in ONE catalog transaction the batch becomes `success` with the next
    /// per-dataset sequence, its files are recorded and the dataset totals updated.
    func commitBatch(
        batchId: String, files: [BatchFileRow], failedRecordCount: Int64, errors: [Parquet.RecordError]
    ) throws(LakeError) {
        try catalog.write { db in
            guard var row = try BatchRow.fetchOne(db, key: batchId) else { throw LakeError.notFound("batch", batchId) }
            guard row.status == BatchStatus.loading.rawValue else {
                throw LakeError(.batchNotLoading, "batch \(batchId) is \(row.status), not loading")
            }
            guard var dataset = try DatasetRow.fetchOne(db, key: row.datasetId) else {
                throw LakeError.notFound("dataset", row.datasetId)
            }
            let last = try Int64.fetchOne(
                db, sql: "SELECT MAX(sequence) FROM batches WHERE datasetId = ?", arguments: [row.datasetId])
            let now = LakeID.nowMillis()
            let rows = files.reduce(Int64(0)) { $0 + $1.rowCount }
            let bytes = files.reduce(Int64(0)) { $0 + $1.sizeBytes }
            row.status = BatchStatus.success.rawValue
            row.sequence = (last ?? 0) + 1
            row.rowCount = rows
            row.failedRecordCount = failedRecordCount
            row.completed = now
            row.errorSummary = failedRecordCount > 0 ? "\(failedRecordCount) record(s) skipped" : nil
            try row.update(db)
            for file in files { try file.insert(db) }
            try Self.insertErrors(errors, batchId: batchId, db: db)
            dataset.rowCount += rows
            dataset.sizeBytes += bytes
            dataset.batchCount += 1
            dataset.updated = now
            try dataset.update(db)
        }
    }

    /// Marks a loading batch failed and keeps its first record errors.
    func failBatch(
        batchId: String, failedRecordCount: Int64, errors: [Parquet.RecordError], summary: String
    ) throws(LakeError) {
        try catalog.write { db in
            guard var row = try BatchRow.fetchOne(db, key: batchId),
                row.status == BatchStatus.loading.rawValue
            else { return }
            row.status = BatchStatus.failed.rawValue
            row.failedRecordCount = failedRecordCount
            row.completed = LakeID.nowMillis()
            row.errorSummary = summary
            try row.update(db)
            try Self.insertErrors(errors, batchId: batchId, db: db)
        }
    }

    private static func insertErrors(_ errors: [Parquet.RecordError], batchId: String, db: Database) throws {
        try BatchErrorRow.filter(GRDB.Column("batchId") == batchId).deleteAll(db)
        for (ordinal, error) in errors.prefix(maxStoredErrors).enumerated() {
            try BatchErrorRow(
                batchId: batchId, ordinal: ordinal, file: error.file, line: error.line, fieldPath: error.fieldPath,
                reason: error.reason
            ).insert(db)
        }
    }

    /// Test hook (debug builds only): announce the fault point on stderr and block until the process is killed.
    func reachFaultPoint(_ name: String) {
        #if OUTFLOW_FAULT_INJECTION
            guard configuration.faultPoint == name else { return }
            FileHandle.standardError.write(Data("FAULT \(name)\n".utf8))
            while true { _ = pause() }
        #endif
    }
}
