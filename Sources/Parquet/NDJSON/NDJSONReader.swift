import Codecs
public import Columnar

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads newline-delimited JSON (plain, gzip or zstd, detected by magic bytes) into column batches of a
/// fixed schema, validating every record: nothing is inferred, and a record with any bad field is
/// skipped whole and reported as a `RecordError` with its line and field path.
///
/// Accepted JSON per type: integers for int32/int64 (exact, range-checked); numbers for floats;
/// numbers or numeric strings for decimals (exact, digits checked against precision and scale);
/// ISO-8601 strings with `Z` or an offset for timestamps (up to microseconds, converted to UTC);
/// `YYYY-MM-DD` for dates; base64 strings for binary; objects for structs and maps (string keys);
/// arrays for lists; `null` or an absent field only where the field is nullable.
public struct NDJSONReader: Sendable {
    /// The schema records must follow.
    public let schema: Schema
    /// Rows per output batch.
    public let batchSize: Int
    /// Longest line accepted, in bytes; a longer one fails the whole read with `.limitExceeded`.
    public let maxLineBytes: Int
    /// Most bytes compressed input may decompress to before the read fails with `.limitExceeded`.
    public let maxDecompressedBytes: Int
    private let plan: NDJSONPlan?
    private let planError: NDJSONError?

    /// Default limits: lines up to 16 MiB, compressed input up to 1 GiB decompressed (callers reading uploads
    /// pass tighter, size-relative ones).
    public init(
        schema: Schema, batchSize: Int = 65_536, maxLineBytes: Int = 16 << 20, maxDecompressedBytes: Int = 1 << 30
    ) {
        self.schema = schema
        self.batchSize = max(1, batchSize)
        self.maxLineBytes = max(1, maxLineBytes)
        self.maxDecompressedBytes = maxDecompressedBytes
        do throws(NDJSONError) {
            plan = NDJSONPlan(root: try NDJSONPlanNode(schema: schema))
            planError = nil
        } catch {
            plan = nil
            planError = error
        }
    }

    /// Reads a whole file. `fileName` is used in errors only. Throws only for whole-file failures
    /// (corrupt or truncated compression, a schema NDJSON cannot express); bad records are in the result.
    public func read(_ bytes: [UInt8], fileName: String) throws(NDJSONError) -> NDJSONReadResult {
        guard let plan else { throw planError ?? NDJSONError(.unsupportedSchema, "unsupported schema", file: fileName) }
        let codec = CompressionCodec.detect(magic: bytes.prefix(4))
        var text = bytes
        if codec != .none {
            text = try Self.decompress(bytes, codec: codec, fileName: fileName, limit: maxDecompressedBytes)
        }
        var session = NDJSONReadSession(
            plan: plan, schema: schema, batchSize: batchSize, fileName: fileName, maxLineBytes: maxLineBytes)
        try text.withUnsafeBufferPointer { (buffer) throws(NDJSONError) in try session.consume(buffer) }
        return try session.finish()
    }
}

extension NDJSONReader {
    /// Decompresses a whole file; a failure names the last complete line before the damage.
    static func decompress(
        _ bytes: [UInt8], codec: CompressionCodec, fileName: String, limit: Int = .max
    ) throws(NDJSONError) -> [UInt8] {
        var out: [UInt8] = []
        var failure: CodecError?
        bytes.withUnsafeBytes { raw in
            do throws(CodecError) {
                let decompressor = try StreamDecompressor(codec: codec)
                decompressor.outputLimit = limit
                // Small input slices, so that a failure loses little of the output before it.
                let slice = 16 << 10
                var start = 0
                repeat {
                    let end = min(raw.count, start + slice)
                    out += try decompressor.decompress(UnsafeRawBufferPointer(rebasing: raw[start..<end]))
                    start = end
                } while start < raw.count
                try decompressor.finish()
            } catch {
                failure = error
            }
        }
        if let failure, failure.code == .outputLimit {
            throw NDJSONError(
                .limitExceeded, "\(codec.rawValue) data decompresses to more than \(limit) bytes", file: fileName)
        }
        if let failure {
            let lines = out.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
            throw NDJSONError(
                .corruptCompression,
                "cannot decompress \(codec.rawValue) data after line \(lines): \(failure.message)", file: fileName)
        }
        return out
    }
}

/// The state of reading one file: the tape, the record decoder, the current builders and the results.
struct NDJSONReadSession {
    let plan: NDJSONPlan
    let schema: Schema
    let batchSize: Int
    let fileName: String
    let maxLineBytes: Int
    private let tape = JSONTape()
    private let decoder: NDJSONRecordDecoder
    private var builders: NDJSONBuilderSet
    private var rowsInBatch = 0
    private var batches: [ColumnBatch] = []
    private var errors: [RecordError] = []
    private var recordCount = 0
    private var validCount = 0

    init(plan: NDJSONPlan, schema: Schema, batchSize: Int, fileName: String, maxLineBytes: Int = .max) {
        self.plan = plan
        self.schema = schema
        self.batchSize = batchSize
        self.fileName = fileName
        self.maxLineBytes = maxLineBytes
        decoder = NDJSONRecordDecoder(plan: plan)
        builders = NDJSONBuilderSet(plan: plan, types: schema.fields.map(\.type), capacity: min(batchSize, 4096))
    }

    /// Reads every line of `text` (the whole decompressed file).
    mutating func consume(_ text: UnsafeBufferPointer<UInt8>) throws(NDJSONError) {
        var start = 0
        // A UTF-8 byte order mark is not part of the first record.
        if text.count >= 3, text[0] == 0xEF, text[1] == 0xBB, text[2] == 0xBF { start = 3 }
        var lineNumber = 0
        while start < text.count {
            lineNumber += 1
            var end = start
            if let base = text.baseAddress, let found = memchr(base + start, 0x0A, text.count - start) {
                end = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            } else {
                end = text.count
            }
            let next = end + 1
            if end > start, text[end - 1] == 0x0D { end -= 1 }
            guard end - start <= maxLineBytes else {
                throw NDJSONError(
                    .limitExceeded, "line \(lineNumber) is longer than \(maxLineBytes) bytes", file: fileName)
            }
            try record(UnsafeBufferPointer(rebasing: text[start..<end]), line: lineNumber)
            start = next
        }
    }

    private mutating func record(_ line: UnsafeBufferPointer<UInt8>, line lineNumber: Int) throws(NDJSONError) {
        var blank = true
        for byte in line where !(byte == 0x20 || byte == 0x09 || byte == 0x0D) {
            blank = false
            break
        }
        if blank { return }
        recordCount += 1
        do throws(JSONSyntaxError) {
            try tape.parse(line)
        } catch {
            let reason: String
            if let column = UTF8Check.firstInvalidColumn(line) {
                reason = "invalid UTF-8 at column \(column)"
            } else {
                reason = "syntax error at column \(error.column): \(error.message)"
            }
            errors.append(RecordError(file: fileName, line: lineNumber, fieldPath: "", reason: reason))
            return
        }
        var issue: FieldIssue?
        let builders = builders
        let decoder = decoder
        let view = RecordView(line: line, tokens: tape.tokens, scratch: tape.scratch)
        do throws(FieldIssue) {
            try decoder.core.validate(view)
            decoder.core.append(view, to: builders)
        } catch {
            issue = error
        }
        if let issue {
            errors.append(
                RecordError(file: fileName, line: lineNumber, fieldPath: issue.fieldPath, reason: issue.reason))
            return
        }
        validCount += 1
        rowsInBatch += 1
        if rowsInBatch == batchSize { try flush() }
    }

    private mutating func flush() throws(NDJSONError) {
        guard rowsInBatch > 0 else { return }
        let columns = builders.finish()
        do throws(ColumnarError) {
            batches.append(try ColumnBatch(schema: schema, columns: columns))
        } catch {
            throw NDJSONError(
                .schemaMismatch, "internal: built columns do not fit the schema: \(error)", file: fileName)
        }
        builders = NDJSONBuilderSet(plan: plan, types: schema.fields.map(\.type), capacity: min(batchSize, 4096))
        rowsInBatch = 0
    }

    /// The batches and errors of everything consumed.
    mutating func finish() throws(NDJSONError) -> NDJSONReadResult {
        try flush()
        return NDJSONReadResult(batches: batches, errors: errors, recordCount: recordCount, validCount: validCount)
    }
}
