import Codecs
import Columnar
import Foundation
import Parquet

/// Reads an uploaded NDJSON file (plain, gzip or zstd) with the Parquet module's `NDJSONReader`, in chunks
/// of whole lines (about `chunkBytes` of text each) so that neither the file nor all its rows are held in
/// memory at once. Record errors keep file-wide line numbers.
struct NDJSONInput {
    let schema: Schema
    let batchSize: Int
    var chunkBytes = 32 << 20
    static let readBytes = 4 << 20

    func read(
        path: String, name: String, emit: (ColumnBatch) throws(LakeError) -> Void, progress: (Int64, Int64) -> Void
    ) throws(LakeError) -> FileReadResult {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw LakeError(.invalidInput, "cannot read file", file: name)
        }
        defer { try? handle.close() }
        let reader = NDJSONReader(schema: schema, batchSize: batchSize)
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
                        decompressor = try StreamDecompressor(codec: codec)
                    } catch {
                        throw LakeError(.invalidInput, error.message, file: name)
                    }
                }
            }
            if chunk.isEmpty { break }
            bytesRead += Int64(chunk.count)
            if let decompressor {
                do {
                    pending += try decompressor.decompress(chunk)
                } catch {
                    throw LakeError(
                        .invalidInput, "corrupt \(decompressor.codec.rawValue) input: \(error.message)", file: name)
                }
            } else {
                pending += chunk
            }
            var start = 0
            while pending.count - start >= chunkBytes {
                let limit = start + chunkBytes
                guard let cut = pending[start..<limit].lastIndex(of: 0x0A) ?? pending[limit...].firstIndex(of: 0x0A)
                else { break }
                try parse(pending[start...cut])
                start = cut + 1
            }
            if start > 0 { pending.removeSubrange(..<start) }
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
