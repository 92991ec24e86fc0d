import Crypto
import Destinations
import Foundation
import HTTPTypes
import Signing
import Testing

@testable import HTTPAPI
@testable import LandingZone
@testable import OutflowServer

/// Blob properties (Content-MD5, Content-Type, metadata) recorded beside landing-zone blobs, as rclone reads them.
@Suite("Landing zone blob properties")
struct LandingZonePropertiesTests {
    static func withStore(_ body: (LandingZoneStore) throws -> Void) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("lz-props-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = LandingZoneStore(root: directory.path + "/landing-zone")
        #expect(try store.createContainer("box"))
        try body(store)
    }

    static func write(_ store: LandingZoneStore, _ blob: String, _ bytes: [UInt8]) throws {
        let path = store.blobPath("box", blob)
        try FileManager.default.createDirectory(
            atPath: LandingZoneStore.parent(path), withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    static func md5(_ bytes: [UInt8]) -> String { Data(Insecure.MD5.hash(data: bytes)).base64EncodedString() }

    @Test("recorded MD5, type and metadata are reported, and forgotten once the file is replaced behind our back")
    func recordedPropertiesFollowTheFile() throws {
        try Self.withStore { store in
            try Self.write(store, "a/b.bin", Array("hello".utf8))
            let written = LandingZoneStore.WrittenProperties(
                contentMD5: Self.md5(Array("hello".utf8)), contentType: "text/plain",
                metadata: ["mtime": "2026-01-02T03:04:05.000000000Z"])
            try store.recordProperties("box", "a/b.bin", written)
            let entry = store.withProperties("box", try store.entry("box", "a/b.bin"))
            #expect(entry.contentMD5 == written.contentMD5)
            #expect(entry.contentType == "text/plain")
            #expect(entry.metadata == written.metadata)
            try Self.write(store, "a/b.bin", Array("a different body".utf8))
            let replaced = store.withProperties("box", try store.entry("box", "a/b.bin"))
            #expect(replaced.contentMD5 == Self.md5(Array("a different body".utf8)))
            #expect(replaced.contentType == nil)
            #expect(replaced.metadata.isEmpty)
        }
    }

    @Test("a small blob written straight to disk gets its MD5 computed once and recorded")
    func lazyMD5IsRecorded() throws {
        try Self.withStore { store in
            let bytes = (0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 13) }
            try Self.write(store, "export/part-0.parquet", bytes)
            #expect(!FileManager.default.fileExists(atPath: store.propertiesPath("box", "export/part-0.parquet")))
            let entry = store.withProperties("box", try store.entry("box", "export/part-0.parquet"))
            #expect(entry.contentMD5 == Self.md5(bytes))
            #expect(FileManager.default.fileExists(atPath: store.propertiesPath("box", "export/part-0.parquet")))
        }
    }

    @Test("a listing hashes within its byte budget; blobs past it come without an MD5 until a later request")
    func listingHashBudget() throws {
        try Self.withStore { store in
            try Self.write(store, "a.bin", Array(repeating: 1, count: 600))
            try Self.write(store, "b.bin", Array(repeating: 2, count: 600))
            var budget: Int64 = 1000
            let first = store.withProperties("box", try store.entry("box", "a.bin"), hashBudget: &budget)
            let second = store.withProperties("box", try store.entry("box", "b.bin"), hashBudget: &budget)
            #expect(first.contentMD5 == Self.md5(Array(repeating: 1, count: 600)) && budget == 400)
            #expect(second.contentMD5 == nil)
            #expect(store.withProperties("box", try store.entry("box", "b.bin")).contentMD5 != nil)
        }
    }

    @Test("deleting a blob or its folder drops the recorded properties; a rename moves them")
    func propertiesFollowDeleteAndRename() throws {
        try Self.withStore { store in
            for name in ["d/1.txt", "d/e/2.txt", "keep.txt"] {
                try Self.write(store, name, Array(name.utf8))
                try store.recordProperties("box", name, .init(metadata: ["k": name]))
            }
            try store.delete("box", "keep.txt", recursive: false)
            #expect(!FileManager.default.fileExists(atPath: store.propertiesPath("box", "keep.txt")))
            try store.rename(from: "box", "d/1.txt", to: "box", "moved.txt")
            #expect(store.withProperties("box", try store.entry("box", "moved.txt")).metadata == ["k": "d/1.txt"])
            try store.delete("box", "d", recursive: true)
            #expect(!FileManager.default.fileExists(atPath: store.propertiesPath("box", "d/e/2.txt")))
        }
    }

    @Test("x-ms-meta-* headers become lower-cased metadata; names must be C# identifiers")
    func metadataHeaders() throws {
        let parsed = try LandingZoneProperties.metadata(fromHeaders: [
            ("X-Ms-Meta-Mtime", "2026-01-02T03:04:05Z"), ("x-ms-version", "2020-10-02"), ("x-ms-meta-_a1", "v"),
        ])
        #expect(parsed == ["mtime": "2026-01-02T03:04:05Z", "_a1": "v"])
        #expect(try LandingZoneProperties.metadata(fromHeaders: [("x-ms-version", "1")]) == nil)
        #expect(throws: LandingZoneError.self) {
            try LandingZoneProperties.metadata(fromHeaders: [("x-ms-meta-1bad", "v")])
        }
        #expect(LandingZoneProperties.validMD5("XUFAKrxLKna5cZ2REBfFkg==") != nil)
        let empty = try #require(
            try LandingZoneRequest.parse(
                method: "PUT", rawPath: "/a/box/b", rawQuery: nil, headers: [.init("x-ms-blob-content-md5", "")],
                account: "a"))
        #expect(try LandingZoneService.md5Header(empty, "x-ms-blob-content-md5") == nil)
        #expect(LandingZoneProperties.validMD5("not-an-md5") == nil)
    }

    @Test("listings carry Content-MD5 and Content-Type, and metadata only when include=metadata asks")
    func listingXML() throws {
        var entry = LandingZoneStore.Entry(
            name: "a.txt", size: 5, lastModified: "Mon, 23 Nov 2026 10:00:00 GMT", etag: "0x1")
        entry.contentMD5 = "XUFAKrxLKna5cZ2REBfFkg=="
        entry.contentType = "text/plain"
        entry.metadata = ["mtime": "2026-01-02T03:04:05Z"]
        let page = LandingZoneListing.Page(items: [.blob(entry)], nextMarker: nil)
        var request = LandingZoneListing.Request()
        func xml(_ request: LandingZoneListing.Request, _ page: LandingZoneListing.Page) throws -> String {
            let document = LandingZoneBlobList(
                serviceEndpoint: "http://h/a/", container: "c", request: request, page: page)
            return String(decoding: try LandingZoneXMLCoding.encode(document), as: UTF8.self)
        }
        let plain = try xml(request, page)
        #expect(plain.contains("<Content-MD5>XUFAKrxLKna5cZ2REBfFkg==</Content-MD5>"))
        #expect(plain.contains("<Content-Type>text/plain</Content-Type>"))
        #expect(!plain.contains("<Metadata>"))
        request.includeMetadata = true
        let detailed = try xml(request, page)
        #expect(detailed.contains("<Metadata><mtime>2026-01-02T03:04:05Z</mtime></Metadata>"))
        let folded = LandingZoneListing.Page(items: [.prefix("a/"), .blob(entry), .prefix("b & c/")], nextMarker: "n")
        request = .init(prefix: "", delimiter: "/", maxResults: 3)
        #expect(
            try xml(request, folded)
                == #"<?xml version="1.0" encoding="utf-8"?>"# + "\n"
                + #"<EnumerationResults ServiceEndpoint="http://h/a/" ContainerName="c"><MaxResults>3</MaxResults>"#
                + "<Delimiter>/</Delimiter><Blobs><BlobPrefix><Name>a/</Name></BlobPrefix><Blob><Name>a.txt</Name>"
                + "<Properties><Creation-Time>Mon, 23 Nov 2026 10:00:00 GMT</Creation-Time>"
                + "<Last-Modified>Mon, 23 Nov 2026 10:00:00 GMT</Last-Modified><Etag>0x1</Etag>"
                + "<Content-Length>5</Content-Length><Content-Type>text/plain</Content-Type>"
                + "<Content-Encoding></Content-Encoding><Content-Language></Content-Language>"
                + "<Content-MD5>XUFAKrxLKna5cZ2REBfFkg==</Content-MD5><Cache-Control></Cache-Control>"
                + "<Content-Disposition></Content-Disposition><BlobType>BlockBlob</BlobType><AccessTier>Hot</AccessTier>"
                + "<AccessTierInferred>true</AccessTierInferred><LeaseStatus>unlocked</LeaseStatus>"
                + "<LeaseState>available</LeaseState><ServerEncrypted>false</ServerEncrypted></Properties></Blob>"
                + "<BlobPrefix><Name>b &amp; c/</Name></BlobPrefix></Blobs><NextMarker>n</NextMarker>"
                + "</EnumerationResults>")
    }
}
