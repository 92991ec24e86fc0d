import OutflowTestSupport
import Testing

@testable import Signing

@Suite(.onDedicatedThreads) struct AzureConnectionStringTests {
    static let key = AzureSharedKeySignerTests.accountKey

    @Test func accountKeyStringDerivesBlobAndDfsEndpoints() throws {
        let parsed = try AzureConnectionString(
            "DefaultEndpointsProtocol=https;AccountName=outflowacct;AccountKey=\(Self.key);EndpointSuffix=core.windows.net"
        )
        #expect(parsed.blobEndpoint == "https://outflowacct.blob.core.windows.net")
        #expect(parsed.dfsEndpoint == "https://outflowacct.dfs.core.windows.net")
        #expect(try parsed.sharedKeyCredential()?.accountName == "outflowacct")
        #expect(try parsed.sasToken() == nil)
    }

    @Test func explicitBlobEndpointAndCaseInsensitiveKeysAreHonoured() throws {
        let parsed = try AzureConnectionString(
            " accountname=dev ; ACCOUNTKEY=\(Self.key);BlobEndpoint=http://127.0.0.1:10000/dev/; ")
        #expect(parsed.blobEndpoint == "http://127.0.0.1:10000/dev")
        #expect(parsed.dfsEndpoint == "http://127.0.0.1:10000/dev")
        #expect(parsed.accountKey == Self.key)
    }

    @Test func sasOnlyStringParsesItsToken() throws {
        let credential = try AzureSharedKeyCredential(accountName: "outflowacct", accountKey: Self.key)
        let token = try AzureSASToken.issue(
            credential: credential, container: "landing", permissions: [.read, .list],
            expiry: AzureSASTokenTests.expiry)
        let parsed = try AzureConnectionString(
            "BlobEndpoint=https://outflowacct.blob.core.windows.net/;SharedAccessSignature=\(token.queryString)")
        #expect(try parsed.sasToken() == token)
        #expect(try parsed.sharedKeyCredential() == nil)
        #expect(!parsed.description.contains(token.queryString))
    }

    @Test(arguments: [
        ("AccountName=a", "AccountKey"),
        ("AccountKey=\(AzureSharedKeySignerTests.accountKey)", "AccountName"),
        ("AccountName=a;garbage;AccountKey=k", "connectionString"),
        ("AccountName=a;AccountName=b;AccountKey=k", "AccountName"),
        ("SharedAccessSignature=sv=2020-12-06", "BlobEndpoint"),
        ("DefaultEndpointsProtocol=ftp;AccountName=a;AccountKey=k", "DefaultEndpointsProtocol"),
    ])
    func malformedStringsNameTheProblemKey(_ text: String, _ field: String) {
        do {
            _ = try AzureConnectionString(text)
            Issue.record("accepted \(text)")
        } catch {
            #expect(error.code == .malformedConfiguration && error.field == field)
            #expect(!error.description.contains(AzureSharedKeySignerTests.accountKey))
        }
    }

    @Test func descriptionRedactsAccountKey() throws {
        let parsed = try AzureConnectionString("AccountName=outflowacct;AccountKey=\(Self.key)")
        var dumped = ""
        dump(parsed, to: &dumped)
        for text in ["\(parsed)", String(reflecting: parsed), dumped] {
            #expect(!text.contains(Self.key) && text.contains("outflowacct"))
        }
    }
}
