import Foundation
import Signing

/// Builds the Blob service requests of `AzureBlobDestination` (Put Blob, Put Block, Put Block List, List Blobs,
/// Get Blob Properties, Delete Blob) and reads List Blobs answers (`AzureBlobXMLDocuments`). Pure: no I/O, no clock.
struct AzureBlobRequests: Sendable {
    let endpoint: AzureEndpoint
    let container: String

    func blobPath(_ blob: String) -> String { "\(endpoint.basePath)/\(container)/\(blob)" }

    func putBlob(_ blob: String) -> SignableRequest {
        SignableRequest(
            method: "PUT", host: endpoint.authority, path: blobPath(blob),
            headers: [.init("x-ms-blob-type", "BlockBlob"), .init("Content-Type", "application/octet-stream")])
    }

    func putBlock(_ blob: String, id: String) -> SignableRequest {
        SignableRequest(
            method: "PUT", host: endpoint.authority, path: blobPath(blob),
            query: [.init("comp", "block"), .init("blockid", id)])
    }

    func putBlockList(_ blob: String) -> SignableRequest {
        SignableRequest(
            method: "PUT", host: endpoint.authority, path: blobPath(blob), query: [.init("comp", "blocklist")],
            headers: [.init("Content-Type", "application/xml")])
    }

    /// `<BlockList><Latest>id</Latest>...</BlockList>`.
    static func blockListBody(_ ids: [String]) throws(DestinationError) -> [UInt8] {
        do throws(XMLDocumentError) {
            return try XMLDocuments.encode(AzureBlockList(latest: ids))
        } catch {
            throw DestinationError(.invalid, "Put Block List: \(error)")
        }
    }

    /// Block ids must all have the same length: `outflow-<token>-<6-digit index>`, base64.
    static func blockID(token: String, index: Int) -> String {
        let digits = String(index)
        let padded = String(repeating: "0", count: max(0, 6 - digits.count)) + digits
        return Data("outflow-\(token)-\(padded)".utf8).base64EncodedString()
    }

    func listBlobs(prefix: String, marker: String?) -> SignableRequest {
        var query: [SignableRequest.Field] = [.init("restype", "container"), .init("comp", "list")]
        if !prefix.isEmpty { query.append(.init("prefix", prefix)) }
        if let marker, !marker.isEmpty { query.append(.init("marker", marker)) }
        return SignableRequest(
            method: "GET", host: endpoint.authority, path: "\(endpoint.basePath)/\(container)", query: query)
    }

    func head(_ blob: String) -> SignableRequest {
        SignableRequest(method: "HEAD", host: endpoint.authority, path: blobPath(blob))
    }

    func delete(_ blob: String) -> SignableRequest {
        SignableRequest(method: "DELETE", host: endpoint.authority, path: blobPath(blob))
    }

    /// The blobs (name, size) and the next marker of a List Blobs answer.
    static func parseList(_ body: [UInt8]) throws(DestinationError) -> (
        objects: [DestinationObject], nextMarker: String?
    ) {
        let list: AzureBlobList
        do throws(XMLDocumentError) {
            list = try XMLDocuments.decode(AzureBlobList.self, from: body)
        } catch {
            throw DestinationError(.io, "the List Blobs answer is not an EnumerationResults document (\(error))")
        }
        var objects: [DestinationObject] = []
        for blob in list.blobs?.blobs ?? [] {
            guard let name = blob.name, let size = blob.properties?.contentLength.flatMap({ Int64($0) }) else {
                throw DestinationError(.io, "a listed blob has no name or size")
            }
            objects.append(DestinationObject(path: name, size: size))
        }
        return (objects, list.nextMarker?.isEmpty == false ? list.nextMarker : nil)
    }
}
