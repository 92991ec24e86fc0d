import Signing

/// Makes sure the bucket exists before the first XML API upload. S3-compatible servers that stand in for the
/// XML interop API (SeaweedFS) create a missing bucket on `PUT`, which would hide a mistyped bucket name; GCS
/// answers `NoSuchBucket`. One `ListObjectsV2` (max one key) per destination settles it: a `404` fails with the
/// bucket named, any other answer (including `403` for write-only keys) lets the upload speak for itself.
actor GCSXMLBucketCheck {
    private var confirmed = false

    func ensureBucketExists(_ client: GCSXMLClient) async throws(DestinationError) {
        guard !confirmed else { return }
        let response = try await client.send(
            "GET", key: nil, query: [.init("list-type", "2"), .init("max-keys", "1")])
        if response.status == 404 {
            throw GCSErrorMapping.error(for: response, operation: "write objects", path: nil, bucket: client.bucket)
        }
        if response.isSuccess { confirmed = true }
    }
}
