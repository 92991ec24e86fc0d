import Codecs
import Columnar

/// Reads one staged input file of a batch's format into batches of the dataset schema plus record errors.
/// Whole-file problems (corrupt compression, unreadable Parquet, a header that does not fit) throw a
/// `LakeError` naming the file.
struct InputReader {
    let format: IngestFormat
    let schema: Schema
    let batchSize: Int
    var limits = IngestLimits()

    /// Reads the file, handing each batch of valid records to `emit` as soon as it is ready (NDJSON in
    /// chunks of about `NDJSONInput.chunkBytes`, so memory stays bounded) and reporting
    /// `(recordsRead, bytesRead)` to `progress`. The result carries the counts and errors, no batches.
    func read(
        path: String, name: String, emit: (ColumnBatch) throws(LakeError) -> Void,
        progress: (Int64, Int64) -> Void
    ) throws(LakeError) -> FileReadResult {
        switch format {
        case .csv:
            let bytes = try Self.decompressed(try FileSystem.readAll(path), name: name, limits: limits)
            let result = try CSVReader(schema: schema, batchSize: batchSize, limits: limits).read(
                bytes, fileName: name, emit: emit)
            progress(Int64(result.recordCount), FileSystem.size(path))
            return result
        case .json:
            return try NDJSONInput(schema: schema, batchSize: batchSize, limits: limits).read(
                path: path, name: name, emit: emit, progress: progress)
        case .parquet:
            return try ParquetInput(schema: schema, batchSize: batchSize, limits: limits.parquet).read(
                path: path, name: name, emit: emit, progress: progress)
        }
    }

    /// The bytes, gunzipped or un-zstd'ed when their magic says so, up to the limits' decompressed size.
    static func decompressed(_ bytes: [UInt8], name: String, limits: IngestLimits) throws(LakeError) -> [UInt8] {
        let codec = CompressionCodec.detect(magic: bytes.prefix(4))
        guard codec != .none else { return bytes }
        let limit = limits.decompressedBytes(forFileOfSize: bytes.count)
        do {
            return try StreamDecompressor.decompressAll(bytes, codec: codec, outputLimit: limit)
        } catch  where error.code == .outputLimit {
            throw LakeError(
                .invalidInput,
                "\(codec.rawValue) input of \(bytes.count) bytes decompresses to more than \(limit) bytes "
                    + "(IngestLimits.decompressedBytesFloor + decompressedBytesPerFileByte x compressed size)",
                file: name)
        } catch {
            throw LakeError(.invalidInput, "corrupt \(codec.rawValue) input: \(error.message)", file: name)
        }
    }

    /// The format a file name implies: `.json/.ndjson/.jsonl` (optionally `.gz`/`.zst`), `.csv`, `.parquet`.
    static func format(ofFileName name: String) -> IngestFormat? {
        var lower = name.lowercased()
        for suffix in [".gz", ".gzip", ".zst", ".zstd"] where lower.hasSuffix(suffix) {
            lower.removeLast(suffix.count)
        }
        if lower.hasSuffix(".json") || lower.hasSuffix(".ndjson") || lower.hasSuffix(".jsonl") { return .json }
        if lower.hasSuffix(".csv") { return .csv }
        if lower.hasSuffix(".parquet") { return .parquet }
        return nil
    }
}
