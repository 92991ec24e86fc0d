public import Codecs
public import Columnar

/// Writes column batches as newline-delimited JSON: one object per row, fields in schema order,
/// optionally gzip (a series of ~1 MiB libdeflate members) or zstd (one frame) compressed.
/// Large batches are encoded by `parallelism` workers (see `NDJSONChunkEncoder`): same rows, same order.
///
/// Values: integers and decimals exact; timestamps `2026-11-23T10:15:30Z` (UTC, `.ffffff` only when
/// the microseconds are not zero); dates `YYYY-MM-DD`; binary base64; structs and maps as objects,
/// lists as arrays; null fields are left out unless `omitNulls` is false (AEP omits them).
public final class NDJSONWriter {
    /// The schema every batch must have.
    public let schema: Schema
    /// The compression of the output.
    public let compression: CompressionCodec
    /// Leave null struct fields (including top-level ones) out of the objects.
    public let omitNulls: Bool
    /// Worker count for large batches: rows are encoded (and gzip members compressed) in parallel.
    public let parallelism: Int
    private let sink: any ByteSink
    private let names: [String]
    private let output: Output
    private var buffer: [UInt8] = []
    private var rows = 0
    private var bytesEmitted = 0
    private var jsonBytes = 0
    private var closed = false
    private static let flushThreshold = 1 << 20
    /// Target uncompressed bytes of one parallel chunk (and so of one gzip member).
    static let chunkBytes = 1 << 20

    /// How encoded JSON reaches the sink.
    private enum Output {
        case plain
        /// Each flushed buffer or parallel chunk becomes one libdeflate gzip member.
        case gzipMembers(level: Int)
        case stream(StreamCompressor)
    }

    /// Starts a file on `sink`. Throws `NDJSONError` for snappy (no stream format) or a map whose keys
    /// are not strings (JSON object keys are strings). `parallelism` 0 means one worker per core.
    public init(
        sink: any ByteSink, schema: Schema, compression: CompressionCodec = .none, level: Int? = nil,
        omitNulls: Bool = true, parallelism: Int = 0
    ) throws(NDJSONError) {
        for field in schema.fields { try Self.checkWritable(field.type, path: field.name) }
        self.sink = sink
        self.schema = schema
        self.compression = compression
        self.omitNulls = omitNulls
        self.parallelism = parallelism > 0 ? parallelism : SystemInfo.processorCount
        names = schema.fields.map(\.name)
        switch compression {
        case .none:
            output = .plain
        case .gzip:
            output = .gzipMembers(level: max(0, min(level ?? 6, 12)))
        default:
            do throws(CodecError) {
                output = .stream(try StreamCompressor(codec: compression, level: level))
            } catch {
                throw NDJSONError(
                    .unsupportedSchema, "cannot write NDJSON with \(compression.rawValue): \(error.message)")
            }
        }
        buffer.reserveCapacity(Self.flushThreshold + (64 << 10))
    }

    private static func checkWritable(_ type: DataType, path: String) throws(NDJSONError) {
        switch type {
        case let .struct(fields):
            for field in fields { try checkWritable(field.type, path: path + "." + field.name) }
        case let .list(element):
            try checkWritable(element.type, path: path + "[]")
        case let .map(key, value):
            guard key.type == .string else {
                throw NDJSONError(.unsupportedSchema, "\(path): map keys must be strings in JSON, not \(key.type)")
            }
            try checkWritable(value.type, path: path + ".value")
        default:
            return
        }
    }

    /// Appends every row of `batch` (whose schema must have the writer's field names and types). Large batches
    /// encode on `DispatchQueue.concurrentPerform`: for synchronous callers; async code uses the `async` overload.
    public func write(_ batch: ColumnBatch) throws(NDJSONError) {
        let rowsPerChunk = try check(batch)
        if parallelism > 1, batch.rowCount >= 2 * rowsPerChunk {
            try writeParallel(batch, rowsPerChunk: rowsPerChunk)
        } else {
            try writeSerial(batch)
        }
    }

    /// Appends every row of `batch`; large batches encode as child tasks, so the caller suspends instead of holding
    /// a thread of the cooperative pool while other threads encode.
    public func write(_ batch: ColumnBatch) async throws(NDJSONError) {
        let rowsPerChunk = try check(batch)
        if parallelism > 1, batch.rowCount >= 2 * rowsPerChunk {
            try flush()
            for wave in waves(batch, rowsPerChunk: rowsPerChunk) {
                try emit(
                    await NDJSONChunkEncoder.encodeInTasks(
                        batch, names: names, ranges: wave, omitNulls: omitNulls, gzipLevel: gzipLevel))
            }
            rows += batch.rowCount
        } else {
            try writeSerial(batch)
        }
    }

    /// Checks the batch's schema; returns the rows per parallel chunk.
    private func check(_ batch: ColumnBatch) throws(NDJSONError) -> Int {
        guard !closed else { throw NDJSONError(.closed, "write after close") }
        guard batch.schema.fields.map(\.type) == schema.fields.map(\.type),
            batch.schema.fields.map(\.name) == schema.fields.map(\.name)
        else {
            throw NDJSONError(
                .schemaMismatch, "batch schema \(batch.schema.structType) differs from \(schema.structType)")
        }
        return max(64, Self.chunkBytes / max(1, bytesPerRow))
    }

    /// Encodes the rows one by one into the buffer.
    private func writeSerial(_ batch: ColumnBatch) throws(NDJSONError) {
        let row = StructEncoder(nil, names: names, children: batch.columns, omitNulls: omitNulls)
        for index in 0..<batch.rowCount {
            let before = buffer.count
            row.writeValue(index, to: &buffer)
            buffer.append(0x0A)
            jsonBytes += buffer.count - before
            if buffer.count >= Self.flushThreshold { try flush() }
        }
        rows += batch.rowCount
    }

    /// Average JSON bytes per row so far (a guess before the first row).
    private var bytesPerRow: Int { rows > 0 ? jsonBytes / rows + 1 : 256 }

    /// The gzip level when each chunk becomes its own gzip member, else nil.
    private var gzipLevel: Int? {
        if case let .gzipMembers(level) = output { return level }
        return nil
    }

    /// The batch's row ranges in waves of `parallelism * 2` chunks, so memory stays bounded.
    private func waves(_ batch: ColumnBatch, rowsPerChunk: Int) -> [[Range<Int>]] {
        let ranges = NDJSONChunkEncoder.ranges(rowCount: batch.rowCount, rowsPerChunk: rowsPerChunk)
        let wave = parallelism * 2
        return stride(from: 0, to: ranges.count, by: wave).map { Array(ranges[$0..<min(ranges.count, $0 + wave)]) }
    }

    /// Encodes the batch wave by wave on `concurrentPerform`.
    private func writeParallel(_ batch: ColumnBatch, rowsPerChunk: Int) throws(NDJSONError) {
        try flush()
        for wave in waves(batch, rowsPerChunk: rowsPerChunk) {
            try emit(
                NDJSONChunkEncoder.encode(
                    batch, names: names, ranges: wave, omitNulls: omitNulls, gzipLevel: gzipLevel))
        }
        rows += batch.rowCount
    }

    /// Emits encoded chunks in range order (counted as rows written once the whole batch is done).
    private func emit(_ encoded: [Result<NDJSONChunkEncoder.Chunk, CodecError>]) throws(NDJSONError) {
        for result in encoded {
            let chunk: NDJSONChunkEncoder.Chunk
            switch result {
            case let .success(value): chunk = value
            case let .failure(error): throw NDJSONError(.writeFailed, "compression failed: \(error)")
            }
            jsonBytes += chunk.jsonBytes
            if gzipLevel != nil { try emit(chunk.bytes) } else { try emitJSON(chunk.bytes) }
        }
    }

    private func flush() throws(NDJSONError) {
        guard !buffer.isEmpty else { return }
        defer { buffer.removeAll(keepingCapacity: true) }
        try emitJSON(buffer)
    }

    /// Sends uncompressed JSON through the output's compression to the sink.
    private func emitJSON(_ json: [UInt8]) throws(NDJSONError) {
        let bytes: [UInt8]
        do throws(CodecError) {
            switch output {
            case .plain: bytes = json
            case let .gzipMembers(level): bytes = try BlockCompression.compress(json, codec: .gzip, level: level)
            case let .stream(compressor): bytes = try compressor.compress(json)
            }
        } catch {
            throw NDJSONError(.writeFailed, "compression failed: \(error)")
        }
        try emit(bytes)
    }

    private func emit(_ bytes: [UInt8]) throws(NDJSONError) {
        guard !bytes.isEmpty else { return }
        bytesEmitted += bytes.count
        do { try sink.write(bytes) } catch { throw NDJSONError(.writeFailed, "sink write failed: \(error)") }
    }

    /// Writes out buffered rows and the end of the compressed stream; returns the number of rows written.
    /// Closing the sink itself (fsync, close) stays with its owner.
    @discardableResult
    public func close() throws(NDJSONError) -> Int {
        guard !closed else { return rows }
        try flush()
        closed = true
        switch output {
        case .plain: break
        case .gzipMembers:
            // An empty file is still one (empty) gzip member.
            if bytesEmitted == 0 { try emitJSON([]) }
        case let .stream(compressor):
            let tail: [UInt8]
            do throws(CodecError) { tail = try compressor.finish() } catch {
                throw NDJSONError(.writeFailed, "compression failed: \(error)")
            }
            try emit(tail)
        }
        return rows
    }
}
