import Codecs
import Columnar

/// Writes column batches as newline-delimited JSON: one object per row, fields in schema order,
/// optionally gzip or zstd compressed as one stream.
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
    private let sink: any ByteSink
    private let compressor: StreamCompressor?
    private var buffer: [UInt8] = []
    private var rows = 0
    private var closed = false
    private static let flushThreshold = 1 << 20

    /// Starts a file on `sink`. Throws `NDJSONError` for snappy (no stream format) or a map whose keys
    /// are not strings (JSON object keys are strings).
    public init(
        sink: any ByteSink, schema: Schema, compression: CompressionCodec = .none, level: Int? = nil,
        omitNulls: Bool = true
    ) throws(NDJSONError) {
        for field in schema.fields { try Self.checkWritable(field.type, path: field.name) }
        self.sink = sink
        self.schema = schema
        self.compression = compression
        self.omitNulls = omitNulls
        if compression == .none {
            compressor = nil
        } else {
            do throws(CodecError) {
                compressor = try StreamCompressor(codec: compression, level: level)
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

    /// Appends every row of `batch` (whose schema must have the writer's field names and types).
    public func write(_ batch: ColumnBatch) throws(NDJSONError) {
        guard !closed else { throw NDJSONError(.closed, "write after close") }
        guard batch.schema.fields.map(\.type) == schema.fields.map(\.type),
            batch.schema.fields.map(\.name) == schema.fields.map(\.name)
        else {
            throw NDJSONError(
                .schemaMismatch, "batch schema \(batch.schema.structType) differs from \(schema.structType)")
        }
        let row = StructEncoder(nil, names: schema.fields.map(\.name), children: batch.columns, omitNulls: omitNulls)
        for index in 0..<batch.rowCount {
            row.writeValue(index, to: &buffer)
            buffer.append(0x0A)
            if buffer.count >= Self.flushThreshold { try flush() }
        }
        rows += batch.rowCount
    }

    private func flush() throws(NDJSONError) {
        guard !buffer.isEmpty else { return }
        defer { buffer.removeAll(keepingCapacity: true) }
        if let compressor {
            let compressed: [UInt8]
            do throws(CodecError) { compressed = try compressor.compress(buffer) } catch {
                throw NDJSONError(.writeFailed, "compression failed: \(error)")
            }
            try emit(compressed)
        } else {
            try emit(buffer)
        }
    }

    private func emit(_ bytes: [UInt8]) throws(NDJSONError) {
        guard !bytes.isEmpty else { return }
        do { try sink.write(bytes) } catch { throw NDJSONError(.writeFailed, "sink write failed: \(error)") }
    }

    /// Writes out buffered rows and the end of the compressed stream; returns the number of rows written.
    /// Closing the sink itself (fsync, close) stays with its owner.
    @discardableResult
    public func close() throws(NDJSONError) -> Int {
        guard !closed else { return rows }
        try flush()
        closed = true
        if let compressor {
            let tail: [UInt8]
            do throws(CodecError) { tail = try compressor.finish() } catch {
                throw NDJSONError(.writeFailed, "compression failed: \(error)")
            }
            try emit(tail)
        }
        return rows
    }
}
