import Testing

@testable import Exports

/// "Stored secrets follow their host": which parameters route the credentials, and which secrets a change of
/// them must carry again.
@Suite("Credential rebinding")
struct CredentialRebindingTests {
    static func connection(_ spec: String, _ params: [String: String]) -> BaseConnection {
        BaseConnection(id: "c", name: "c", connectionSpecId: spec, authSpecName: "x", authParams: params)
    }

    static let s3 = connection(
        ConnectionSpecCatalog.amazonS3,
        [
            "s3AccessKey": "AKIA", "s3SecretKey": "secret", "sessionToken": "token", "region": "eu-west-1",
            "endpoint": "https://s3.example.net",
        ])

    @Test(
        "each spec names the parameters that say where its credentials go",
        arguments: [
            (ConnectionSpecCatalog.amazonS3, ["endpoint", "stsEndpoint"]),
            (ConnectionSpecCatalog.azureBlob, ["connectionString"]),
            (ConnectionSpecCatalog.adlsGen2, ["url", "authorityHost"]),
            (ConnectionSpecCatalog.googleCloudStorage, ["tokenUri", "endpoint"]),
            (ConnectionSpecCatalog.sftp, ["domain", "port", "hostKeyFingerprint"]),
            (ConnectionSpecCatalog.dataLandingZone, []), (ConnectionSpecCatalog.localFolder, []),
        ])
    func routingParameters(spec: String, names: [String]) throws {
        #expect(try #require(ConnectionSpecCatalog.spec(id: spec)).routingParameterNames == names)
    }

    @Test("a new endpoint needs every stored secret that was not sent again")
    func endpointChange() {
        var moved = Self.s3
        moved.authParams["endpoint"] = "https://attacker.example"
        #expect(
            CredentialRebinding.secretsToResend(before: Self.s3, after: moved, resent: [])
                == ["s3SecretKey", "sessionToken"])
        #expect(
            CredentialRebinding.secretsToResend(before: Self.s3, after: moved, resent: ["s3SecretKey"])
                == ["sessionToken"])
        #expect(
            CredentialRebinding.secretsToResend(before: Self.s3, after: moved, resent: ["s3SecretKey", "sessionToken"])
                .isEmpty)
        #expect(CredentialRebinding.changedRoutingParameters(before: Self.s3, after: moved) == ["endpoint"])
    }

    @Test("removing or adding a routing parameter moves the credentials too; an empty value counts as absent")
    func removalAndAddition() {
        var removed = Self.s3
        removed.authParams["endpoint"] = nil
        #expect(CredentialRebinding.secretsToResend(before: Self.s3, after: removed, resent: []).count == 2)
        var sts = Self.s3
        sts.authParams["stsEndpoint"] = "https://sts.attacker.example"
        #expect(CredentialRebinding.changedRoutingParameters(before: Self.s3, after: sts) == ["stsEndpoint"])
        var empty = Self.s3
        empty.authParams["stsEndpoint"] = ""
        #expect(CredentialRebinding.secretsToResend(before: Self.s3, after: empty, resent: []).isEmpty)
    }

    @Test("changes that do not move the credentials keep them: name, region, access key id, timeout")
    func nonRoutingChanges() {
        var changed = Self.s3
        changed.name = "renamed"
        changed.authParams["region"] = "us-east-1"
        changed.authParams["s3AccessKey"] = "AKIB"
        changed.authParams["timeoutSeconds"] = "30"
        #expect(CredentialRebinding.secretsToResend(before: Self.s3, after: changed, resent: []).isEmpty)
    }

    @Test("a new SFTP domain, port or pinned host key needs the password or key again")
    func sftp() {
        let before = Self.connection(
            ConnectionSpecCatalog.sftp,
            [
                "domain": "sftp.example", "port": "22", "username": "u", "password": "pw",
                "hostKeyFingerprint": "SHA256:a",
            ])
        for (key, value) in [("domain", "evil.example"), ("port", "2222"), ("hostKeyFingerprint", "SHA256:b")] {
            var after = before
            after.authParams[key] = value
            #expect(CredentialRebinding.secretsToResend(before: before, after: after, resent: []) == ["password"])
        }
        var unpinned = before
        unpinned.authParams["hostKeyFingerprint"] = nil
        #expect(CredentialRebinding.secretsToResend(before: before, after: unpinned, resent: []) == ["password"])
    }

    @Test("a new Azure connection string is itself a secret but the stored SAS token must come with it")
    func azure() {
        let before = Self.connection(
            ConnectionSpecCatalog.azureBlob, ["connectionString": "AccountName=a;AccountKey=k", "sasToken": "sv=x"])
        var after = before
        after.authParams["connectionString"] = "AccountName=a;BlobEndpoint=https://evil.example"
        #expect(
            CredentialRebinding.secretsToResend(before: before, after: after, resent: ["connectionString"])
                == ["sasToken"])
    }

    @Test("another connection spec moves the credentials")
    func specChange() {
        var after = Self.s3
        after.connectionSpecId = ConnectionSpecCatalog.googleCloudStorage
        #expect(
            CredentialRebinding.secretsToResend(before: Self.s3, after: after, resent: [])
                == ["s3SecretKey", "sessionToken"])
    }
}
