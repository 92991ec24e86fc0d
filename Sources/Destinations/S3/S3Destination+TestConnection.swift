extension S3Destination {
    /// Checks the endpoint first (`connect`: DNS, TCP and TLS, no retries, so a wrong host or port fails in
    /// milliseconds), then writes, lists and deletes a probe object under `<probeFolder>/.outflow-probe/`, so the
    /// test needs only the permissions an export needs. The failing step's error says what to fix, e.g. "the
    /// secret access key is wrong (SignatureDoesNotMatch)", "the bucket 'x' does not exist (NoSuchBucket)" or "the
    /// credentials may not do this in bucket 'x' (AccessDenied)".
    public func testConnection() async -> ConnectionTestReport {
        let endpoint = configuration.endpoint
        let url = "\(endpoint.scheme)://\(endpoint.hostHeader(bucket: configuration.bucket))/"
        if let failed = await transport.connectStep(url: url) { return failed }
        return await probeWriteListDelete(folder: configuration.probeFolder, passed: [.connect])
    }
}
