import Codecs
import OutflowTestSupport
import Testing

@Suite(.onDedicatedThreads, .tags(.peers), .needsPeers) struct StreamCompressionTests {
    static let streamCodecs: [CompressionCodec] = [.gzip, .zstd]

    /// Text-like input of about 1 MB, compressible but not trivially so.
    static func sample(_ count: Int = 1_000_000) -> [UInt8] {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        var out = [UInt8]()
        out.reserveCapacity(count)
        while out.count < count {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let line = "{\"id\":\(state >> 40),\"name\":\"user-\(state % 1000)\",\"ok\":true}\n"
            out.append(contentsOf: line.utf8)
        }
        return Array(out.prefix(count))
    }

    static func compress(
        _ input: [UInt8], codec: CompressionCodec, chunk: Int,
        gzipMemberSize: Int? = StreamCompressor.defaultGzipMemberSize
    ) throws -> [UInt8] {
        let compressor = try StreamCompressor(codec: codec, level: nil, gzipMemberSize: gzipMemberSize)
        var out: [UInt8] = []
        var start = 0
        while start < input.count {
            let end = min(input.count, start + chunk)
            out += try compressor.compress(Array(input[start..<end]))
            start = end
        }
        out += try compressor.finish()
        return out
    }

    static func decompress(_ input: [UInt8], codec: CompressionCodec, chunk: Int) throws -> [UInt8] {
        let decompressor = try StreamDecompressor(codec: codec)
        var out: [UInt8] = []
        var start = 0
        while start < input.count {
            let end = min(input.count, start + chunk)
            out += try decompressor.decompress(Array(input[start..<end]))
            start = end
        }
        try decompressor.finish()
        return out
    }

    @Test(arguments: streamCodecs, [1, 7, 4096, 1 << 20])
    func roundTripsInAnyChunkSize(codec: CompressionCodec, chunk: Int) throws {
        let input = Self.sample(chunk == 1 ? 20_000 : 1_000_000)
        let compressed = try Self.compress(input, codec: codec, chunk: max(chunk, 1000))
        #expect(compressed.count < input.count / 3)
        #expect(CompressionCodec.detect(magic: compressed) == codec)
        #expect(try Self.decompress(compressed, codec: codec, chunk: chunk) == input)
    }

    @Test(arguments: streamCodecs)
    func emptyInputStillMakesAValidStream(codec: CompressionCodec) throws {
        let compressed = try Self.compress([], codec: codec, chunk: 10)
        #expect(!compressed.isEmpty)
        #expect(try StreamDecompressor.decompressAll(compressed, codec: codec).isEmpty)
    }

    @Test(arguments: streamCodecs)
    func concatenatedMembersDecompressToConcatenatedInput(codec: CompressionCodec) throws {
        let first = Array("first member\n".utf8)
        let second = Self.sample(50_000)
        let joined =
            try Self.compress(first, codec: codec, chunk: 100) + Self.compress(second, codec: codec, chunk: 4096)
        #expect(try Self.decompress(joined, codec: codec, chunk: 333) == first + second)
        #expect(try StreamDecompressor.decompressAll(joined, codec: codec) == first + second)
    }

    @Test(arguments: streamCodecs)
    func truncatedStreamIsReportedAtFinish(codec: CompressionCodec) throws {
        let compressed = try Self.compress(Self.sample(100_000), codec: codec, chunk: 8192)
        let cut = Array(compressed.prefix(compressed.count - 5))
        let error = #expect(throws: CodecError.self) {
            _ = try StreamDecompressor.decompressAll(cut, codec: codec)
        }
        #expect(error?.code == .corruptInput)
    }

    @Test(arguments: streamCodecs)
    func corruptedBytesAreReported(codec: CompressionCodec) throws {
        var compressed = try Self.compress(Self.sample(100_000), codec: codec, chunk: 8192)
        for i in stride(from: 20, to: compressed.count - 20, by: 97) { compressed[i] ^= 0x5a }
        #expect(throws: CodecError.self) {
            _ = try StreamDecompressor.decompressAll(compressed, codec: codec)
        }
    }

    @Test(arguments: streamCodecs)
    func trailingGarbageIsReported(codec: CompressionCodec) throws {
        let compressed = try Self.compress(Self.sample(1000), codec: codec, chunk: 8192) + [0x41, 0x42, 0x43, 0x44]
        #expect(throws: CodecError.self) {
            _ = try StreamDecompressor.decompressAll(compressed, codec: codec)
        }
    }

    /// nil: one zlib member; small sizes force many libdeflate members, split mid-chunk.
    @Test(arguments: [nil, 1024, 5000, 1 << 20] as [Int?])
    func gzipFramingsRoundTripAndGzipAcceptsThem(memberSize: Int?) async throws {
        let input = Self.sample(300_000)
        let compressed = try Self.compress(input, codec: .gzip, chunk: 3000, gzipMemberSize: memberSize)
        #expect(compressed.count < input.count / 3)
        #expect(try Self.decompress(compressed, codec: .gzip, chunk: 777) == input)
        let tool = try await CodecsPythonPeer.runProcess("/usr/bin/env", ["gzip", "-dc"], input: compressed)
        #expect(tool.status == 0, "\(tool.stderr)")
        #expect(tool.stdout == input)
    }

    @Test(arguments: [nil, 1024] as [Int?])
    func emptyGzipStreamIsValidInEveryFraming(memberSize: Int?) throws {
        let compressed = try Self.compress([], codec: .gzip, chunk: 10, gzipMemberSize: memberSize)
        #expect(try StreamDecompressor.decompressAll(compressed, codec: .gzip).isEmpty)
    }

    @Test func emptyInputIsNotAGzipStream() throws {
        #expect(throws: CodecError.self) { _ = try StreamDecompressor.decompressAll([UInt8](), codec: .gzip) }
    }

    @Test func detectsCodecsByMagicBytes() {
        #expect(CompressionCodec.detect(magic: [0x1f, 0x8b, 0x08]) == .gzip)
        #expect(CompressionCodec.detect(magic: [0x28, 0xb5, 0x2f, 0xfd, 0]) == .zstd)
        #expect(CompressionCodec.detect(magic: Array("{\"a\":1}".utf8)) == .none)
        #expect(CompressionCodec.detect(magic: [UInt8]()) == .none)
        #expect(CompressionCodec.detect(magic: [0x28, 0xb5]) == .none)
    }

    @Test func snappyHasNoStreamFormat() {
        #expect(throws: CodecError.self) { _ = try StreamCompressor(codec: .snappy) }
        #expect(throws: CodecError.self) { _ = try StreamDecompressor(codec: .snappy) }
    }

    @Test func gzipToolAcceptsOurGzip() async throws {
        let input = Self.sample(300_000)
        let compressed = try Self.compress(input, codec: .gzip, chunk: 10_000)
        let result = try await CodecsPythonPeer.runProcess("/usr/bin/env", ["gzip", "-dc"], input: compressed)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == input)
        let test = try await CodecsPythonPeer.runProcess("/usr/bin/env", ["gzip", "-t"], input: compressed)
        #expect(test.status == 0, "\(test.stderr)")
    }

    @Test(arguments: streamCodecs)
    func pythonDecompressesOurStreams(codec: CompressionCodec) async throws {
        let input = Self.sample(300_000)
        let compressed = try Self.compress(input, codec: codec, chunk: 10_000)
        let script: String
        switch codec {
        case .gzip:
            script = "import sys, gzip; sys.stdout.buffer.write(gzip.decompress(sys.stdin.buffer.read()))"
        default:
            script = """
                import sys, pyarrow as pa
                sys.stdout.buffer.write(pa.input_stream(pa.BufferReader(sys.stdin.buffer.read()), compression='zstd').read())
                """
        }
        let result = try await CodecsPythonPeer.run(script, input: compressed)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == input)
    }

    @Test func weReadGzipMadeByPython() async throws {
        let input = Self.sample(200_000)
        let script =
            "import sys, gzip; d = sys.stdin.buffer.read(); sys.stdout.buffer.write(gzip.compress(d[:1000]) + gzip.compress(d[1000:]))"
        let result = try await CodecsPythonPeer.run(script, input: input)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try StreamDecompressor.decompressAll(result.stdout, codec: .gzip) == input)
    }
}
