import Foundation
import OutflowTestSupport
import SFTP
import SSH
import Testing

@testable import Destinations

/// The SFTP and SSH clients' errors become the same `DestinationError`s (code, message, path, field) the SFTP
/// destination has always thrown.
@Suite struct SFTPErrorMappingTests {
    @Test func statusesMapToDestinationErrorCodes() {
        let cases: [(SFTPStatusCode, DestinationError.Code)] = [
            (.noSuchFile, .notFound), (.permissionDenied, .permission), (.connectionLost, .transient),
            (.failure, .io), (.operationUnsupported, .invalid),
        ]
        for (status, code) in cases {
            let error = DestinationError(SFTPConnection.error(status, message: "", operation: "open", reportAs: "p"))
            #expect(error.code == code)
            #expect(error.path == "p")
        }
    }

    @Test func everyKindHasItsCode() {
        let cases: [(SFTPError.Kind, DestinationError.Code)] = [
            (.noSuchFile, .notFound), (.permissionDenied, .permission), (.folderNotCreated, .permission),
            (.connection, .transient), (.authentication, .auth), (.unsupported, .invalid), (.misuse, .invalid),
            (.failure, .io), (.limitExceeded, .io),
        ]
        #expect(cases.count == SFTPError.Kind.allCases.count)
        for (kind, code) in cases {
            let mapped = DestinationError(SFTPError(kind, "what happened", path: "a/b"))
            #expect(mapped == DestinationError(code, "what happened", path: "a/b"))
        }
    }

    @Test func keyErrorsKeepTheirMessageAndField() {
        let encrypted = Data(SSHKeyFixtures.passphraseEd25519Private.utf8).base64EncodedString()
        do {
            _ = try SFTPCredential.privateKey(openSSH: encrypted)
            Issue.record("an encrypted key was accepted without its passphrase")
        } catch {
            #expect(
                DestinationError(error)
                    == DestinationError(
                        .invalid, "the SSH key is protected by a passphrase: set sshKeyPassphrase",
                        field: "sshKeyPassphrase"))
        }
        do {
            _ = try SFTPCredential.privateKey(openSSH: "not base64 at all!")
            Issue.record("garbage was accepted")
        } catch {
            #expect(
                DestinationError(error)
                    == DestinationError(
                        .invalid, "sshKey must be the base64 encoding of a private key file (or the file's text)"))
        }
    }

    @Test func aMalformedPinIsInvalidNamingHostKeyFingerprint() {
        var configuration = SFTPConfiguration(
            host: "127.0.0.1", username: "u", credential: .password("p"), hostKeyFingerprint: "SHA256:short",
            remotePath: "x")
        #expect(throws: DestinationError.self) { try SFTPDestination(configuration: configuration) }
        do {
            _ = try SFTPDestination(configuration: configuration)
        } catch {
            #expect(
                error
                    == DestinationError(
                        .invalid,
                        "hostKeyFingerprint must look like OpenSSH's 'SHA256:' + 43 base64 characters "
                            + "(ssh-keygen -lf KEY.pub)",
                        field: "hostKeyFingerprint"))
        }
        configuration.hostKeyFingerprint = ""
        #expect(throws: Never.self) { try SFTPDestination(configuration: configuration) }
    }
}
