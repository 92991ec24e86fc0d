import Foundation
import OutflowTestSupport
import Testing

@testable import SFTP

@Suite struct SFTPCredentialTests {
    @Test func credentialDescriptionsHideTheSecret() throws {
        #expect(!String(describing: SFTPCredential.password("hunter2")).contains("hunter2"))
        let key = try SFTPCredential.privateKey(
            openSSH: Data(SSHKeyFixtures.ed25519Private.utf8).base64EncodedString())
        #expect(String(describing: key) == "SFTPCredential(privateKey, redacted)")
    }
}
