import Codecs
import OutflowTestSupport
import Testing

/// Size claims inside compressed data are checked against what the input can hold before anything is
/// allocated, and streams stop at their output limit (issue 12 item 7).
@Suite(.onDedicatedThreads) struct DecompressionBoundsTests {
    static func code(_ error: any Error) -> CodecError.Code? { (error as? CodecError)?.code }

    /// A snappy stream whose preamble claims `length` bytes, followed by `tail`.
    static func snappyClaiming(_ length: UInt64, tail: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var v = length
        while v >= 0x80 {
            out.append(UInt8(v & 0x7F) | 0x80)
            v >>= 7
        }
        out.append(UInt8(v))
        return out + tail
    }

    @Test(arguments: [UInt64(1 << 20), UInt64(1 << 32) - 1])
    func snappyClaimBeyondTheFormatRatioIsRejected(claim: UInt64) {
        let input = Self.snappyClaiming(claim, tail: [0x00, 0x61, 0x61, 0x61, 0x61])
        #expect {
            try BlockCompression.decompress(input, codec: .snappy, uncompressedSize: Int(claim))
        } throws: { Self.code($0) == .outputLimit }
    }

    @Test func gzipClaimBeyondTheDeflateRatioIsRejected() throws {
        let compressed = try BlockCompression.compress([UInt8](repeating: 1, count: 100), codec: .gzip)
        #expect(BlockCompression.maxExpansion(of: compressed.count, codec: .gzip) < 10 << 20)
        #expect {
            try BlockCompression.decompress(compressed, codec: .gzip, uncompressedSize: 10 << 20)
        } throws: { Self.code($0) == .outputLimit }
        #expect(try BlockCompression.decompress(compressed, codec: .gzip, uncompressedSize: 100).count == 100)
    }

    @Test func zstdOutputStopsAtTheClaimedSize() throws {
        let original = [UInt8](repeating: 0, count: 4 << 20)
        let compressed = try BlockCompression.compress(original, codec: .zstd)
        #expect {
            try BlockCompression.decompress(compressed, codec: .zstd, uncompressedSize: 1 << 20)
        } throws: { Self.code($0) == .sizeMismatch }
        #expect(try BlockCompression.decompress(compressed, codec: .zstd, uncompressedSize: 4 << 20) == original)
        // Several frames, as some writers concatenate them.
        let twice = compressed + compressed
        #expect(try BlockCompression.decompress(twice, codec: .zstd, uncompressedSize: 8 << 20).count == 8 << 20)
        #expect {
            try BlockCompression.decompress(Array(compressed.dropLast(3)), codec: .zstd, uncompressedSize: 4 << 20)
        } throws: { Self.code($0) == .corruptInput }
    }

    @Test(arguments: [CompressionCodec.gzip, .zstd])
    func streamDecompressionStopsAtItsOutputLimit(codec: CompressionCodec) throws {
        let compressor = try StreamCompressor(codec: codec)
        let bomb = try compressor.compress([UInt8](repeating: 0x0A, count: 16 << 20)) + compressor.finish()
        #expect {
            try StreamDecompressor.decompressAll(bomb, codec: codec, outputLimit: 1 << 20)
        } throws: { Self.code($0) == .outputLimit }
        let decompressor = try StreamDecompressor(codec: codec)
        decompressor.outputLimit = 1 << 20
        #expect { try decompressor.decompress(bomb) } throws: { Self.code($0) == .outputLimit }
        #expect(decompressor.bytesProduced <= 1 << 20)
        #expect(try StreamDecompressor.decompressAll(bomb, codec: codec, outputLimit: 16 << 20).count == 16 << 20)
    }
}
