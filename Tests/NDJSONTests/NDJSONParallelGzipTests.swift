import Codecs
import Columnar
import Foundation
import OutflowTestSupport
import Parquet
import Testing

/// Large batches are encoded by several workers and gzip output is a series of independent members:
/// the rows and their order stay those of a serial write, and standard readers read the file whole.
@Suite(.onDedicatedThreads, .tags(.peers), .needsPeers) struct NDJSONParallelGzipTests {
    static let rows = TestBatches.eventRows(12_000, seed: 11)

    static func written(_ compression: CompressionCodec, parallelism: Int) throws -> [UInt8] {
        let batch = try TestBatches.batch(TestBatches.eventSchema, rows)
        let sink = MemorySink()
        let writer = try NDJSONWriter(
            sink: sink, schema: TestBatches.eventSchema, compression: compression, parallelism: parallelism)
        try writer.write(batch)
        try writer.write(batch)
        try writer.close()
        return sink.bytes
    }

    /// The async writer: chunks encode as child tasks instead of on `concurrentPerform`.
    static func writtenAsync(_ compression: CompressionCodec, parallelism: Int) async throws -> [UInt8] {
        let batch = try TestBatches.batch(TestBatches.eventSchema, rows)
        let sink = MemorySink()
        let writer = try NDJSONWriter(
            sink: sink, schema: TestBatches.eventSchema, compression: compression, parallelism: parallelism)
        try await writer.write(batch)
        try await writer.write(batch)
        try writer.close()
        return sink.bytes
    }

    @Test func theAsyncWriterWritesTheSameBytesAsTheSynchronousOne() async throws {
        #expect(try await Self.writtenAsync(.none, parallelism: 2) == (try Self.written(.none, parallelism: 2)))
        #expect(try await Self.writtenAsync(.gzip, parallelism: 2) == (try Self.written(.gzip, parallelism: 2)))
    }

    @Test func parallelEncodingWritesTheSameBytesAsOneWorker() throws {
        let serial = try Self.written(.none, parallelism: 1)
        let parallel = try Self.written(.none, parallelism: 2)
        #expect(serial.count > 4 << 20, "the batch must be large enough for several chunks")
        #expect(parallel == serial)
    }

    @Test func parallelGzipMembersDecompressToTheSerialLines() throws {
        let plain = try Self.written(.none, parallelism: 1)
        let gzip = try Self.written(.gzip, parallelism: 2)
        let inflated = try StreamDecompressor.decompressAll(gzip, codec: .gzip)
        #expect(inflated == plain)
    }

    @Test func gzipPythonAndPandasReadTheMultiMemberFile() async throws {
        let plain = try Self.written(.none, parallelism: 1)
        let script = """
            import sys, gzip, json, subprocess, zlib, pandas
            path = sys.argv[1]
            subprocess.run(['gzip', '-t', path], check=True)
            data = open(path, 'rb').read()
            members = 0
            while data:
                d = zlib.decompressobj(31)
                d.decompress(data)
                data = d.unused_data
                members += 1
            with gzip.open(path, 'rb') as f:
                lines = f.read().split(b'\\n')
            ids = [json.loads(l)['id'] for l in lines if l]
            frame = pandas.read_json(path, lines=True, compression='gzip')
            print(members, len(ids), len(frame), frame['id'].tolist() == ids)
            sys.stdout.buffer.write(b'\\n'.join(lines))
            """
        let result = try await NDJSONPythonPeer.run(
            script, file: try Self.written(.gzip, parallelism: 2), suffix: ".json.gz")
        #expect(result.status == 0, "\(result.stderr)")
        let output = result.stdout
        let newline = try #require(output.firstIndex(of: 0x0A))
        let facts = String(decoding: output[..<newline], as: UTF8.self).split(separator: " ").map(String.init)
        #expect(Int(facts[0]) ?? 0 > 2, "several gzip members")
        #expect(facts[1] == String(2 * Self.rows.count))
        #expect(facts[2] == String(2 * Self.rows.count) && facts[3] == "True", "pandas reads every row in order")
        #expect(Array(output[(newline + 1)...]) == plain)
    }

    @Test func anEmptyGzipFileIsOneValidMember() throws {
        let sink = MemorySink()
        let writer = try NDJSONWriter(sink: sink, schema: TestBatches.eventSchema, compression: .gzip)
        try writer.close()
        #expect(try StreamDecompressor.decompressAll(sink.bytes, codec: .gzip).isEmpty)
    }
}
