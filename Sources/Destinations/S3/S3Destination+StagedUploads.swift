extension S3Destination {
    /// Multipart uploads begun under `prefix` and neither completed nor aborted (`ListMultipartUploads`, first
    /// 1,000 only): `path` is the object key, `handle` the upload id. Single-request `PutObject`s leave nothing.
    public func stagedUploads(prefix: String) async throws(DestinationError) -> [StagedUpload] {
        try DestinationPath.validatePrefix(prefix)
        let response = try await send(builder.listMultipartUploads(prefix: prefix), path: prefix)
        return try Self.pendingUploads(response.body, prefix: prefix).map {
            StagedUpload(path: $0.key, handle: $0.uploadID)
        }
        .sorted { ($0.path, $0.handle) < ($1.path, $1.handle) }
    }

    /// Aborts the multipart upload (`AbortMultipartUpload`); one already gone (`NoSuchUpload`) is fine.
    public func discard(_ upload: StagedUpload) async throws(DestinationError) {
        try DestinationPath.validate(upload.path)
        guard !upload.handle.isEmpty else {
            throw DestinationError(.invalid, "not a multipart upload id", path: upload.path)
        }
        do throws(DestinationError) {
            _ = try await send(
                builder.abortMultipartUpload(key: upload.path, uploadID: upload.handle), path: upload.path)
        } catch  where error.code == .notFound && error.serviceCode != "NoSuchBucket" {
            return
        }
    }
}
