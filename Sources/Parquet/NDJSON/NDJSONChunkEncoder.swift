import Codecs
import Columnar
import Dispatch

/// Encodes row ranges of one batch as NDJSON concurrently, one range per worker, and (for gzip) compresses
/// each range as its own gzip member in the same worker. The writer emits the results in range order, so
/// the file is the same rows in the same order as a serial write; a multi-member gzip file is standard
/// (RFC 1952) and read as one stream by gzip, Python, pandas, pyarrow and DuckDB.
enum NDJSONChunkEncoder {
    /// One encoded range: JSON lines, or one gzip member of them.
    struct Chunk: Sendable {
        var bytes: [UInt8]
        /// Uncompressed JSON bytes of the range.
        var jsonBytes: Int
    }

    /// Encodes `ranges` of `batch` in parallel; `gzipLevel` non-nil compresses each range to one gzip member.
    static func encode(
        _ batch: ColumnBatch, names: [String], ranges: [Range<Int>], omitNulls: Bool, gzipLevel: Int?
    ) -> [Result<Chunk, CodecError>] {
        let slots = Slots(count: ranges.count)
        defer { slots.release() }
        // Each iteration writes only its own slot, so the shared pointer is never raced.
        DispatchQueue.concurrentPerform(iterations: ranges.count) { i in
            slots.base[i] = encodeOne(
                batch, names: names, range: ranges[i], omitNulls: omitNulls, gzipLevel: gzipLevel)
        }
        return (0..<ranges.count).map { slots.base[$0] }
    }

    /// The same work for async callers: one child task per range, so no thread of the cooperative pool waits while
    /// others encode.
    static func encodeInTasks(
        _ batch: ColumnBatch, names: [String], ranges: [Range<Int>], omitNulls: Bool, gzipLevel: Int?
    ) async -> [Result<Chunk, CodecError>] {
        await withTaskGroup(of: (Int, Result<Chunk, CodecError>).self) { group in
            for (i, range) in ranges.enumerated() {
                group.addTask {
                    (i, encodeOne(batch, names: names, range: range, omitNulls: omitNulls, gzipLevel: gzipLevel))
                }
            }
            var results = [Result<Chunk, CodecError>](
                repeating: .failure(CodecError(.internalFailure, codec: .gzip, "not encoded")), count: ranges.count)
            for await (i, result) in group { results[i] = result }
            return results
        }
    }

    /// The JSON lines of `range`, gzip-compressed as one member when `gzipLevel` is set.
    static func encodeOne(
        _ batch: ColumnBatch, names: [String], range: Range<Int>, omitNulls: Bool, gzipLevel: Int?
    ) -> Result<Chunk, CodecError> {
        let row = StructEncoder(nil, names: names, children: batch.columns, omitNulls: omitNulls)
        var json: [UInt8] = []
        json.reserveCapacity(NDJSONWriter.chunkBytes + (64 << 10))
        for index in range {
            row.writeValue(index, to: &json)
            json.append(0x0A)
        }
        guard let gzipLevel else { return .success(Chunk(bytes: json, jsonBytes: json.count)) }
        do throws(CodecError) {
            let member = try BlockCompression.compress(json, codec: .gzip, level: gzipLevel)
            return .success(Chunk(bytes: member, jsonBytes: json.count))
        } catch {
            return .failure(error)
        }
    }

    /// Splits `rowCount` rows into ranges of about `rowsPerChunk` rows.
    static func ranges(rowCount: Int, rowsPerChunk: Int) -> [Range<Int>] {
        let step = max(1, rowsPerChunk)
        return stride(from: 0, to: rowCount, by: step).map { $0..<min(rowCount, $0 + step) }
    }

    /// Result slots shared by the workers (one writer per slot).
    private struct Slots: @unchecked Sendable {
        let base: UnsafeMutablePointer<Result<Chunk, CodecError>>
        let count: Int

        init(count: Int) {
            self.count = count
            base = .allocate(capacity: max(count, 1))
            base.initialize(repeating: .success(Chunk(bytes: [], jsonBytes: 0)), count: count)
        }

        func release() {
            base.deinitialize(count: count)
            base.deallocate()
        }
    }
}
