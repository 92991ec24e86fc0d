import Foundation
import OutflowTestSupport
import Testing

@testable import Signing

@Suite(.onDedicatedThreads) struct OAuthTests {
    static let now = Date(timeIntervalSince1970: 1_700_000_000)

    @Test func clientCredentialsRequestTargetsTheTenantTokenEndpoint() throws {
        let credentials = try OAuthClientCredentials(
            tenant: "contoso.onmicrosoft.com", clientID: "00000000-aaaa", clientSecret: "s3cr3t+&=/",
            authorityHost: "http://127.0.0.1:8081/")
        let request = credentials.tokenRequest()
        #expect(request.url == "http://127.0.0.1:8081/contoso.onmicrosoft.com/oauth2/v2.0/token")
        #expect(request.method == "POST")
        #expect(request.headers.contains(.init("Content-Type", "application/x-www-form-urlencoded")))
        #expect(
            request.body == "grant_type=client_credentials&client_id=00000000-aaaa&client_secret=s3cr3t%2B%26%3D%2F"
                + "&scope=https%3A%2F%2Fstorage.azure.com%2F.default")
        #expect(credentials.scope == "https://storage.azure.com/.default")
        #expect(OAuthClientCredentials.defaultAuthorityHost == "https://login.microsoftonline.com")
        var dumped = ""
        dump(credentials, to: &dumped)
        dump(request, to: &dumped)
        for text in ["\(credentials)", String(reflecting: credentials), "\(request)", dumped] {
            #expect(!text.contains("s3cr3t"))
        }
    }

    @Test(arguments: [("", "tenant"), ("c", "servicePrincipalId"), ("s", "servicePrincipalKey")])
    func emptyServicePrincipalFieldsAreNamed(_ which: String, _ field: String) {
        #expect(throws: SigningError(.invalidCredential, "the \(field) is empty", field: field)) {
            try OAuthClientCredentials(
                tenant: field == "tenant" ? "" : "t", clientID: field == "servicePrincipalId" ? "" : "c",
                clientSecret: field == "servicePrincipalKey" ? "" : "s")
        }
    }

    @Test(arguments: [
        #"{"access_token":"ya29.token","expires_in":3599,"token_type":"Bearer"}"#,
        #"{"token_type":"Bearer","expires_in":"3599","ext_expires_in":"3599","access_token":"ya29.token"}"#,
    ])
    func tokenResponseParsesWithExpiryFromArrivalTime(_ body: String) throws {
        let token = try OAuthAccessToken.parse(Array(body.utf8), receivedAt: Self.now)
        #expect(token.value == "ya29.token" && token.authorizationHeader == "Bearer ya29.token")
        #expect(token.expiresAt == Self.now.addingTimeInterval(3599))
        #expect(!token.needsRefresh(at: Self.now) && token.needsRefresh(at: Self.now.addingTimeInterval(3300)))
        #expect(!"\(token)".contains("ya29") && !String(reflecting: token).contains("ya29"))
    }

    @Test(arguments: [
        (
            #"{"error":"invalid_client","error_description":"AADSTS7000215: Invalid client secret s3cr3t"}"#,
            SigningError.Code.tokenRejected
        ),
        (#"{"access_token":"","expires_in":10}"#, .malformedTokenResponse),
        (#"{"access_token":"t"}"#, .malformedTokenResponse),
        (#"<html>bad gateway</html>"#, .malformedTokenResponse),
    ])
    func unusableTokenResponsesAreTypedErrorsWithoutTheBody(_ body: String, _ code: SigningError.Code) {
        do {
            _ = try OAuthAccessToken.parse(Array(body.utf8), receivedAt: Self.now)
            Issue.record("accepted \(body)")
        } catch {
            #expect(error.code == code)
            #expect(!error.description.contains("s3cr3t") && !error.description.contains("AADSTS"))
        }
    }
}
