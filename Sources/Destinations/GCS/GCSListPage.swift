import Foundation

/// One page of an object listing (JSON API `storage#objects` or XML API `ListBucketResult`), parsed without I/O.
struct GCSListPage: Sendable, Hashable {
    /// The objects of this page.
    var objects: [DestinationObject]
    /// The token for the next page (JSON `nextPageToken`, XML `NextContinuationToken`); nil on the last page.
    var nextPageToken: String?

    private struct JSONPage: Decodable {
        struct Item: Decodable {
            var name: String
            var size: String?
        }
        var items: [Item]?
        var nextPageToken: String?
    }

    /// Parses a JSON API listing page.
    static func parseJSON(_ body: [UInt8]) throws(DestinationError) -> GCSListPage {
        let page: JSONPage
        do {
            page = try JSONDecoder().decode(JSONPage.self, from: Data(body))
        } catch {
            throw DestinationError(.io, "GCS answered the listing with a body that is not a JSON object list")
        }
        let objects = (page.items ?? []).map { DestinationObject(path: $0.name, size: Int64($0.size ?? "") ?? 0) }
        return GCSListPage(objects: objects, nextPageToken: page.nextPageToken.flatMap { $0.isEmpty ? nil : $0 })
    }

    /// Parses an XML API `ListBucketResult` (ListObjectsV2) page; `<Contents>` without a `Key` are skipped.
    static func parseXML(_ body: [UInt8]) throws(DestinationError) -> GCSListPage {
        let page: S3ListBucketResult
        do throws(XMLDocumentError) {
            page = try XMLDocuments.decode(S3ListBucketResult.self, from: body)
        } catch {
            throw DestinationError(.io, "the XML API answered the listing without a ListBucketResult (\(error))")
        }
        let objects = page.objects.compactMap { object in
            object.key.map { DestinationObject(path: $0, size: object.byteCount) }
        }
        return GCSListPage(objects: objects, nextPageToken: page.continuationToken.flatMap { $0.isEmpty ? nil : $0 })
    }
}
