import Columnar
import Parquet

/// Reads an uploaded NDJSON file (plain, gzip or zstd) with the Parquet module's `NDJSONReader`.
struct NDJSONInput {
    let schema: Schema
    let batchSize: Int

    func read(path: String, name: String) throws(LakeError) -> FileReadResult {
        let bytes = try FileSystem.readAll(path)
        do {
            let result = try NDJSONReader(schema: schema, batchSize: batchSize).read(bytes, fileName: name)
            return FileReadResult(
                batches: result.batches, errors: result.errors, recordCount: result.recordCount,
                validCount: result.validCount)
        } catch {
            throw LakeError(.invalidInput, error.message, file: name)
        }
    }
}
