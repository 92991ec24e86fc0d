import Foundation
import Parquet

extension Lake {
    /// The most record errors kept per batch.
    static let maxStoredErrors = 1_000

    /// Makes a written batch visible: in ONE catalog transaction the batch becomes `success` with the next
    /// per-dataset sequence, its files are recorded and the dataset totals updated.
    func commitBatch(
        batchId: String, files: [BatchFileRow], failedRecordCount: Int64, errors: [Parquet.RecordError]
    ) throws(LakeError) {
        try catalog.commitBatch(
            id: batchId, files: files, failedRecordCount: failedRecordCount,
            errorSummary: failedRecordCount > 0 ? "\(failedRecordCount) record(s) skipped" : nil,
            errors: Self.errorRows(errors, batchId: batchId), now: LakeID.nowMillis())
    }

    /// Marks a loading batch failed and keeps its first record errors.
    func failBatch(
        batchId: String, failedRecordCount: Int64, errors: [Parquet.RecordError], summary: String
    ) throws(LakeError) {
        try catalog.failBatch(
            id: batchId, failedRecordCount: failedRecordCount, summary: summary,
            errors: Self.errorRows(errors, batchId: batchId), now: LakeID.nowMillis())
    }

    private static func errorRows(_ errors: [Parquet.RecordError], batchId: String) -> [BatchErrorRow] {
        errors.prefix(maxStoredErrors).enumerated().map { ordinal, error in
            BatchErrorRow(
                batchId: batchId, ordinal: ordinal, file: error.file, line: error.line, fieldPath: error.fieldPath,
                reason: error.reason)
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
