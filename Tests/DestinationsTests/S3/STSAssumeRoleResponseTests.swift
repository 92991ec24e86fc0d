import Foundation
import Testing

@testable import Destinations
@testable import Signing

@Suite struct STSAssumeRoleResponseTests {
    @Test func responseBecomesTemporaryCredentials() throws {
        let xml = """
            <AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
              <AssumeRoleResult>
                <AssumedRoleUser><AssumedRoleId>AROA:outflow</AssumedRoleId></AssumedRoleUser>
                <Credentials>
                  <AccessKeyId>ASIAEXAMPLE</AccessKeyId>
                  <SecretAccessKey>secret/with+chars</SecretAccessKey>
                  <SessionToken>token&amp;more</SessionToken>
                  <Expiration>2026-11-23T13:00:00.123Z</Expiration>
                </Credentials>
              </AssumeRoleResult>
            </AssumeRoleResponse>
            """
        let parsed = try STSAssumeRoleResponse.credentials(Array(xml.utf8))
        #expect(parsed.credentials.accessKeyID == "ASIAEXAMPLE")
        #expect(parsed.credentials.secretAccessKey == "secret/with+chars")
        #expect(parsed.credentials.sessionToken == "token&more")
        #expect(parsed.expiration == Date(timeIntervalSince1970: 1_795_435_200 + 3600))
    }

    @Test(arguments: [
        (
            "<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>not authorized secret</Message>"
                + "</Error></ErrorResponse>", SigningError.Code.tokenRejected
        ),
        (
            "<AssumeRoleResponse><Credentials><AccessKeyId>A</AccessKeyId></Credentials></AssumeRoleResponse>",
            .malformedTokenResponse
        ),
        ("<html><body>Bad Gateway</body></html>", .malformedTokenResponse),
        ("", .malformedTokenResponse),
        ("<AssumeRoleResponse><AssumeRoleResult>\n\n\n<Credentials>", .malformedTokenResponse),
    ])
    func unusableResponsesAreTypedErrors(_ xml: String, _ code: SigningError.Code) {
        do {
            _ = try STSAssumeRoleResponse.credentials(Array(xml.utf8))
            Issue.record("accepted \(xml)")
        } catch {
            #expect(error.code == code && !error.description.contains("secret"))
        }
    }
}
