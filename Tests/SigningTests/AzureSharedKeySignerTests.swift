import Foundation
import OutflowTestSupport
import Testing

@testable import Signing

/// Shared Key signatures checked against the official `azure-storage-blob` SDK's `SharedKeyCredentialPolicy`.
/// (The SDK sends ranges as `x-ms-range` and never signs a plain `Range` header, so the SDK comparison uses
/// `x-ms-range`; the documented `Range` slot is checked by `stringToSignFollowsTheDocumentedLayout`.)
@Suite(.onDedicatedThreads, .tags(.peers), .needsPeers) struct AzureSharedKeySignerTests {
    static let accountKey = Data((0..<64).map { UInt8($0 * 7 % 256) }).base64EncodedString()
    static let date = Date(timeIntervalSince1970: 1_700_000_000)  // Tue, 14 Nov 2023 22:13:20 GMT

    static func signer() throws -> AzureSharedKeySigner {
        AzureSharedKeySigner(
            credential: try AzureSharedKeyCredential(accountName: "outflowacct", accountKey: accountKey))
    }

    static let requests: [SignableRequest] = [
        SignableRequest(
            method: "PUT", host: "outflowacct.blob.core.windows.net", path: "/landing/dir/part 0$1.parquet",
            headers: [
                .init("x-ms-blob-type", "BlockBlob"), .init("Content-Length", "11"),
                .init("Content-Type", "application/octet-stream"),
            ]),
        SignableRequest(
            method: "GET", host: "outflowacct.blob.core.windows.net", path: "/landing",
            query: [
                .init("restype", "container"), .init("comp", "list"), .init("prefix", "dir/"), .init("delimiter", "/"),
            ]),
        SignableRequest(
            method: "PUT", host: "outflowacct.blob.core.windows.net", path: "/landing/big.parquet",
            query: [.init("comp", "block"), .init("blockid", "AAAA+/8=")], headers: [.init("Content-Length", "0")]),
        SignableRequest(
            method: "GET", host: "outflowacct.blob.core.windows.net", path: "/landing/big.parquet",
            headers: [.init("x-ms-range", "bytes=0-1023"), .init("If-Match", "\"0x8D\"")]),
        SignableRequest(
            method: "PATCH", host: "outflowacct.dfs.core.windows.net", path: "/fs/exports/a.json",
            query: [.init("action", "append"), .init("position", "0")],
            headers: [.init("Content-Length", "5"), .init("Content-MD5", "XUFAKrxLKna5cZ2REBfFkg==")]),
        SignableRequest(
            method: "GET", host: "outflowacct.blob.core.windows.net", path: "/", query: [.init("comp", "list")]),
    ]

    static let sdkScript = """
        import json, sys
        from azure.core.pipeline import PipelineContext, PipelineRequest
        from azure.core.pipeline.transport import HttpRequest
        from azure.storage.blob._shared.authentication import SharedKeyCredentialPolicy
        job = json.load(sys.stdin)
        policy = SharedKeyCredentialPolicy(job["account"], job["key"])
        out = []
        for r in job["requests"]:
            request = HttpRequest(r["method"], r["url"], headers=dict(r["headers"]))
            policy.on_request(PipelineRequest(request, PipelineContext(None)))
            out.append(request.headers["Authorization"])
        print(json.dumps(out))
        """

    @Test
    func authorizationMatchesOfficialPythonSDK() async throws {
        let signer = try Self.signer()
        let prepared = Self.requests.map { request in
            var withDate = request
            withDate.headers.append(.init("x-ms-date", UTCTimestamp(Self.date).rfc1123))
            withDate.headers.append(.init("x-ms-version", AzureSharedKeySigner.defaultVersion))
            return withDate
        }
        let job: [String: Any] = [
            "account": "outflowacct", "key": Self.accountKey,
            "requests": prepared.map { request in
                [
                    "method": request.method, "url": "https://\(request.host)\(request.target)",
                    "headers": request.headers.map { [$0.name, $0.value] },
                ] as [String: Any]
            },
        ]
        let output = try await PythonOracle.run(Self.sdkScript, input: try JSONSerialization.data(withJSONObject: job))
        let expected = try JSONDecoder().decode([String].self, from: output)
        #expect(expected.count == prepared.count)
        for (request, authorization) in zip(prepared, expected) {
            #expect(
                signer.authorization(for: request) == authorization,
                Comment(rawValue: request.method + " " + request.target))
        }
    }

    @Test func stringToSignFollowsTheDocumentedLayout() throws {
        let request = SignableRequest(
            method: "PUT", host: "outflowacct.blob.core.windows.net", path: "/c/b",
            query: [.init("comp", "metadata"), .init("Timeout", "30"), .init("timeout", "10")],
            headers: [
                .init("Content-Length", "0"), .init("Date", "ignored"), .init("Range", "bytes=0-9"),
                .init("x-ms-meta-b", "  two  words "),
                .init("x-ms-date", "Tue, 14 Nov 2023 22:13:20 GMT"), .init("X-MS-Version", "2021-08-06"),
            ])
        #expect(
            try Self.signer().stringToSign(for: request) == "PUT\n\n\n\n\n\n\n\n\n\n\nbytes=0-9\n"
                + "x-ms-date:Tue, 14 Nov 2023 22:13:20 GMT\nx-ms-meta-b:two words\nx-ms-version:2021-08-06\n"
                + "/outflowacct/c/b\ncomp:metadata\ntimeout:10,30")
    }

    @Test func signAddsDateVersionAndAuthorization() throws {
        let request = try #require(Self.requests.first)
        let signed = try Self.signer().sign(request, date: Self.date)
        #expect(signed.header("x-ms-date") == "Tue, 14 Nov 2023 22:13:20 GMT")
        #expect(signed.header("x-ms-version") == AzureSharedKeySigner.defaultVersion)
        #expect(signed.header("Authorization")?.hasPrefix("SharedKey outflowacct:") == true)
        let later = Self.date.addingTimeInterval(60)
        let again = try Self.signer().sign(signed, date: later)
        #expect(again.header("Authorization") == (try Self.signer().sign(request, date: later)).header("Authorization"))
        #expect(again.headers.filter { $0.name == "Authorization" }.count == 1)
    }

    @Test(arguments: ["not base64!", ""])
    func invalidAccountKeyIsRejectedWithoutEchoingIt(_ key: String) {
        do {
            _ = try AzureSharedKeyCredential(accountName: "a", accountKey: key)
            Issue.record("accepted an invalid key")
        } catch {
            #expect(error.code == .invalidCredential && error.field == "AccountKey")
            #expect(key.isEmpty || !error.description.contains(key))
        }
    }

    @Test func credentialDescriptionRedactsKey() throws {
        let credential = try AzureSharedKeyCredential(accountName: "outflowacct", accountKey: Self.accountKey)
        var dumped = ""
        dump(credential, to: &dumped)
        for text in [
            "\(credential)", String(reflecting: credential), dumped, "\(AzureSharedKeySigner(credential: credential))",
        ] {
            #expect(!text.contains(Self.accountKey) && text.contains("outflowacct"))
        }
    }
}
