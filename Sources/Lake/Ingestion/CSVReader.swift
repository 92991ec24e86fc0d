import Columnar
import Parquet

/// Reads CSV with a header row into batches of a dataset schema, validating every record.
///
/// Header names are field paths; dotted paths (`web.webPageDetails.name`) address fields inside structs.
/// An empty cell is null. A struct whose cells are all empty is null. Cells are parsed per the field type
/// (`TextValueParser`). A bad record is skipped whole and reported with its line and field path.
struct CSVReader {
    let schema: Schema
    let batchSize: Int
    let limits: IngestLimits

    /// How the cells of a row assemble into one field's value.
    indirect enum Plan {
        case cell(Int)
        case `struct`([Plan?])
    }

    init(schema: Schema, batchSize: Int = 65_536, limits: IngestLimits = IngestLimits()) {
        self.schema = schema
        self.batchSize = max(1, batchSize)
        self.limits = limits
    }

    /// Reads everything, returning the batches in the result.
    func read(_ bytes: [UInt8], fileName: String) throws(LakeError) -> FileReadResult {
        var batches: [ColumnBatch] = []
        var result = try read(bytes, fileName: fileName) { (batch) throws(LakeError) in batches.append(batch) }
        result.batches = batches
        return result
    }

    /// Reads everything, handing each batch to `emit` as soon as it is full; the result has no batches.
    func read(
        _ bytes: [UInt8], fileName: String, emit: (ColumnBatch) throws(LakeError) -> Void
    ) throws(LakeError) -> FileReadResult {
        var tokenizer = CSVTokenizer(
            bytes: bytes, maxRecordBytes: limits.maxRecordBytes, maxCells: limits.maxColumns)
        guard let header = try located(fileName, { () throws(LakeError) in try tokenizer.next() }) else {
            return FileReadResult()
        }
        let plans = try makePlans(header: header, fileName: fileName)
        var result = FileReadResult()
        var builders = schema.fields.map { ColumnBuilder(type: $0.type) }
        var buffered = 0
        while let record = try located(fileName, { () throws(LakeError) in try tokenizer.next() }) {
            if record.cells.count == 1, record.cells[0].isEmpty, record.problem == nil { continue }
            result.recordCount += 1
            switch values(of: record, plans: plans, columnCount: header.cells.count) {
            case let .failure(failure) where result.errors.count < Lake.maxStoredErrors:
                result.errors.append(
                    RecordError(file: fileName, line: record.line, fieldPath: failure.fieldPath, reason: failure.reason)
                )
            case .failure:
                break
            case let .success(row):
                for (builder, value) in zip(builders, row) { ValueAppender.append(value, to: builder) }
                result.validCount += 1
                buffered += 1
                if buffered == batchSize {
                    try emit(try finish(builders, fileName: fileName))
                    builders = schema.fields.map { ColumnBuilder(type: $0.type) }
                    buffered = 0
                }
            }
        }
        if buffered > 0 { try emit(try finish(builders, fileName: fileName)) }
        return result
    }

    /// Runs `body`, naming `fileName` in the error it throws.
    private func located<T>(_ fileName: String, _ body: () throws(LakeError) -> T) throws(LakeError) -> T {
        do {
            return try body()
        } catch {
            var error = error
            if error.file == nil { error.file = fileName }
            throw error
        }
    }

    private func finish(_ builders: [ColumnBuilder], fileName: String) throws(LakeError) -> ColumnBatch {
        do {
            return try ColumnBatch(schema: schema, columns: builders.map { $0.finish() })
        } catch {
            throw LakeError(.storage, "internal: \(error)", fieldPath: error.fieldPath, file: fileName)
        }
    }

    // MARK: Header

    func makePlans(header: CSVTokenizer.Record, fileName: String) throws(LakeError) -> [Plan?] {
        var plans: [Plan?] = Array(repeating: nil, count: schema.fields.count)
        var seen = Set<String>()
        for (column, raw) in header.cells.enumerated() {
            guard let name = String(validating: raw, as: UTF8.self)?.trimmingSpaces, !name.isEmpty else {
                throw LakeError(.invalidInput, "header column \(column + 1) is empty or not UTF-8", file: fileName)
            }
            guard seen.insert(name).inserted else {
                throw LakeError(
                    .invalidInput, "column '\(name)' appears twice in the header", fieldPath: name, file: fileName)
            }
            let parts = name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            guard let top = schema.index(of: parts[0]) else {
                throw LakeError(
                    .invalidInput, "header column '\(name)' is not in the dataset schema", fieldPath: name,
                    file: fileName)
            }
            plans[top] = try insert(
                column: column, parts: parts.dropFirst(), into: plans[top], type: schema.fields[top].type, path: name,
                fileName: fileName)
        }
        for (index, field) in schema.fields.enumerated() where plans[index] == nil && !field.nullable {
            throw LakeError(
                .invalidInput, "required field '\(field.name)' has no column in the header", fieldPath: field.name,
                file: fileName)
        }
        return plans
    }

    private func insert(
        column: Int, parts: ArraySlice<String>, into plan: Plan?, type: DataType, path: String, fileName: String
    ) throws(LakeError) -> Plan {
        guard let part = parts.first else {
            guard plan == nil else {
                throw LakeError(
                    .invalidInput, "column '\(path)' overlaps another column", fieldPath: path, file: fileName)
            }
            if case .list = type { throw unsupported(path, type, fileName) }
            if case .map = type { throw unsupported(path, type, fileName) }
            if case .struct = type { throw unsupported(path, type, fileName) }
            return .cell(column)
        }
        guard case let .struct(fields) = type, let child = fields.firstIndex(where: { $0.name == part }) else {
            throw LakeError(
                .invalidInput, "header column '\(path)' is not in the dataset schema", fieldPath: path, file: fileName)
        }
        var children: [Plan?]
        switch plan {
        case nil: children = Array(repeating: nil, count: fields.count)
        case let .struct(existing)?: children = existing
        case .cell?:
            throw LakeError(.invalidInput, "column '\(path)' overlaps another column", fieldPath: path, file: fileName)
        }
        children[child] = try insert(
            column: column, parts: parts.dropFirst(), into: children[child], type: fields[child].type, path: path,
            fileName: fileName)
        return .struct(children)
    }

    private func unsupported(_ path: String, _ type: DataType, _ fileName: String) -> LakeError {
        LakeError(.invalidInput, "CSV cannot hold \(type.name) field '\(path)'", fieldPath: path, file: fileName)
    }

    // MARK: Records

    struct Failure: Error {
        var fieldPath: String
        var reason: String
    }

    func values(of record: CSVTokenizer.Record, plans: [Plan?], columnCount: Int) -> Result<[Value], Failure> {
        if let problem = record.problem { return .failure(Failure(fieldPath: "", reason: problem)) }
        guard record.cells.count == columnCount else {
            return .failure(
                Failure(
                    fieldPath: "", reason: "expected \(columnCount) cells as in the header, found \(record.cells.count)"
                ))
        }
        var row: [Value] = []
        row.reserveCapacity(schema.fields.count)
        for (field, plan) in zip(schema.fields, plans) {
            switch value(plan, field: field, path: field.name, cells: record.cells) {
            case let .failure(failure): return .failure(failure)
            case let .success(value):
                if value.isNull, !field.nullable {
                    return .failure(Failure(fieldPath: field.name, reason: "required field is missing"))
                }
                row.append(value)
            }
        }
        return .success(row)
    }

    private func value(_ plan: Plan?, field: Field, path: String, cells: [ArraySlice<UInt8>]) -> Result<Value, Failure>
    {
        switch plan {
        case nil:
            return .success(.null)
        case let .cell(column)?:
            let raw = cells[column]
            if raw.isEmpty { return .success(.null) }
            guard let text = String(validating: raw, as: UTF8.self) else {
                return .failure(Failure(fieldPath: path, reason: "cell is not valid UTF-8"))
            }
            return TextValueParser.parse(text, as: field.type).mapError { Failure(fieldPath: path, reason: $0.reason) }
        case let .struct(children)?:
            guard case let .struct(fields) = field.type else { return .success(.null) }
            var values: [Value] = []
            for (child, childPlan) in zip(fields, children) {
                switch value(childPlan, field: child, path: path + "." + child.name, cells: cells) {
                case let .failure(failure): return .failure(failure)
                case let .success(value): values.append(value)
                }
            }
            if field.nullable, values.allSatisfy(\.isNull) { return .success(.null) }
            for (child, value) in zip(fields, values) where value.isNull && !child.nullable {
                return .failure(Failure(fieldPath: path + "." + child.name, reason: "required field is missing"))
            }
            return .success(.struct(values))
        }
    }
}

extension String {
    var trimmingSpaces: String {
        var view = Substring(self)
        while view.first == " " { view = view.dropFirst() }
        while view.last == " " { view = view.dropLast() }
        return String(view)
    }
}
