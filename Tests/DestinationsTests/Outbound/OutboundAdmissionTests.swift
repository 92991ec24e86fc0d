import NIOHTTP1
import SFTP
import Testing

@testable import Destinations

/// Resolution and the check together, with a stub resolver: no test looks a name up in the system's DNS.
@Suite struct OutboundAdmissionTests {
    static func resolver(_ table: [String: [String]]) -> OutboundResolver {
        OutboundResolver { host, port in
            guard let addresses = table[host] else {
                throw OutboundResolutionError(host: host, port: port, cause: "no address for the host")
            }
            return addresses.compactMap { IPAddress($0) }
        }
    }

    @Test func everyResolvedAddressMustPass() async throws {
        let stub = Self.resolver(["mixed.example": ["52.1.2.3", "169.254.169.254"], "public.example": ["52.1.2.3"]])
        await #expect(
            throws: OutboundRefusal(
                rule: .linkLocal, address: .v4(0xa9fe_a9fe), port: 443, host: "mixed.example")
        ) {
            try await OutboundPolicy().admit(host: "mixed.example", port: 443, resolver: stub)
        }
        let admitted = try await OutboundPolicy().admit(host: "public.example", port: 443, resolver: stub)
        #expect(admitted == [.v4(0x3401_0203)])
    }

    @Test func aNumericHostIsJudgedWithoutALookup() async throws {
        let never = OutboundResolver { _, _ in
            Issue.record("a numeric host was looked up")
            return []
        }
        await #expect(throws: OutboundRefusal.self) {
            try await OutboundPolicy().admit(host: "127.0.0.1", port: 9000, resolver: never)
        }
        let admitted = try await OutboundPolicy.loopbackPeers.admit(host: "127.0.0.1", port: 9000, resolver: never)
        #expect(admitted == [.v4(0x7f00_0001)])
    }

    @Test func anAllowedHostNamePassesWithPrivateAddresses() async throws {
        let stub = Self.resolver(["minio.internal": ["10.0.0.7"]])
        let policy = try OutboundPolicy(allowList: "minio.internal")
        #expect(try await policy.admit(host: "minio.internal", port: 9000, resolver: stub) == [.v4(0x0a00_0007)])
    }

    /// Replaces the live test that looked `nonexistent.invalid` up in the system's DNS.
    @Test func anUnresolvableNameFailsTheConnectStepAsDNS() async {
        var configuration = HTTPTransport.Configuration()
        configuration.resolver = Self.resolver([:])
        let report = await HTTPTransport(configuration: configuration).connectStep(url: "https://nonexistent.invalid/")
        #expect(report?.failedStep == .connect)
        #expect(
            report?.error?.message
                == "connection test: cannot resolve host 'nonexistent.invalid:443' (DNS: no address for the host); "
                + "check the endpoint or region")
    }

    @Test func aRefusedEndpointFailsTheConnectStepNamingThePolicy() async {
        var configuration = HTTPTransport.Configuration()
        configuration.resolver = Self.resolver(["metadata.google.internal": ["169.254.169.254"]])
        let report = await HTTPTransport(configuration: configuration).connectStep(
            url: "http://metadata.google.internal/computeMetadata/v1/")
        #expect(report?.failedStep == .connect && report?.passed == [])
        #expect(report?.error?.code == .permission)
        #expect(
            report?.error?.message.hasPrefix(
                "connection test: link-local address 169.254.169.254 (host 'metadata.google.internal') refused by the "
                    + "outbound policy") == true, "\(report as Any)")
    }

    @Test func aRefusedRequestIsNotRetriedAndNamesTheOperation() async {
        var configuration = HTTPTransport.Configuration(retry: HTTPRetryPolicy(maxAttempts: 5))
        configuration.resolver = Self.resolver(["evil.example": ["10.0.0.1"]])
        let result = await capture { () async throws(DestinationError) -> HTTPTransportResponse in
            try await HTTPTransport(configuration: configuration).send(
                HTTPTransportRequest(method: .PUT, url: "https://evil.example/bucket/key?X-Amz-Signature=s"),
                operation: "PutObject", path: "key")
        }
        guard case .failure(let error) = result else {
            Issue.record("the request was sent")
            return
        }
        #expect(error.code == .permission && error.path == "key" && error.serviceCode == "OutboundPolicy")
        #expect(error.message.hasPrefix("PutObject: private address 10.0.0.1 (host 'evil.example') refused"))
        #expect(!error.message.contains("Signature"))
    }

    @Test func unixSocketSchemesAreNotHTTP() async {
        let report = await HTTPTransport().connectStep(url: "http+unix://%2Fvar%2Frun%2Fdocker.sock/")
        #expect(report?.failedStep == .connect && report?.error?.code == .invalid)
        #expect(throws: (any Error).self) { _ = try OutboundTarget(url: "unix:///var/run/docker.sock") }
    }

    @Test func anSFTPHostThePolicyRefusesFailsTheConnectStep() async throws {
        let configuration = SFTPConfiguration(
            host: "sftp.example", port: 22, username: "u", credential: .password("p"), remotePath: "/upload")
        let destination = try SFTPDestination(
            configuration: configuration, resolver: Self.resolver(["sftp.example": ["192.168.0.10"]]))
        let report = await destination.testConnection()
        #expect(report.failedStep == .connect && report.passed == [])
        #expect(report.error?.code == .permission && report.error?.serviceCode == "OutboundPolicy")
        #expect(
            report.error?.message.contains(
                "private address 192.168.0.10 (host 'sftp.example') refused by the outbound policy") == true,
            "\(report)")
    }
}
