/// The block compression codecs Outflow reads and writes (Parquet pages, NDJSON files).
public enum CompressionCodec: String, Sendable, CaseIterable, Codable {
    case none
    case snappy
    case gzip
    case zstd

    /// A sensible default level for the codec (`nil` where levels do not apply).
    public var defaultLevel: Int? {
        switch self {
        case .none, .snappy: return nil
        case .gzip: return 6
        case .zstd: return 3
        }
    }
}

/// A failure to compress or decompress.
public struct CodecError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Code: String, Sendable {
        case corruptInput = "CORRUPT_INPUT"
        case sizeMismatch = "SIZE_MISMATCH"
        /// The output would exceed what the input can hold (the codec's maximum expansion) or the caller's limit.
        case outputLimit = "OUTPUT_LIMIT"
        case internalFailure = "CODEC_FAILURE"
    }

    public var code: Code
    public var codec: CompressionCodec
    public var message: String

    public init(_ code: Code, codec: CompressionCodec, _ message: String) {
        self.code = code
        self.codec = codec
        self.message = message
    }

    public var description: String { "\(codec.rawValue): \(message)" }
}
