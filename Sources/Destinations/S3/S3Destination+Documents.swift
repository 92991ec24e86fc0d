/// The S3 answers the destination reads, from their XML documents (`S3ListBucketResult`,
/// `S3ListMultipartUploadsResult`); a body that is not the document is an `.io` error naming the operation.
extension S3Destination {
    /// One `ListObjectsV2` page: its objects (every `<Contents>` must have a `Key`) and the next token.
    static func listPage(
        _ body: [UInt8], prefix: String
    ) throws(DestinationError) -> (objects: [DestinationObject], nextContinuationToken: String?) {
        let page: S3ListBucketResult
        do throws(XMLDocumentError) {
            page = try XMLDocuments.decode(S3ListBucketResult.self, from: body)
        } catch {
            throw DestinationError(.io, "ListObjectsV2: the answer is not a ListBucketResult (\(error))", path: prefix)
        }
        var objects: [DestinationObject] = []
        for object in page.objects {
            guard let key = object.key else {
                throw DestinationError(.io, "ListObjectsV2: a listed object has no Key", path: prefix)
            }
            objects.append(DestinationObject(path: key, size: object.byteCount))
        }
        return (objects, page.continuationToken)
    }

    /// The open uploads of a `ListMultipartUploads` answer (entries without a key or an upload id are skipped).
    static func pendingUploads(
        _ body: [UInt8], prefix: String
    ) throws(DestinationError) -> [(key: String, uploadID: String)] {
        do throws(XMLDocumentError) {
            return try XMLDocuments.decode(S3ListMultipartUploadsResult.self, from: body).pending
        } catch {
            throw DestinationError(
                .io, "ListMultipartUploads: the answer is not a ListMultipartUploadsResult (\(error))", path: prefix)
        }
    }
}
