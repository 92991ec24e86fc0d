import Codecs
import Columnar
import Foundation
import Parquet

/// Reads an uploaded NDJSON file (plain, gzip or zstd) with the Parquet module's `NDJSONReader`, in chunks
/// of whole lines (about `chunkBytes` of text each) so that neither the file nor all its rows are held in
/// memory at once. Record errors keep file-wide line numbers.
///
/// Untrusted input is bounded by `limits`: a line longer than `maxRecordBytes` fails the file (a partial line
/// is never buffered past about `max(chunkBytes, maxRecordBytes)`), and compressed input is fed to the
/// decompressor 1 KiB at a time, so one call yields at most 32 MiB (zstd's densest ratio), up to the
/// decompressed-size limit for the file.
struct NDJSONInput {
    let schema: Schema
    let batchSize: Int
    var limits = IngestLimits()
    var chunkBytes = 32 << 20
    static let readBytes = 4 << 20
    static let inflateSlice = 1 << 10

    func read(
        path: String, name: String, emit: (ColumnBatch) throws(LakeError) -> Void, progress: (Int64, Int64) -> Void
    ) throws(LakeError) -> FileReadResult {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw LakeError(.invalidInput, "cannot read file", file: name)
        }
        defer { try? handle.close() }
        let decompressedLimit = limits.decompressedBytes(forFileOfSize: Int(FileSystem.size(path)))
        let reader = NDJSONReader(
            schema: schema, batchSize: batchSize, maxLineBytes: limits.maxRecordBytes,
            maxDecompressedBytes: decompressedLimit)
        let maxRecordBytes = limits.maxRecordBytes
        var decompressor: StreamDecompressor?
        var result = FileReadResult()
        var pending: [UInt8] = []
        var linesBefore = 0
        var bytesRead: Int64 = 0
        var first = true

        func parse(_ text: ArraySlice<UInt8>) throws(LakeError) {
            let part: NDJSONReadResult
            do {
                part = try reader.read(Array(text), fileName: name)
            } catch {
                throw LakeError(.invalidInput, error.message, file: name)
            }
            result.recordCount += part.recordCount
            result.validCount += part.validCount
            for error in part.errors.prefix(max(0, Lake.maxStoredErrors - result.errors.count)) {
                var shifted = error
                shifted.line += linesBefore
                result.errors.append(shifted)
            }
            linesBefore += text.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
            for batch in part.batches { try emit(batch) }
            progress(Int64(result.recordCount), bytesRead)
        }

        /// Parses the whole lines of `pending` in pieces of about `chunkBytes`; fails once a partial line at the
        /// end has grown past `maxRecordBytes`.
        func drain() throws(LakeError) {
            var start = 0
            while pending.count - start >= min(chunkBytes, maxRecordBytes) {
                let limit = start + min(chunkBytes, pending.count - start)
                guard let cut = pending[start..<limit].lastIndex(of: 0x0A) ?? pending[limit...].firstIndex(of: 0x0A)
                else {
                    if pending.count - start > maxRecordBytes {
                        throw LakeError(
                            .invalidInput, "line \(linesBefore + 1) is longer than \(maxRecordBytes) bytes", file: name)
                    }
                    break
                }
                try parse(pending[start...cut])
                start = cut + 1
            }
            if start > 0 { pending.removeSubrange(..<start) }
        }

        while true {
            let chunk: [UInt8]
            do {
                chunk = [UInt8](try handle.read(upToCount: Self.readBytes) ?? Data())
            } catch {
                throw LakeError(.invalidInput, "cannot read file: \(error.localizedDescription)", file: name)
            }
            if first {
                first = false
                let codec = CompressionCodec.detect(magic: chunk.prefix(4))
                if codec != .none {
                    do {
                        let started = try StreamDecompressor(codec: codec)
                        started.outputLimit = decompressedLimit
                        decompressor = started
                    } catch {
                        throw LakeError(.invalidInput, error.message, file: name)
                    }
                }
            }
            if chunk.isEmpty { break }
            bytesRead += Int64(chunk.count)
            guard let decompressor else {
                pending += chunk
                try drain()
                continue
            }
            var offset = 0
            while offset < chunk.count {
                let end = min(chunk.count, offset + Self.inflateSlice)
                do {
                    pending += try decompressor.decompress(Array(chunk[offset..<end]))
                } catch  where error.code == .outputLimit {
                    throw LakeError(
                        .invalidInput,
                        "\(decompressor.codec.rawValue) input decompresses to more than \(decompressedLimit) bytes "
                            + "(IngestLimits: decompressedBytesFloor + decompressedBytesPerFileByte x compressed size)",
                        file: name)
                } catch {
                    throw LakeError(
                        .invalidInput, "corrupt \(decompressor.codec.rawValue) input: \(error.message)", file: name)
                }
                offset = end
                try drain()
            }
        }
        do {
            try decompressor?.finish()
        } catch {
            throw LakeError(
                .invalidInput, "truncated \(decompressor?.codec.rawValue ?? "") input: \(error.message)", file: name)
        }
        if !pending.isEmpty || result.recordCount == 0 { try parse(pending[...]) }
        return result
    }
}
