extension CompressionCodec {
    /// The codec a file's first bytes announce: `.gzip` for 1f 8b, `.zstd` for 28 b5 2f fd,
    /// otherwise `.none` (plain bytes). Snappy has no file magic that Outflow reads.
    public static func detect<C: Collection>(magic bytes: C) -> CompressionCodec where C.Element == UInt8 {
        var iterator = bytes.makeIterator()
        let b0 = iterator.next()
        let b1 = iterator.next()
        if b0 == 0x1f, b1 == 0x8b { return .gzip }
        if b0 == 0x28, b1 == 0xb5, iterator.next() == 0x2f, iterator.next() == 0xfd { return .zstd }
        return .none
    }

    /// The usual file-name suffix for data compressed with this codec (`.gz`, `.zst`; empty for none).
    public var fileSuffix: String {
        switch self {
        case .none: return ""
        case .snappy: return ".snappy"
        case .gzip: return ".gz"
        case .zstd: return ".zst"
        }
    }
}
