import Foundation
import Signing
import Testing

@testable import Destinations

@Suite("Azure request cores")
struct AzureRequestTests {
    @Test("endpoints keep an emulator's account path and drop trailing slashes")
    func endpoints() throws {
        let local = try AzureEndpoint("http://127.0.0.1:10000/acct/")
        #expect(local.origin == "http://127.0.0.1:10000" && local.basePath == "/acct" && local.host == "127.0.0.1")
        let cloud = try AzureEndpoint("https://acct.blob.core.windows.net")
        #expect(cloud.basePath == "" && cloud.scheme == "https")
        #expect(throws: DestinationError.self) { try AzureEndpoint("ftp://x") }
        #expect(throws: DestinationError.self) { try AzureEndpoint("https://acct.blob.core.windows.net/?sig=x") }
    }

    @Test("ADLS urls name the account and file system in all three spellings")
    func adlsLocations() throws {
        let abfss = try ADLSGen2Location(url: "abfss://fs1@acct.dfs.core.windows.net/a/b")
        #expect(abfss.accountName == "acct" && abfss.fileSystem == "fs1" && abfss.folder == "a/b")
        #expect(abfss.endpoint.origin == "https://acct.dfs.core.windows.net" && abfss.endpoint.basePath == "")
        let https = try ADLSGen2Location(url: "https://acct.dfs.core.windows.net/fs2")
        #expect(https.fileSystem == "fs2" && https.folder == "")
        let local = try ADLSGen2Location(url: "http://127.0.0.1:8080/acct/fs3/x")
        #expect(local.accountName == "acct" && local.fileSystem == "fs3" && local.folder == "x")
        #expect(local.endpoint.basePath == "/acct")
        let bare = try ADLSGen2Location(url: "http://localhost:8080/acct")
        #expect(bare.fileSystem == nil)
    }

    @Test("block ids have one length and the block list names them in order")
    func blocks() throws {
        let ids = [0, 7, 123_456].map { AzureBlobRequests.blockID(token: "tok", index: $0) }
        #expect(Set(ids.map(\.count)).count == 1)
        let body = String(decoding: try AzureBlobRequests.blockListBody(ids), as: UTF8.self)
        #expect(body.hasPrefix(#"<?xml version="1.0" encoding="utf-8"?>"#))
        #expect(
            body.hasSuffix(
                "<BlockList><Latest>\(ids[0])</Latest><Latest>\(ids[1])</Latest><Latest>\(ids[2])</Latest></BlockList>")
        )
    }

    @Test("List Blobs answers parse names, sizes and the next marker")
    func listParsing() throws {
        let xml =
            #"<?xml version="1.0" encoding="utf-8"?><EnumerationResults ServiceEndpoint="x" ContainerName="c"><Blobs>"#
            + "<Blob><Name>a/b &amp; c.parquet</Name><Properties><Content-Length>42</Content-Length></Properties></Blob>"
            + "<BlobPrefix><Name>d/</Name></BlobPrefix>"
            + "<Blob><Name>z</Name><Properties><Content-Length>0</Content-Length></Properties></Blob>"
            + "</Blobs><NextMarker>z</NextMarker></EnumerationResults>"
        let page = try AzureBlobRequests.parseList(Array(xml.utf8))
        #expect(
            page.objects == [
                DestinationObject(path: "a/b & c.parquet", size: 42), DestinationObject(path: "z", size: 0),
            ])
        #expect(page.nextMarker == "z")
        let last = try AzureBlobRequests.parseList(
            Array("<EnumerationResults><Blobs /><NextMarker /></EnumerationResults>".utf8))
        #expect(last.objects.isEmpty && last.nextMarker == nil)
        #expect(throws: DestinationError.self) { try AzureBlobRequests.parseList(Array("<html>".utf8)) }
        #expect(throws: DestinationError.self) {
            try AzureBlobRequests.parseList(Array("<Error><Code>ContainerNotFound</Code></Error>".utf8))
        }
        #expect(throws: DestinationError.self) {
            try AzureBlobRequests.parseList(
                Array("<EnumerationResults><Blobs><Blob><Name>a</Name></Blob></Blobs></EnumerationResults>".utf8))
        }
    }

    @Test("DFS list answers keep files only, with string or number lengths")
    func dfsListParsing() throws {
        let json =
            #"{"paths":[{"name":"d","isDirectory":"true"},{"name":"d/f","contentLength":"10"},{"name":"g","contentLength":5,"isDirectory":false}]}"#
        #expect(
            try ADLSGen2Requests.parseList(Array(json.utf8)) == [
                DestinationObject(path: "d/f", size: 10), DestinationObject(path: "g", size: 5),
            ])
    }

    @Test("rename carries the encoded source; flush names the final position")
    func dfsRequests() throws {
        let requests = ADLSGen2Requests(endpoint: try AzureEndpoint("http://127.0.0.1:1/acct"), fileSystem: "fs")
        let rename = requests.rename(from: "a/.b c.outflow-tmp-1", to: "a/b c")
        #expect(rename.header("x-ms-rename-source") == "/fs/a/.b%20c.outflow-tmp-1")
        #expect(rename.target == "/acct/fs/a/b%20c?mode=legacy")
        #expect(requests.flush("p", position: 9).target == "/acct/fs/p?action=flush&position=9&close=true")
    }

    static func response(_ status: Int, _ code: String?) -> AzureHTTPClient.Response {
        AzureHTTPClient.Response(status: status, headers: code.map { [("x-ms-error-code", $0)] } ?? [], body: [])
    }

    @Test(
        "Azure answers map to error codes a user can act on",
        arguments: [
            (403, "AuthenticationFailed", DestinationError.Code.auth),
            (403, "AuthorizationPermissionMismatch", .permission),
            (404, "ContainerNotFound", .notFound),
            (503, "ServerBusy", .transient),
            (400, "InvalidHeaderValue", .invalid),
        ])
    func errorMapping(status: Int, code: String, expected: DestinationError.Code) throws {
        let endpoint = try AzureEndpoint("http://127.0.0.1:1/acct")
        let error = AzureErrorMapping.error(Self.response(status, code), endpoint: endpoint, path: "p")
        #expect(error.code == expected && error.message.contains(code))
    }

    @Test("the error code is read from XML or JSON bodies when the header is missing")
    func errorCodeFromBody() {
        #expect(
            AzureErrorMapping.errorCode(in: Array("<Error><Code>BlobNotFound</Code></Error>".utf8)) == "BlobNotFound")
        #expect(
            AzureErrorMapping.errorCode(in: Array(#"{"error":{"code":"PathNotFound","message":"x"}}"#.utf8))
                == "PathNotFound")
        #expect(AzureErrorMapping.errorCode(in: Array("<Error><Code>Bad&lt;x&gt;</Code></Error>".utf8)) == "Badx")
        #expect(AzureErrorMapping.errorCode(in: Array("<html><body>502</body></html>".utf8)) == nil)
        #expect(AzureErrorMapping.errorCode(in: []) == nil)
    }
}
