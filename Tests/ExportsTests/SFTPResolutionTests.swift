import Destinations
import Foundation
import OutflowTestSupport
import SFTP
import Testing

@testable import Exports

/// The SFTP auth and target params of AEP's specs become an `SFTPDestination`; bad ones name their field.
@Suite(.tags(.peers), .needsPeers) struct SFTPResolutionTests {
    static let pin = "SHA256:2b2VHjt/IZBvGJbPtOi7dEwtjaadZlAwlWTt2sx+Buw"

    func resolve(
        _ params: [String: String], spec: String = "SFTP with Password", remotePath: String? = "/upload/outflow",
        path: String = ""
    ) throws(ExportsError) -> ResolvedDestination {
        let base = BaseConnection(
            id: "b1", name: "sftp", connectionSpecId: ConnectionSpecCatalog.sftp, authSpecName: spec,
            authParams: params)
        let target = TargetConnection(
            id: "t1", baseConnectionId: "b1", path: path, datasetFileType: .parquet,
            locationParams: remotePath.map { ["remotePath": $0] } ?? [:])
        return try ResolvedDestination.resolve(
            base: base, target: target, landingZoneRoot: "/tmp", hostKeys: nil, outbound: OutboundPolicy(),
            localFolders: LocalFolderPolicy())
    }

    func field(
        _ params: [String: String], spec: String = "SFTP with Password", remotePath: String? = "/upload"
    ) -> String? {
        do {
            _ = try resolve(params, spec: spec, remotePath: remotePath)
            return nil
        } catch {
            #expect(error.code == .invalidField)
            return error.field
        }
    }

    let password = ["domain": "sftp.example.com", "username": "u", "password": "p"]

    @Test func passwordParamsResolveToAnSFTPDestinationUnderRemotePath() throws {
        var params = password
        params["port"] = "2222"
        params["hostKeyFingerprint"] = Self.pin
        let resolved = try resolve(params, path: "daily")
        let destination = try #require(resolved.destination as? SFTPDestination)
        #expect(destination.configuration.host == "sftp.example.com" && destination.configuration.port == 2222)
        #expect(destination.configuration.credential.kind == .password)
        #expect(destination.root == "/upload/outflow" && resolved.pathPrefix == "daily")
        #expect(destination.id == "b1")
    }

    @Test func anSFTPSchemeAndTheDefaultPortAreAccepted() throws {
        var params = password
        params["domain"] = "sftp://host.example/"
        let destination = try #require(try resolve(params).destination as? SFTPDestination)
        #expect(destination.configuration.host == "host.example" && destination.configuration.port == 22)
    }

    @Test func missingOrBadParamsNameTheirField() {
        #expect(field(password.filter { $0.key != "domain" }) == "auth.params.domain")
        #expect(field(password.filter { $0.key != "username" }) == "auth.params.username")
        #expect(field(password.merging(["port": "70000"]) { $1 }) == "auth.params.port")
        #expect(
            field(password.merging(["hostKeyFingerprint": "SHA256:nope"]) { $1 }) == "auth.params.hostKeyFingerprint")
        #expect(field(password, remotePath: nil) == "params.remotePath")
        #expect(field(password, remotePath: "../etc") == "params.remotePath")
    }

    @Test func theKeySpecNeedsAnOpenSSHKeyAndRefusesOthersWithoutEchoingThem() {
        let params = ["domain": "h", "username": "u"]
        #expect(field(params, spec: "SFTP with SSH Key") == "auth.params.sshKey")
        let garbage = "definitely-not-a-key"
        do {
            _ = try resolve(params.merging(["sshKey": garbage]) { $1 }, spec: "SFTP with SSH Key")
            Issue.record("a bad key was accepted")
        } catch {
            #expect(error.field == "auth.params.sshKey" && !error.message.contains(garbage))
        }
    }

    @Test func theSpecIsAvailableWithBothCredentialsOptional() throws {
        let spec = try #require(ConnectionSpecCatalog.spec(id: ConnectionSpecCatalog.sftp))
        #expect(spec.available)
        let optional = spec.authSpec.filter { !$0.required }.map(\.name)
        #expect(
            Set(optional) == [
                "port", "password", "sshKey", "sshKeyPassphrase", "hostKeyFingerprint", "timeoutSeconds",
            ])
        #expect(spec.authSpec.filter(\.secret).map(\.name) == ["password", "sshKey", "sshKeyPassphrase"])
        #expect(spec.targetSpec.first?.name == "remotePath")
    }

    @Test func anEncryptedKeyOpensWithSSHKeyPassphraseAndAWrongOneNamesThatField() throws {
        let file = PythonPeer.packageRoot.appendingPathComponent("Tests/Fixtures/ssh-keys/ecdsa256-pkcs8-pass.key")
        let key = Data(try String(contentsOf: file, encoding: .utf8).utf8).base64EncodedString()
        let params = ["domain": "h", "username": "u", "sshKey": key]
        let resolved = try resolve(
            params.merging(["sshKeyPassphrase": "fixture pass"]) { $1 }, spec: "SFTP with SSH Key")
        let destination = try #require(resolved.destination as? SFTPDestination)
        #expect(destination.configuration.credential.kind == .privateKey)
        #expect(field(params, spec: "SFTP with SSH Key") == "auth.params.sshKeyPassphrase")
        do {
            _ = try resolve(params.merging(["sshKeyPassphrase": "hunter2"]) { $1 }, spec: "SFTP with SSH Key")
            Issue.record("a wrong passphrase was accepted")
        } catch {
            #expect(error.field == "auth.params.sshKeyPassphrase")
            #expect(error.message.contains("passphrase does not open") && !error.message.contains("hunter2"))
        }
    }
}
