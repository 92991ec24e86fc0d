import NIOCore
import Testing

@testable import SFTP

/// A hostile server cannot make a listing grow without end: NAME replies past `maximumEntries` and folders deeper
/// than `maximumDepth` stop with `limitExceeded`. Crafted NAME packets through the frame decoder, no network.
@Suite struct SFTPListingLimitTests {
    private func be32(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8(value >> 16 & 0xff), UInt8(value >> 8 & 0xff), UInt8(value & 0xff)]
    }

    private func string(_ text: String) -> [UInt8] { be32(UInt32(text.utf8.count)) + Array(text.utf8) }

    /// One NAME reply (request id 5) with `names`, each a regular file of size 1, as a decoded response.
    private func nameReply(_ names: [String]) throws -> SFTPResponse {
        var body: [UInt8] = [104] + be32(5) + be32(UInt32(names.count))
        for name in names {
            body += string(name) + string("-rw-r--r-- \(name)") + be32(0x5) + be32(0) + be32(1) + be32(0o100644)
        }
        var decoder = SFTPFrameDecoder()
        decoder.append(ByteBuffer(bytes: be32(UInt32(body.count)) + body))
        return try #require(try decoder.next())
    }

    @Test func theDefaultsAreAHundredThousandEntriesAndSixtyFourLevels() {
        let limits = SFTPConfiguration(host: "h", username: "u", credential: .password("p"), remotePath: ".")
            .listingLimits
        #expect(limits == SFTPListingLimits(maximumEntries: 100_000, maximumDepth: 64))
    }

    @Test func aListingUnderTheLimitEndsAtEOFWithoutDotEntries() throws {
        var listing = SFTPListing(maximumEntries: 3, reportAs: "d")
        #expect(try listing.take(try nameReply([".", "..", "a", "b"])) == false)
        #expect(try listing.take(try nameReply(["c"])) == false)
        #expect(try listing.take(.status(id: 5, code: .eof, message: "")) == true)
        #expect(listing.entries.map(\.filename) == ["a", "b", "c"])
    }

    @Test func aServerThatKeepsSendingNamesIsStoppedAtTheLimit() throws {
        var listing = SFTPListing(maximumEntries: 5, reportAs: "exports/ds")
        let reply = try nameReply(["x", "y"])  // the same page again and again, never EOF
        do {
            for _ in 0..<100 { _ = try listing.take(reply) }
            Issue.record("the listing should stop")
        } catch {
            #expect(error.kind == .limitExceeded)
            #expect(error.message.contains("more than 5 entries"))
            #expect(error.path == "exports/ds")
        }
    }

    @Test func aFailedReaddirKeepsTheServersStatus() throws {
        var listing = SFTPListing(maximumEntries: 5, reportAs: "d")
        do {
            _ = try listing.take(.status(id: 5, code: .permissionDenied, message: "no"))
            Issue.record("a refused readdir should throw")
        } catch {
            #expect(error.kind == .permissionDenied)
        }
    }

    @Test func aNameReplyClaimingMoreEntriesThanItsBytesIsRefusedBeforeDecoding() {
        let body: [UInt8] = [104] + be32(5) + be32(0xFFFF_FFFF) + string("a")
        var decoder = SFTPFrameDecoder()
        decoder.append(ByteBuffer(bytes: be32(UInt32(body.count)) + body))
        #expect(throws: SFTPProtocolError.self) { try decoder.next() }
    }

    @Test func recursionDeeperThanTheLimitIsRefused() throws {
        let limits = SFTPListingLimits(maximumEntries: 10, maximumDepth: 64)
        try limits.check(depth: 64, reportAs: "a")
        do {
            try limits.check(depth: 65, reportAs: "a/b")
            Issue.record("depth 65 should be refused")
        } catch {
            #expect(error.kind == .limitExceeded)
            #expect(error.message.contains("deeper than 64 levels"))
        }
    }
}
