import Columnar
import Destinations
import PGP
import Parquet

/// One output part encoded straight into a destination writer: the encoders write into an in-memory
/// `DigestingSink`, and `drain()` hands what they produced to the `DestinationWriter` (no local file, no
/// copy), through an OpenPGP encryptor when the connection encrypts. Size and SHA-256 are those of the bytes
/// delivered, computed on the fly. The owner commits or aborts `writer`.
final class PartStreamWriter {
    let writer: any DestinationWriter
    /// The schema of the part's rows.
    let schema: Schema
    private let sink = DigestingSink()
    private var encryptor: PGPEncryptor?
    private var delivered = SHA256()
    private var deliveredBytes = 0
    private var parquet: ParquetWriter?
    private var ndjson: NDJSONWriter?
    private(set) var rows: Int64 = 0
    private var estimatedBytes = 0

    /// `encryptor`, when given, encrypts the encoded bytes on their way to `writer`.
    init(
        writer: any DestinationWriter, schema: Schema, format: OutputFormat, rowGroupBytes: Int,
        encryptor: PGPEncryptor? = nil
    ) throws(ExportsError) {
        self.writer = writer
        self.schema = schema
        self.encryptor = encryptor
        do {
            switch format.fileType {
            case .parquet:
                parquet = try ParquetWriter(
                    sink: sink, schema: schema, options: .init(rowGroupBytes: rowGroupBytes, codec: format.codec))
            case .json:
                ndjson = try NDJSONWriter(sink: sink, schema: schema, compression: format.codec, level: format.level)
            }
        } catch {
            throw ExportsError(.encoding, "cannot start \(format.fileType.rawValue) file: \(error)", underlying: error)
        }
    }

    /// The larger of the bytes the encoders produced and an estimate of what they still buffer (from the
    /// input's bytes per row), so small `maxFileSizeMiB` values roll even before buffers flush.
    var approximateSize: Int { max(sink.bytesWritten, estimatedBytes) }

    /// Adds the estimated encoded size of rows just written.
    func addEstimate(_ bytes: Int) { estimatedBytes += bytes }

    /// Encodes `batch` and sends whatever bytes the encoders produced to the destination.
    func write(_ batch: ColumnBatch) async throws(ExportsError) {
        do {
            if let parquet { try await parquet.write(batch) }
            if let ndjson { try await ndjson.write(batch) }
        } catch {
            throw ExportsError(.encoding, "cannot encode rows: \(error)", underlying: error)
        }
        rows += Int64(batch.rowCount)
        try await drain()
    }

    /// Finishes the encoding (footer or compressed stream end) and sends the rest; returns the file's size
    /// and SHA-256. The caller then commits `writer`.
    func finish() async throws(ExportsError) -> (size: Int64, sha256: String) {
        do {
            if let parquet { _ = try await parquet.close() }
            if let ndjson { _ = try ndjson.close() }
        } catch {
            throw ExportsError(.encoding, "cannot finish output file: \(error)", underlying: error)
        }
        try await drain(finishing: true)
        guard encryptor != nil else { return (Int64(sink.bytesWritten), sink.finalizeHex()) }
        return (Int64(deliveredBytes), delivered.finalizeHex())
    }

    private func drain(finishing: Bool = false) async throws(ExportsError) {
        var bytes = sink.take()
        if var encryptor {
            // Taken out while it works so its buffers are not copied on write.
            self.encryptor = nil
            defer { self.encryptor = encryptor }
            do {
                bytes = try encryptor.update(bytes)
                if finishing { bytes += try encryptor.finish() }
            } catch {
                throw ExportsError(.encoding, "cannot encrypt \(writer.path): \(error.message)", underlying: error)
            }
            delivered.update(bytes)
            deliveredBytes += bytes.count
        }
        guard !bytes.isEmpty else { return }
        do {
            try await writer.write(bytes)
        } catch {
            throw ExportsError(
                .destination, "writing \(writer.path) failed: \(error.message)", retryable: error.isRetryable)
        }
    }
}
