import SFTP
import Testing

@testable import Destinations
@testable import Exports

/// The optional auth param `timeoutSeconds` reaches every networked destination's deadline (so a stalled
/// connection fails after that long and is retried); absent, each keeps its default; bad values name the field.
@Suite struct TimeoutResolutionTests {
    static let azureKey = "Zm9vYmFyZm9vYmFyZm9vYmFyZm9vYmFyZm9vYmFyZm8="

    static let cases: [(spec: String, auth: [String: String], location: [String: String])] = [
        (ConnectionSpecCatalog.googleCloudStorage, ["endpoint": "http://127.0.0.1:4443"], ["bucketName": "b-1"]),
        (
            ConnectionSpecCatalog.azureBlob,
            [
                "connectionString":
                    "DefaultEndpointsProtocol=http;AccountName=acct;AccountKey=\(azureKey);"
                    + "BlobEndpoint=http://127.0.0.1:10000/acct;"
            ], ["container": "c"]
        ),
        (ConnectionSpecCatalog.adlsGen2, ["url": "http://127.0.0.1:10000/acct/fs", "accountKey": azureKey], [:]),
        (ConnectionSpecCatalog.sftp, ["domain": "h", "username": "u", "password": "p"], ["remotePath": "/up"]),
        (
            ConnectionSpecCatalog.amazonS3, ["s3AccessKey": "AKIAEXAMPLE000000001", "s3SecretKey": "s"],
            ["bucketName": "b"]
        ),
    ]

    func resolve(_ spec: String, _ auth: [String: String], _ location: [String: String]) throws(ExportsError)
        -> any Destination
    {
        let base = BaseConnection(
            id: "b1", name: "n", connectionSpecId: spec,
            authSpecName: spec == ConnectionSpecCatalog.sftp
                ? "SFTP with Password" : "Key", authParams: auth)
        let target = TargetConnection(
            id: "t1", baseConnectionId: "b1", path: "out", datasetFileType: .parquet, locationParams: location)
        return try ResolvedDestination.resolve(
            base: base, target: target, landingZoneRoot: "/tmp", hostKeys: nil, outbound: OutboundPolicy(),
            localFolders: LocalFolderPolicy()
        ).destination
    }

    /// The HTTP deadline (or, for SFTP, the handshake and reply limits) a resolved destination uses.
    func deadlines(_ destination: any Destination) -> [Duration] {
        switch destination {
        case let gcs as GCSDestination: [gcs.configuration.requestTimeout]
        case let blob as AzureBlobDestination: [blob.client.transport.configuration.requestTimeout]
        case let adls as ADLSGen2Destination: [adls.client.transport.configuration.requestTimeout]
        case let sftp as SFTPDestination: [sftp.configuration.connectTimeout, sftp.configuration.requestTimeout]
        default: []
        }
    }

    @Test func timeoutSecondsSetsTheDeadlineOfEveryNetworkedDestination() throws {
        for (spec, auth, location) in Self.cases where spec != ConnectionSpecCatalog.amazonS3 {
            let destination = try resolve(spec, auth.merging(["timeoutSeconds": "2"]) { $1 }, location)
            let seen = deadlines(destination)
            #expect(!seen.isEmpty && seen.allSatisfy { $0 == .seconds(2) }, "\(spec): \(seen)")
        }
    }

    @Test func withoutTimeoutSecondsEachDestinationKeepsItsDefault() throws {
        let expected: [String: [Duration]] = [
            ConnectionSpecCatalog.googleCloudStorage: [.seconds(60)], ConnectionSpecCatalog.azureBlob: [.seconds(120)],
            ConnectionSpecCatalog.adlsGen2: [.seconds(120)], ConnectionSpecCatalog.sftp: [.seconds(15), .seconds(30)],
        ]
        for (spec, auth, location) in Self.cases where spec != ConnectionSpecCatalog.amazonS3 {
            #expect(deadlines(try resolve(spec, auth, location)) == expected[spec], "\(spec)")
        }
    }

    @Test func aTimeoutOutsideOneToThirtySixHundredSecondsNamesTheField() {
        for (spec, auth, location) in Self.cases {
            for bad in ["0", "3601", "soon"] {
                do {
                    _ = try resolve(spec, auth.merging(["timeoutSeconds": bad]) { $1 }, location)
                    Issue.record("\(spec) accepted timeoutSeconds \(bad)")
                } catch {
                    #expect(error.field == "auth.params.timeoutSeconds", "\(spec): \(error)")
                }
            }
        }
    }

    @Test func everyNetworkedSpecDocumentsTimeoutSeconds() throws {
        for (spec, _, _) in Self.cases {
            let parameters = try #require(ConnectionSpecCatalog.spec(id: spec)).authSpec
            #expect(parameters.contains { $0.name == "timeoutSeconds" && !$0.required }, "\(spec)")
        }
    }
}
