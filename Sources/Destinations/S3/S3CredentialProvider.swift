import Foundation
import NIOHTTP1
public import Signing

/// Where an S3 destination's credentials come from: a static key pair (with an optional session token), or
/// temporary credentials from STS `AssumeRole` (role ARN and external id) obtained with that key pair.
public enum S3CredentialSource: Sendable, CustomStringConvertible {
    /// Use these credentials as they are.
    case keys(AWSCredentials)
    /// Sign requests with credentials from `AssumeRole`, asked of the STS endpoint (`https://sts.<region>...` or
    /// a local one) with `base`.
    case assumeRole(base: AWSCredentials, role: AWSAssumeRole, stsEndpoint: S3Endpoint)

    public var description: String {
        switch self {
        case .keys(let credentials): return "keys(\(credentials.accessKeyID))"
        case .assumeRole(let base, let role, _): return "assumeRole(\(role.roleARN) with \(base.accessKeyID))"
        }
    }
}

/// Hands out signing credentials, assuming the role when needed and again five minutes before expiry.
actor S3CredentialProvider {
    let source: S3CredentialSource
    let region: String
    let transport: HTTPTransport
    private var cached: (credentials: AWSCredentials, expiration: Date)?

    init(source: S3CredentialSource, region: String, transport: HTTPTransport) {
        self.source = source
        self.region = region
        self.transport = transport
    }

    /// The credentials to sign with now.
    func credentials() async throws(DestinationError) -> AWSCredentials {
        switch source {
        case .keys(let credentials):
            return credentials
        case .assumeRole(let base, let role, let endpoint):
            if let cached, cached.expiration.timeIntervalSinceNow > 300 { return cached.credentials }
            let fresh = try await assume(role, with: base, at: endpoint)
            cached = fresh
            return fresh.credentials
        }
    }

    private func assume(
        _ role: AWSAssumeRole, with base: AWSCredentials, at endpoint: S3Endpoint
    ) async throws(DestinationError) -> (credentials: AWSCredentials, expiration: Date) {
        let host = endpoint.hostHeader(bucket: "")
        let signer = AWSSigV4Signer(credentials: base, region: region, service: "sts")
        let body = Array(role.body.utf8)
        let request = HTTPTransportRequest(method: .POST, url: "\(endpoint.scheme)://\(host)/", body: .bytes(body))
        let response = try await transport.send(request, operation: "AssumeRole") { request in
            let signed = role.signedRequest(host: host, signer: signer, date: Date())
            var prepared = request
            prepared.headers = HTTPHeaders(signed.headers.map { ($0.name, $0.value) })
            return prepared
        }
        do throws(SigningError) {
            return try STSAssumeRoleResponse.credentials(response.body)
        } catch {
            let code: DestinationError.Code = response.status >= 500 ? .transient : .auth
            throw DestinationError(code, "AssumeRole of \(role.roleARN): \(error.message)")
        }
    }
}
