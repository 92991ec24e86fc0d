import Destinations
import Foundation
import Testing

@testable import HTTPAPI
@testable import LandingZone
@testable import OutflowServer
@testable import Signing

/// Copy Blob (`x-ms-copy-source`), which rclone sends for server-side copies and moves.
@Suite("Landing zone Copy Blob")
struct LandingZoneCopyTests {
    @Test("a copy source of this account is classified with its SAS; other accounts and hosts' paths are refused")
    func copySourceParsing() throws {
        let operation = try LandingZoneOperation.copySource(
            "http://127.0.0.1:8080/acct/box/a%20b/c.txt?sv=2020-12-06&sig=abc%3D", account: "acct")
        #expect(
            operation
                == .copyBlob(
                    sourceContainer: "box", sourceBlob: "a b/c.txt",
                    sourceQuery: [.init("sv", "2020-12-06"), .init("sig", "abc=")]))
        #expect(
            try LandingZoneOperation.copySource("/acct/box/x", account: "acct")
                == .copyBlob(sourceContainer: "box", sourceBlob: "x", sourceQuery: []))
        for bad in ["http://h/other/box/x", "http://h/acct/box", "http://h/acct/box/../x", "not a url", ""] {
            #expect(throws: LandingZoneError.self) { try LandingZoneOperation.copySource(bad, account: "acct") }
        }
    }

    @Test("Copy Blob copies bytes and recorded properties, replacing metadata only when the request names some")
    func copyKeepsBytesAndProperties() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("lz-copy-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = LandingZoneStore(root: directory.path + "/landing-zone")
        #expect(try store.createContainer("box"))
        let bytes = Data((0..<5000).map { UInt8(truncatingIfNeeded: $0 &* 7) })
        try FileManager.default.createDirectory(
            atPath: store.blobPath("box", "src"), withIntermediateDirectories: true)
        try bytes.write(to: URL(fileURLWithPath: store.blobPath("box", "src/a.bin")))
        try store.recordProperties("box", "src/a.bin", .init(contentType: "x/y", metadata: ["mtime": "t"]))
        let copied = try store.copyBlob(from: "box", "src/a.bin", to: "box", "dst/b.bin", metadata: nil)
        #expect(copied.size == 5000)
        #expect(FileManager.default.contents(atPath: store.blobPath("box", "dst/b.bin")) == bytes)
        let entry = store.withProperties("box", try store.entry("box", "dst/b.bin"))
        #expect(entry.metadata == ["mtime": "t"] && entry.contentType == "x/y" && entry.contentMD5 != nil)
        _ = try store.copyBlob(from: "box", "src/a.bin", to: "box", "dst/c.bin", metadata: ["k": "v"])
        #expect(store.withProperties("box", try store.entry("box", "dst/c.bin")).metadata == ["k": "v"])
        #expect(throws: LandingZoneError.self) {
            try store.copyBlob(from: "box", "missing", to: "box", "dst/d.bin", metadata: nil)
        }
    }

    @Test("over SAS, Copy Blob needs write on the destination and read on the source (its own SAS or the request's)")
    func copyAuthorization() throws {
        let key = Data((0..<32).map { UInt8($0) }).base64EncodedString()
        let account = try LandingZoneAccount(name: "acct", keyBase64: key)
        let now = Date(timeIntervalSince1970: 1_790_000_000)
        func sas(_ container: String, _ permissions: AzureSASPermissions) throws -> String {
            try AzureSASToken.issue(
                credential: account.credential, container: container, permissions: permissions,
                expiry: now.addingTimeInterval(3600)
            ).queryString
        }
        func copy(query: String, source: String) throws {
            let request = try #require(
                try LandingZoneRequest.parse(
                    method: "PUT", rawPath: "/acct/dst/b.bin", rawQuery: query,
                    headers: [.init("x-ms-copy-source", source)], account: "acct"))
            try LandingZoneAuthorizer(account: account).authorize(
                request, try LandingZoneOperation.classify(request), now: now)
        }
        try copy(query: try sas("dst", [.read, .write]), source: "http://h/acct/dst/a.bin")
        #expect(throws: LandingZoneError.self) {
            try copy(query: try sas("dst", [.write]), source: "http://h/acct/dst/a.bin")
        }
        #expect(throws: LandingZoneError.self) {
            try copy(query: try sas("dst", [.read, .write]), source: "http://h/acct/src/a.bin")
        }
        try copy(query: try sas("dst", [.write]), source: "http://h/acct/src/a.bin?" + (try sas("src", [.read])))
        #expect(throws: LandingZoneError.self) {
            try copy(query: try sas("dst", [.write]), source: "http://h/acct/src/a.bin?" + (try sas("src", [.list])))
        }
    }
}
