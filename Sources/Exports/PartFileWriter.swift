import Columnar
import Parquet

/// One output part being encoded into a local temporary file.
final class PartFileWriter {
    let localPath: String
    private let sink: FileSink
    private var parquet: ParquetWriter?
    private var ndjson: NDJSONWriter?
    private(set) var rows: Int64 = 0

    init(localPath: String, schema: Schema, format: OutputFormat, rowGroupBytes: Int) throws(ExportsError) {
        self.localPath = localPath
        do {
            sink = try FileSink(path: localPath)
        } catch {
            throw ExportsError(.encoding, "cannot create temporary file: \(error)")
        }
        do {
            switch format.fileType {
            case .parquet:
                parquet = try ParquetWriter(
                    sink: sink, schema: schema, options: .init(rowGroupBytes: rowGroupBytes, codec: format.codec))
            case .json:
                ndjson = try NDJSONWriter(sink: sink, schema: schema, compression: format.codec)
            }
        } catch {
            throw ExportsError(.encoding, "cannot start \(format.fileType.rawValue) file: \(error)")
        }
    }

    private var estimatedBytes = 0

    /// The larger of the bytes handed to the file and an estimate of what the encoders still buffer (from
    /// the input's bytes per row), so small `maxFileSizeMiB` values roll even before buffers flush.
    var approximateSize: Int { max(sink.bytesWritten, estimatedBytes) }

    /// Adds the estimated encoded size of rows just written.
    func addEstimate(_ bytes: Int) { estimatedBytes += bytes }

    func write(_ batch: ColumnBatch) throws(ExportsError) {
        do {
            if let parquet { try parquet.write(batch) }
            if let ndjson { try ndjson.write(batch) }
        } catch {
            throw ExportsError(.encoding, "cannot encode rows: \(error)")
        }
        rows += Int64(batch.rowCount)
    }

    /// Finishes the file (footer or compressed stream end) and closes it; returns its size.
    func finish() throws(ExportsError) -> Int64 {
        do {
            if let parquet { _ = try parquet.close() }
            if let ndjson { _ = try ndjson.close() }
            try sink.close(sync: false)
        } catch {
            throw ExportsError(.encoding, "cannot finish output file: \(error)")
        }
        return Int64(sink.bytesWritten)
    }
}
