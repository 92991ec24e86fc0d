import Foundation
import OutflowTestSupport
import Testing

@testable import Signing

@Suite(.onDedicatedThreads, .tags(.peers), .needsPeers) struct AWSAssumeRoleTests {
    static let date = Date(timeIntervalSince1970: 1_795_435_200)  // 2026-11-23T12:00:00Z

    static func signer() throws -> AWSSigV4Signer {
        let credentials = try AWSCredentials(
            accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
        return AWSSigV4Signer(credentials: credentials, region: "us-east-1", service: "sts")
    }

    static let script = """
        import datetime, json, sys
        import botocore.auth
        from botocore.auth import SigV4Auth
        from botocore.awsrequest import AWSRequest
        from botocore.credentials import Credentials
        job = json.load(sys.stdin)
        botocore.auth.get_current_datetime = lambda: datetime.datetime(2026, 11, 23, 12, 0, 0)
        creds = Credentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
        request = AWSRequest(method="POST", url="https://sts.us-east-1.amazonaws.com/", data=job["body"].encode(),
                             headers={"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"})
        SigV4Auth(creds, "sts", "us-east-1").add_auth(request)
        print(json.dumps(request.headers["Authorization"]))
        """

    @Test
    func signedAssumeRoleMatchesBotocore() async throws {
        let call = try AWSAssumeRole(
            roleARN: "arn:aws:iam::123456789012:role/outflow-export", sessionName: "outflow-run-42",
            externalID: "ext id/+=")
        #expect(
            call.body == "Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2F"
                + "outflow-export&RoleSessionName=outflow-run-42&DurationSeconds=3600&ExternalId=ext%20id%2F%2B%3D")
        let signed = call.signedRequest(host: "sts.us-east-1.amazonaws.com", signer: try Self.signer(), date: Self.date)
        let output = try await PythonOracle.run(
            Self.script, input: try JSONSerialization.data(withJSONObject: ["body": call.body]))
        let expected = try JSONDecoder().decode(String.self, from: output)
        #expect(signed.header("Authorization")?.replacingOccurrences(of: ",", with: ", ") == expected)
        #expect(signed.header("x-amz-content-sha256") == nil)
    }

    @Test func credentialFieldsBecomeTemporaryCredentials() throws {
        let parsed = try AWSAssumeRole.temporaryCredentials(
            accessKeyID: " ASIAEXAMPLE\n", secretAccessKey: "secret/with+chars", sessionToken: "token&more",
            expiration: "2026-11-23T13:00:00.123Z")
        #expect(parsed.credentials.accessKeyID == "ASIAEXAMPLE")
        #expect(parsed.credentials.secretAccessKey == "secret/with+chars")
        #expect(parsed.credentials.sessionToken == "token&more")
        #expect(parsed.expiration == Self.date.addingTimeInterval(3600))
    }

    @Test func missingFieldsAndRefusalsAreTypedErrors() {
        #expect(throws: SigningError.self) {
            try AWSAssumeRole.temporaryCredentials(
                accessKeyID: "A", secretAccessKey: nil, sessionToken: "t", expiration: "2026-11-23T13:00:00Z")
        }
        #expect(throws: SigningError.self) {
            try AWSAssumeRole.temporaryCredentials(
                accessKeyID: "A", secretAccessKey: "s", sessionToken: "t", expiration: "tomorrow")
        }
        let refusal = AWSAssumeRole.refusal(code: " Access<Denied>\n")
        #expect(refusal.code == .tokenRejected && refusal.message == "STS refused AssumeRole: AccessDenied")
        #expect(AWSAssumeRole.refusal(code: nil).message == "STS refused AssumeRole: unknown")
    }

    @Test(arguments: [
        ("arn:aws:iam::1:role/r", "x", 3600), ("role", "ok-name", 3600), ("arn:aws:iam::1:role/r", "ok", 899),
    ])
    func invalidCallsAreRejected(_ arn: String, _ session: String, _ duration: Int) {
        #expect(throws: SigningError.self) {
            try AWSAssumeRole(roleARN: arn, sessionName: session, durationSeconds: duration)
        }
    }
}
