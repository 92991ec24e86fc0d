import Codecs
import OutflowTestSupport
import Testing

@Suite(.onDedicatedThreads) struct BlockCompressionTests {
    @Test(arguments: CompressionCodec.allCases)
    func roundTripsEveryCodec(codec: CompressionCodec) throws {
        let input = (0..<100_000).map { UInt8(truncatingIfNeeded: $0 % 251 &* 7) }
        let compressed = try BlockCompression.compress(input, codec: codec)
        let output = try BlockCompression.decompress(compressed, codec: codec, uncompressedSize: input.count)
        #expect(output == input)
        if codec != .none { #expect(compressed.count < input.count) }
    }

    @Test(arguments: [CompressionCodec.snappy, .gzip, .zstd])
    func corruptInputThrows(codec: CompressionCodec) {
        let garbage: [UInt8] = [1, 2, 3, 4, 5, 6, 7, 8, 9]
        #expect(throws: CodecError.self) {
            _ = try BlockCompression.decompress(garbage, codec: codec, uncompressedSize: 100)
        }
    }
}
