import Columnar
import Parquet

/// Reads an uploaded Parquet file against the dataset schema: columns are matched by name, types must be
/// equal or safely widened (int32 -> int64, integers -> floats, float32 -> float64, also inside structs,
/// lists and maps). Unknown columns, missing required columns and incompatible types fail the file; nulls
/// in required fields and out-of-range values are record errors (line = 1-based row number).
struct ParquetInput {
    let schema: Schema
    let batchSize: Int
    var limits = ParquetReader.Limits.default

    /// Reads row group by row group, handing batches to `emit` as they are ready; the result has no batches.
    func read(
        path: String, name: String, emit: (ColumnBatch) throws(LakeError) -> Void, progress: (Int64, Int64) -> Void
    ) throws(LakeError) -> FileReadResult {
        let reader: ParquetReader
        do {
            reader = try ParquetReader(path: path, limits: limits)
        } catch {
            throw LakeError(.invalidInput, "not a readable Parquet file: \(error.message)", file: name)
        }
        let fileFields = try plan(fileSchema: reader.schema, name: name)
        var result = FileReadResult()
        var rowBase = 0
        for group in 0..<reader.rowGroupCount {
            let batch: ColumnBatch
            do {
                batch = try reader.readRowGroup(group)
            } catch  where error.code == .limitExceeded {
                // The message only: the error's description would name the staging path on the server.
                throw LakeError(
                    .invalidInput, "Parquet file refused (\(error.code.rawValue)): \(error.message)", file: name)
            } catch {
                throw LakeError(.invalidInput, "corrupt Parquet data: \(error.message)", file: name)
            }
            result.recordCount += batch.rowCount
            if let direct = directBatch(batch, fileFields: fileFields) {
                result.batches.append(direct)
                result.validCount += batch.rowCount
            } else {
                try convertRows(batch, fileFields: fileFields, rowBase: rowBase, name: name, into: &result)
            }
            rowBase += batch.rowCount
            let ready = result.batches
            result.batches = []
            for batch in ready { try emit(batch) }
            progress(
                Int64(result.recordCount),
                Int64(Double(FileSystem.size(path)) * Double(group + 1) / Double(reader.rowGroupCount)))
        }
        return result
    }

    /// For each dataset field, the index of the file column holding it (nil = absent, read as null).
    private func plan(fileSchema: Schema, name: String) throws(LakeError) -> [Int?] {
        for field in fileSchema.fields where schema.index(of: field.name) == nil {
            throw LakeError(
                .invalidInput, "column '\(field.name)' is not in the dataset schema", fieldPath: field.name, file: name)
        }
        var out: [Int?] = []
        for field in schema.fields {
            guard let index = fileSchema.index(of: field.name) else {
                guard field.nullable else {
                    throw LakeError(
                        .invalidInput, "required column '\(field.name)' is missing", fieldPath: field.name, file: name)
                }
                out.append(nil)
                continue
            }
            if let problem = ValueConformance.incompatibility(
                from: fileSchema.fields[index].type, to: field.type, path: field.name)
            {
                throw LakeError(.invalidInput, problem.reason, fieldPath: problem.fieldPath, file: name)
            }
            out.append(index)
        }
        return out
    }

    /// The batch as is, when every column already has the dataset type and required columns have no nulls.
    private func directBatch(_ batch: ColumnBatch, fileFields: [Int?]) -> ColumnBatch? {
        var columns: [Column] = []
        for (field, index) in zip(schema.fields, fileFields) {
            guard let index, let column = batch.columns[index].retyped(to: field.type) else { return nil }
            if !field.nullable, column.nullCount > 0 { return nil }
            columns.append(column)
        }
        return try? ColumnBatch(schema: schema, columns: columns)
    }

    private func convertRows(
        _ batch: ColumnBatch, fileFields: [Int?], rowBase: Int, name: String, into result: inout FileReadResult
    ) throws(LakeError) {
        var builders = schema.fields.map { ColumnBuilder(type: $0.type) }
        var buffered = 0
        func flush() throws(LakeError) {
            guard buffered > 0 else { return }
            do {
                result.batches.append(try ColumnBatch(schema: schema, columns: builders.map { $0.finish() }))
            } catch {
                throw LakeError(.storage, "internal: \(error)", fieldPath: error.fieldPath, file: name)
            }
            builders = schema.fields.map { ColumnBuilder(type: $0.type) }
            buffered = 0
        }
        rows: for row in 0..<batch.rowCount {
            var values: [Value] = []
            for (field, index) in zip(schema.fields, fileFields) {
                let value = index.map { batch.columns[$0].value(at: row) } ?? .null
                let fileType = index.map { batch.schema.fields[$0].type }
                switch ValueConformance.convert(value, from: fileType, to: field, path: field.name) {
                case let .failure(failure):
                    if result.errors.count < Lake.maxStoredErrors {
                        result.errors.append(
                            RecordError(
                                file: name, line: rowBase + row + 1, fieldPath: failure.fieldPath,
                                reason: failure.reason))
                    }
                    continue rows
                case let .success(converted):
                    values.append(converted)
                }
            }
            for (builder, value) in zip(builders, values) { ValueAppender.append(value, to: builder) }
            result.validCount += 1
            buffered += 1
            if buffered >= batchSize { try flush() }
        }
        try flush()
    }
}
