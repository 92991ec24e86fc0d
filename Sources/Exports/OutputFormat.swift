import Codecs

/// File naming and codec choice for a target's format and compression (AEP-style names).
struct OutputFormat: Sendable, Hashable {
    var fileType: DatasetFileType
    var compression: ExportCompression

    var codec: CompressionCodec {
        switch compression {
        case .none: .none
        case .gzip: .gzip
        case .snappy: .snappy
        case .zstd: .zstd
        }
    }

    /// The compression level the encoders use (`nil`: the codec's default).
    var level: Int? { nil }

    /// `.json`, `.json.gz`, `.json.zst`, `.parquet`, `.gz.parquet`, `.snappy.parquet`, `.zstd.parquet`.
    var fileExtension: String {
        switch (fileType, compression) {
        case (.json, .none): "json"
        case (.json, .gzip): "json.gz"
        case (.json, .zstd): "json.zst"
        case (.json, .snappy): "json.snappy"
        case (.parquet, .none): "parquet"
        case (.parquet, .gzip): "gz.parquet"
        case (.parquet, .snappy): "snappy.parquet"
        case (.parquet, .zstd): "zstd.parquet"
        }
    }

    /// `part-NNNNN-<uuid>.<ext>`; the uuid is derived from (run, dataset) so a retried run rewrites the
    /// same names instead of adding new files.
    /// Appended to the name of a part encrypted with OpenPGP.
    static let encryptedSuffix = ".gpg"

    static func partName(index: Int, runId: String, datasetId: String, fileExtension: String) -> String {
        let number = String(index)
        return "part-" + String(repeating: "0", count: max(0, 5 - number.count)) + number + "-"
            + partUUID(runId: runId, datasetId: datasetId) + "." + fileExtension
    }

    /// The uuid every part name of (run, dataset) carries.
    static func partUUID(runId: String, datasetId: String) -> String {
        let digest = SHA256.hex(Array("\(runId)/\(datasetId)".utf8))
        let hex = Array(digest.prefix(32))
        return [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { String(hex[$0]) }.joined(separator: "-")
    }
}
