import Destinations
import Foundation
import HTTPTypes
import Signing
import Testing

@testable import HTTPAPI
@testable import LandingZone
@testable import OutflowServer
@testable import Signing

@Suite("Landing zone cores")
struct LandingZoneCoreTests {
    static func entry(_ name: String) -> LandingZoneStore.Entry {
        LandingZoneStore.Entry(name: name, size: 1, lastModified: "Mon, 23 Nov 2026 13:41:39 GMT", etag: "0x1")
    }

    static let names = ["a/1", "a/2", "a/b/3", "b", "c/1", "c/2"].map(entry)

    @Test("a delimiter folds names into prefixes, and markers resume pages without repeats")
    func listingWithDelimiterAndPages() {
        let all = LandingZoneListing.page(Self.names, .init(delimiter: "/"))
        #expect(all.items.map(\.name) == ["a/", "b", "c/"])
        #expect(all.nextMarker == nil)
        var seen: [String] = []
        var marker: String?
        repeat {
            let page = LandingZoneListing.page(Self.names, .init(delimiter: "/", marker: marker, maxResults: 2))
            seen += page.items.map(\.name)
            marker = page.nextMarker
        } while marker != nil
        #expect(seen == ["a/", "b", "c/"])
        let nested = LandingZoneListing.page(Self.names, .init(prefix: "a/", delimiter: "/"))
        #expect(nested.items.map(\.name) == ["a/1", "a/2", "a/b/"])
        let flat = LandingZoneListing.page(Self.names, .init(prefix: "c", maxResults: 1))
        #expect(flat.items.map(\.name) == ["c/1"] && flat.nextMarker == "c/1")
    }

    @Test("block lists parse in order with their kinds; a malformed body is refused")
    func blockListParsing() {
        func parse(_ body: String) -> [LandingZoneBlockReference]? {
            LandingZoneBlockListRequest.parse(Array(body.utf8))
        }
        let parsed = parse(
            #"<?xml version="1.0" encoding="utf-8"?><BlockList><Latest>QQ==</Latest>"#
                + "<Uncommitted>Qg==</Uncommitted>\n<Committed> Qw== </Committed><Latest>RA==</Latest></BlockList>")
        #expect(parsed?.map(\.id) == ["QQ==", "Qg==", "Qw==", "RA=="])
        #expect(parsed?.map(\.kind) == [.latest, .uncommitted, .committed, .latest])
        #expect(parse("<BlockList><Latest>a&amp;b</Latest></BlockList>")?.map(\.id) == ["a&b"])
        #expect(parse("<BlockList></BlockList>")?.isEmpty == true)
        #expect(parse("<BlockList>\n</BlockList>")?.isEmpty == true)
        for malformed in [
            "<BlockList><Bogus>x</Bogus></BlockList>", "nothing", "", "<BlockList><Latest>x</Latest>",
            "<Other><Latest>x</Latest></Other>", "<BlockList>\n\n\n<Latest>x</Latest>\n\n</Bogus>",
            "<BlockList><Latest>x</Latest><Committed>y</Committed>\n\n<Bogus/></BlockList>",
            "<BlockList>" + String(repeating: "<Latest>", count: 200_000)
                + String(repeating: "</Latest>", count: 200_000)
                + "</BlockList>",
        ] {
            #expect(parse(malformed) == nil, "\(malformed)")
        }
    }

    @Test("errors are Azure XML with escaped text")
    func errorXML() throws {
        let xml = String(
            decoding: try LandingZoneXMLCoding.encode(
                LandingZoneErrorDocument(.init(.notFound, "BlobNotFound", "a <b> & c"))), as: UTF8.self)
        #expect(xml.hasPrefix(#"<?xml version="1.0" encoding="utf-8"?>"#))
        #expect(xml.hasSuffix("<Error><Code>BlobNotFound</Code><Message>a &lt;b&gt; &amp; c</Message></Error>"))
    }

    @Test("ranges resolve against the size; out-of-range starts are InvalidRange")
    func byteRanges() throws {
        #expect(try LandingZoneByteRange.parse("bytes=0-9", size: 100) == .init(start: 0, end: 9))
        #expect(try LandingZoneByteRange.parse("bytes=90-", size: 100) == .init(start: 90, end: 99))
        #expect(try LandingZoneByteRange.parse("bytes=0-33554431", size: 100) == .init(start: 0, end: 99))
        #expect(try LandingZoneByteRange.parse(nil, size: 100) == nil)
        #expect(throws: LandingZoneError.invalidRange()) { try LandingZoneByteRange.parse("bytes=100-", size: 100) }
        #expect(throws: LandingZoneError.invalidRange()) { try LandingZoneByteRange.parse("items=1-2", size: 100) }
    }

    static func request(
        _ method: String, _ path: String, _ query: String? = nil, headers: [SignableRequest.Field] = []
    ) throws -> LandingZoneRequest {
        try #require(
            try LandingZoneRequest.parse(
                method: method, rawPath: path, rawQuery: query, headers: headers, account: "acct"))
    }

    @Test(
        "requests classify into Blob and DFS operations",
        arguments: [
            ("GET", "/acct/", "comp=list", LandingZoneOperation.listContainers),
            ("GET", "/acct/c01", "restype=container&comp=list&prefix=a", .listBlobs),
            ("HEAD", "/acct/c01", "restype=container", .containerProperties),
            ("PUT", "/acct/c01", "resource=filesystem", .createContainer),
            ("GET", "/acct/c01", "resource=filesystem&recursive=true", .listPaths(directory: nil, recursive: true)),
            ("GET", "/acct/c01/a/b%20c.txt", nil, .getBlob),
            ("HEAD", "/acct/c01/a", nil, .getBlobProperties),
            ("PUT", "/acct/c01/a", nil, .putBlob),
            ("PUT", "/acct/c01/a", "comp=block&blockid=QQ%3D%3D", .putBlock(id: "QQ==")),
            ("PUT", "/acct/c01/a", "comp=blocklist", .putBlockList),
            ("PUT", "/acct/c01/a", "resource=file", .createFile),
            ("PATCH", "/acct/c01/a", "action=append&position=10", .append(position: 10)),
            ("PATCH", "/acct/c01/a", "action=flush&position=10", .flush(position: 10)),
            ("DELETE", "/acct/c01/a", "recursive=true", .deleteBlob(recursive: true)),
        ] as [(String, String, String?, LandingZoneOperation)])
    func classification(method: String, path: String, query: String?, expected: LandingZoneOperation) throws {
        #expect(try LandingZoneOperation.classify(Self.request(method, path, query)) == expected)
    }

    @Test("paths decode per segment; other accounts are not ours; dot segments are refused")
    func pathParsing() throws {
        let parsed = try Self.request("GET", "/acct/c01/dir/%C3%BC%20x.bin")
        #expect(parsed.container == "c01" && parsed.blob == "dir/ü x.bin")
        #expect(
            try LandingZoneRequest.parse(
                method: "GET", rawPath: "/other/c01", rawQuery: nil, headers: [], account: "acct") == nil)
        #expect(throws: LandingZoneError.invalidName()) { try Self.request("GET", "/acct/c01/a/../b") }
        #expect(throws: LandingZoneError.invalidName()) { try Self.request("GET", "/acct/UPPER/b") }
        let rename = try Self.request(
            "PUT", "/acct/c01/new", nil, headers: [.init("x-ms-rename-source", "/c01/old%20name?sv=x")])
        #expect(try LandingZoneOperation.classify(rename) == .rename(sourceContainer: "c01", sourcePath: "old name"))
    }
}
