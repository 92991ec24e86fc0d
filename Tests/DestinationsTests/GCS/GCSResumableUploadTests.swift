import Signing
import Testing

@testable import Destinations

@Suite struct GCSResumableUploadTests {
    static let kib256 = 256 * 1024

    static func bytes(_ count: Int, seed: UInt8 = 0) -> [UInt8] {
        (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ Int(seed)) }
    }

    static func persisted(_ last: Int64?) -> GCSResponse {
        GCSResponse(status: 308, headers: last.map { [.init("Range", "bytes=0-\($0)")] } ?? [])
    }

    @Test func fullChunksAreMultiplesOf256KiBWithAnOpenTotalAndTheFinalChunkNamesTheSize() throws {
        var upload = try GCSResumableUpload(chunkSize: Self.kib256, path: "a/b")
        upload.append(Self.bytes(Self.kib256 - 1))
        #expect(upload.nextChunk == nil)
        upload.append(Self.bytes(1000))
        let chunk = try #require(upload.nextChunk)
        #expect(chunk.contentRange == "bytes 0-262143/*" && chunk.bytes.count == Self.kib256)
        #expect(try upload.apply(Self.persisted(262_143)) == .incomplete(persisted: 262_144))
        #expect(upload.nextChunk == nil)
        #expect(upload.finalChunk.contentRange == "bytes 262144-263142/263143")
        #expect(
            try upload.apply(GCSResponse(status: 200, body: Array(#"{"size":"263143"}"#.utf8)))
                == .complete(size: 263_143))
        #expect(upload.isComplete)
    }

    @Test func anEmptyRemainderFinishesWithStarRangeAndTheTotal() throws {
        var upload = try GCSResumableUpload(chunkSize: Self.kib256, path: "x")
        #expect(upload.finalChunk.contentRange == "bytes */0")
        upload.append(Self.bytes(Self.kib256))
        _ = try upload.apply(Self.persisted(Int64(Self.kib256 - 1)))
        #expect(upload.finalChunk.contentRange == "bytes */262144" && upload.finalChunk.bytes.isEmpty)
    }

    @Test func aPartiallyPersistedChunkIsResentFromTheServersOffsetWithTheSameBytes() throws {
        let data = Self.bytes(3 * Self.kib256, seed: 7)
        var upload = try GCSResumableUpload(chunkSize: 2 * Self.kib256, path: "x")
        upload.append(data)
        // The connection dropped mid-chunk; the status query says only the first 256 KiB arrived.
        #expect(try upload.apply(Self.persisted(Int64(Self.kib256 - 1))) == .incomplete(persisted: 262_144))
        let resent = try #require(upload.nextChunk)
        #expect(resent.first == 262_144 && Array(resent.bytes) == Array(data[Self.kib256..<(3 * Self.kib256)]))
    }

    @Test func noRangeHeaderMeansNothingPersistedSoEverythingIsResent() throws {
        var upload = try GCSResumableUpload(chunkSize: Self.kib256, path: "x")
        upload.append(Self.bytes(Self.kib256))
        #expect(try upload.apply(Self.persisted(nil)) == .incomplete(persisted: 0))
        #expect(upload.nextChunk?.contentRange == "bytes 0-262143/*")
    }

    @Test func aServerThatForgetsAcknowledgedBytesOrClaimsTooManyIsAnError() throws {
        var upload = try GCSResumableUpload(chunkSize: Self.kib256, path: "x")
        upload.append(Self.bytes(2 * Self.kib256))
        _ = try upload.apply(Self.persisted(Int64(Self.kib256 - 1)))
        #expect(throws: DestinationError.self) { try upload.apply(Self.persisted(10)) }
        let forgot = try? upload.apply(Self.persisted(10))
        #expect(forgot == nil)
        #expect(throws: DestinationError.self) { try upload.apply(Self.persisted(Int64(10 * Self.kib256))) }
        #expect(throws: DestinationError.self) {
            try upload.apply(GCSResponse(status: 308, headers: [.init("Range", "bytes=5-9")]))
        }
    }

    @Test func aCompletionWithAnotherSizeIsAnErrorAndErrorsAreMapped() throws {
        var upload = try GCSResumableUpload(chunkSize: Self.kib256, path: "x")
        upload.append(Self.bytes(10))
        #expect(throws: DestinationError.self) {
            try upload.apply(GCSResponse(status: 200, body: Array(#"{"size":"9"}"#.utf8)))
        }
        do {
            _ = try upload.apply(GCSResponse(status: 503))
            Issue.record("503 must throw")
        } catch {
            #expect(error.code == .transient)
        }
    }

    @Test func chunkSizesMustBeMultiplesOf256KiB() {
        #expect(throws: DestinationError.self) { try GCSResumableUpload(chunkSize: 1000, path: "x") }
        #expect(throws: DestinationError.self) { try GCSResumableUpload(chunkSize: 0, path: "x") }
    }
}
