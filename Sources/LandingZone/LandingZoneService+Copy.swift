import Foundation
import Hummingbird
import Signing

/// Copy Blob (`PUT` with `x-ms-copy-source`, what rclone's server-side copy and move send): done synchronously,
/// so the answer is `202` with `x-ms-copy-status: success`.
extension LandingZoneService {
    func copyBlob(
        _ request: LandingZoneRequest, from sourceContainer: String, _ sourceBlob: String, to container: String,
        _ blob: String
    ) async throws(LandingZoneError) -> Response {
        let store = store
        let metadata = try LandingZoneProperties.metadata(fromHeaders: request.headers.map { ($0.name, $0.value) })
        let entry = try await io.run { () throws(LandingZoneError) in
            try store.copyBlob(from: sourceContainer, sourceBlob, to: container, blob, metadata: metadata)
        }
        var response = LandingZoneResponses.empty(.accepted, entry: entry)
        LandingZoneResponses.set(&response.headers, "x-ms-copy-id", UUID().uuidString.lowercased())
        LandingZoneResponses.set(&response.headers, "x-ms-copy-status", "success")
        return response
    }
}
