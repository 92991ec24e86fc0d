import Foundation
import OutflowTestSupport
import Testing

@testable import Signing

/// S3 header signing and presigning for awkward keys, compared with botocore's `S3SigV4Auth` and
/// `S3SigV4QueryAuth` at a fixed clock (the SDK boto3 and the AWS CLI use). botocore hashes the (empty) body
/// over HTTPS by default and separates the `Authorization` parts with `, `; both forms are valid.
@Suite(.onDedicatedThreads, .tags(.peers), .needsPeers) struct AWSSigV4BotocoreTests {
    static let keys = [
        "exports/ds1/exportTime=202611231200/part-00000.parquet", "a b/c+d=e&f", "ü/日本語.json", "tilde~/x!'()*.gz",
        "double//slash/", "percent%20literal",
    ]

    static let script = """
        import datetime, json, sys
        from urllib.parse import quote
        import botocore.auth
        from botocore.auth import S3SigV4Auth, S3SigV4QueryAuth
        from botocore.awsrequest import AWSRequest
        from botocore.credentials import Credentials
        job = json.load(sys.stdin)
        botocore.auth.get_current_datetime = lambda: datetime.datetime(2026, 11, 23, 12, 0, 0)
        creds = Credentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", job.get("token"))
        out = []
        for key in job["keys"]:
            url = "https://" + job["host"] + "/bucket/" + quote(key, safe="/~")
            headers = AWSRequest(method="PUT", url=url, headers={"Content-Type": "application/x-parquet"})
            S3SigV4Auth(creds, "s3", "eu-central-1").add_auth(headers)
            query = AWSRequest(method="GET", url=url)
            S3SigV4QueryAuth(creds, "s3", "eu-central-1", expires=900).add_auth(query)
            out.append([headers.headers["Authorization"], query.url, headers.headers["X-Amz-Content-SHA256"]])
        print(json.dumps(out))
        """

    @Test(arguments: [nil, "FwoGZXIvYXdzEXAMPLE//token=="])
    func signaturesMatchBotocore(_ sessionToken: String?) async throws {
        var job: [String: Any] = ["keys": Self.keys, "host": "127.0.0.1:8333"]
        job["token"] = sessionToken
        let output = try await PythonOracle.run(Self.script, input: try JSONSerialization.data(withJSONObject: job))
        let expected = try JSONDecoder().decode([[String]].self, from: output)
        try #require(expected.count == Self.keys.count)
        let credentials = try AWSCredentials(
            accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            sessionToken: sessionToken)
        let signer = AWSSigV4Signer(credentials: credentials, region: "eu-central-1")
        let date = Date(timeIntervalSince1970: 1_795_435_200)  // 2026-11-23T12:00:00Z
        for (key, pair) in zip(Self.keys, expected) {
            let put = SignableRequest(
                method: "PUT", host: "127.0.0.1:8333", path: "/bucket/" + key,
                headers: [.init("Content-Type", "application/x-parquet")])
            #expect(pair[2] == AWSSigV4Signer.emptyPayloadHash)
            let signed = signer.sign(put, payloadHash: AWSSigV4Signer.emptyPayloadHash, date: date)
            let authorization = signed.header("Authorization")?.replacingOccurrences(of: ",", with: ", ")
            #expect(authorization == pair[0], Comment(rawValue: key))
            let get = SignableRequest(method: "GET", host: "127.0.0.1:8333", path: "/bucket/" + key)
            let url = try signer.presignedURL(for: get, expires: 900, date: date)
            #expect(Self.sortedQuery(url) == Self.sortedQuery(pair[1]), Comment(rawValue: key))
        }
    }

    /// The URL with its query items sorted (botocore orders them differently; the signature is what matters).
    static func sortedQuery(_ url: String) -> String {
        let parts = url.split(separator: "?", maxSplits: 1)
        guard parts.count == 2 else { return url }
        return parts[0] + "?" + parts[1].split(separator: "&").sorted().joined(separator: "&")
    }
}
