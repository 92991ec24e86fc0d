import Destinations
import Foundation
import Hummingbird
import LandingZone
import Signing

/// `GET /data/foundation/connectors/landingzone/credentials?type=dlz_destination|user_drop_zone`: a container
/// SAS (`racwdlm`, valid for `OUTFLOW_DLZ_SAS_TTL`, default 7 days) for the landing zone's destination or drop-zone
/// container, shaped like AEP's DLZ API: `{containerName, SASToken, storageAccountName, SASUri, expiryDate}`. Behind
/// Outflow's API key. When the server serves TLS the URI is `https://` and the SAS carries `spr=https`; without TLS
/// (loopback development) it is `http://` and the SAS allows both protocols.
struct LandingZoneCredentialsRoutes<Context: RequestContext>: Sendable {
    let service: LandingZoneService

    /// AEP's credential types and the containers they name.
    static var containers: [String: String] {
        ["dlz_destination": "dlz-destination", "user_drop_zone": "dlz-user-container"]
    }

    func register(on group: RouterGroup<Context>) {
        group.get("/credentials") { request, _ -> Response in
            try await credentials(request)
        }
    }

    private struct Credentials: Encodable {
        var containerName: String
        var SASToken: String
        var storageAccountName: String
        var SASUri: String
        var expiryDate: String
    }

    func credentials(_ request: Request) async throws -> Response {
        let type = request.uri.queryParameters.get("type") ?? "dlz_destination"
        guard let container = Self.containers[type] else {
            throw Problem.badRequest("type must be dlz_destination or user_drop_zone", field: "type")
        }
        try await service.ensureContainer(container)
        let https = service.settings.https
        let expiry = service.now().addingTimeInterval(service.settings.sasLifetime)
        let token = try AzureSASToken.issue(
            credential: service.account.credential, container: container,
            permissions: [.read, .add, .create, .write, .delete, .list, .move], expiry: expiry, httpsOnly: https)
        let host = request.head.authority ?? "127.0.0.1"
        let endpoint = "\(https ? "https" : "http")://\(host)/\(service.account.name)/\(container)"
        let body = Credentials(
            containerName: container, SASToken: token.queryString, storageAccountName: service.account.name,
            SASUri: endpoint + "?" + token.queryString,
            expiryDate: String(ISO8601DateFormatter().string(from: expiry).prefix(10)))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        headers[.cacheControl] = "no-store"
        return Response(
            status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(body))))
    }
}
