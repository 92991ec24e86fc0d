import OutflowTestSupport
import Testing

@testable import Codecs

/// zstd through pooled contexts: single-frame pages decode straight into their buffer, multi-frame data and
/// concurrent callers still round-trip, and decompressing into a caller's buffer checks the claimed size.
@Suite(.onDedicatedThreads) struct ZstdContextReuseTests {
    static func sample(_ n: Int, seed: Int) -> [UInt8] {
        (0..<n).map { UInt8(truncatingIfNeeded: ($0 / 7) &* 31 &+ seed) }
    }

    @Test func concurrentCompressionsRoundTrip() async throws {
        try await withThrowingTaskGroup(of: Bool.self) { group in
            for t in 0..<8 {
                group.addTask {
                    for k in 0..<20 {
                        let input = Self.sample(10_000 + 997 * k, seed: t)
                        let packed = try BlockCompression.compress(input, codec: .zstd, level: 1 + k % 5)
                        let back = try BlockCompression.decompress(packed, codec: .zstd, uncompressedSize: input.count)
                        guard back == input else { return false }
                    }
                    return true
                }
            }
            for try await ok in group { #expect(ok) }
        }
    }

    @Test func decompressIntoABufferFillsItExactly() throws {
        let input = Self.sample(100_000, seed: 3)
        let packed = try BlockCompression.compress(input, codec: .zstd)
        var out = [UInt8](repeating: 0, count: input.count)
        try packed.withUnsafeBytes { src in
            try out.withUnsafeMutableBytes { dst in try BlockCompression.decompress(src, codec: .zstd, into: dst) }
        }
        #expect(out == input)
        // A claim one byte short or long is a size mismatch, not a partial result.
        for wrong in [input.count - 1, input.count + 1] {
            var buffer = [UInt8](repeating: 0, count: wrong)
            #expect(throws: CodecError.self) {
                try packed.withUnsafeBytes { src in
                    try buffer.withUnsafeMutableBytes { dst in
                        try BlockCompression.decompress(src, codec: .zstd, into: dst)
                    }
                }
            }
        }
    }

    @Test func twoFramesBackToBackStillDecode() throws {
        let a = Self.sample(5000, seed: 1)
        let b = Self.sample(7000, seed: 2)
        let packed =
            try BlockCompression.compress(a, codec: .zstd) + (try BlockCompression.compress(b, codec: .zstd))
        #expect(try BlockCompression.decompress(packed, codec: .zstd, uncompressedSize: a.count + b.count) == a + b)
        var out = [UInt8](repeating: 0, count: a.count + b.count)
        try packed.withUnsafeBytes { src in
            try out.withUnsafeMutableBytes { dst in try BlockCompression.decompress(src, codec: .zstd, into: dst) }
        }
        #expect(out == a + b)
    }

    @Test(arguments: [CompressionCodec.snappy, .gzip, .none])
    func otherCodecsDecompressIntoABuffer(_ codec: CompressionCodec) throws {
        let input = Self.sample(50_000, seed: 9)
        let packed = try BlockCompression.compress(input, codec: codec)
        var out = [UInt8](repeating: 0, count: input.count)
        try packed.withUnsafeBytes { src in
            try out.withUnsafeMutableBytes { dst in try BlockCompression.decompress(src, codec: codec, into: dst) }
        }
        #expect(out == input)
    }
}
