import Codecs
import Foundation
import OutflowTestSupport
import Storage
import Testing

@testable import Lake

/// Ingestion bounds what one NDJSON or CSV file may make it hold: record length, cells per record, and how far
/// compressed input may expand (`IngestLimits`; issue 12 item 7). Passing one fails the batch, naming the limit.
@Suite(.onDedicatedThreads) struct UntrustedInputTests {
    let directory = TestDirectory()
    let lake: Lake

    init() throws {
        let limits = IngestLimits(
            maxRecordBytes: 4 << 10, maxColumns: 50, decompressedBytesFloor: 1 << 20, decompressedBytesPerFileByte: 0)
        lake = try Lake(
            dataDirectory: directory.path + "/data", configuration: .init(inputLimits: limits))
        _ = try lake.createDataset(sandbox: "prod", name: "orders", schemaDocument: Fixtures.bytes(Fixtures.flatSchema))
    }

    /// Ingests one file and returns the message of the failure it must cause.
    func failure(_ name: String, _ bytes: [UInt8]) throws -> String {
        let path = directory.file(name)
        _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
        do {
            _ = try lake.ingest(sandbox: "prod", dataset: "orders", files: [path])
        } catch {
            #expect(error.code == .ingestionFailed)
            #expect(error.file == name)
            return error.message
        }
        Issue.record("\(name) was ingested")
        return ""
    }

    static func compressed(_ text: [UInt8], _ codec: CompressionCodec) throws -> [UInt8] {
        let compressor = try StreamCompressor(codec: codec)
        return try compressor.compress(text) + compressor.finish()
    }

    @Test func ndjsonLineLongerThanTheLimitFailsTheFile() throws {
        let long =
            #"{"_id": "a", "web": {"webPageDetails": {"name": ""# + String(repeating: "x", count: 8 << 10) + "\"}}}\n"
        let message = try failure("long.ndjson", Array((#"{"_id": "ok"}"# + "\n" + long).utf8))
        #expect(message.contains("line 2 is longer than 4096 bytes"), "\(message)")
    }

    @Test(arguments: [CompressionCodec.gzip, .zstd])
    func ndjsonLineWithoutEndFromCompressedInputFailsEarly(codec: CompressionCodec) throws {
        // 3 MiB of one line: found too long long before it is all decompressed (the limit here is 1 MiB).
        let bytes = try Self.compressed([UInt8](repeating: 0x78, count: 3 << 20), codec)
        let message = try failure("line.json" + codec.fileSuffix, bytes)
        #expect(message.contains("longer than 4096 bytes") || message.contains("decompresses to more than"))
    }

    @Test(arguments: [CompressionCodec.gzip, .zstd])
    func ndjsonDecompressionStopsAtTheLimit(codec: CompressionCodec) throws {
        let bytes = try Self.compressed([UInt8](repeating: 0x0A, count: 3 << 20), codec)  // blank lines
        let message = try failure("blank.json" + codec.fileSuffix, bytes)
        #expect(message.contains("decompresses to more than 1048576 bytes"), "\(message)")
    }

    @Test(arguments: [CompressionCodec.gzip, .zstd])
    func csvDecompressionStopsAtTheLimit(codec: CompressionCodec) throws {
        let text = "_id\n" + String(repeating: "a\n", count: 1 << 20)
        let message = try failure("bomb.csv" + codec.fileSuffix, try Self.compressed(Array(text.utf8), codec))
        #expect(message.contains("decompresses to more than 1048576 bytes"), "\(message)")
    }

    @Test func csvRecordLongerThanTheLimitFailsTheFile() throws {
        let text = "_id,web.webPageDetails.name\na,\"" + String(repeating: "y", count: 8 << 10) + "\"\n"
        let message = try failure("long.csv", Array(text.utf8))
        #expect(message.contains("record at line 2 is longer than 4096 bytes"), "\(message)")
    }

    @Test func csvRecordWithTooManyCellsFailsTheFile() throws {
        let text = "_id\n" + String(repeating: ",", count: 100) + "\n"
        let message = try failure("wide.csv", Array(text.utf8))
        #expect(message.contains("record at line 2 has more than 50 cells"), "\(message)")
    }
}
