extension S3Destination {
    /// Writes, lists and deletes a probe object under `<probeFolder>/.outflow-probe/`, so the test needs only
    /// the permissions an export needs. The failing step's error says what to fix, e.g. "the secret access key
    /// is wrong (SignatureDoesNotMatch)", "the bucket 'x' does not exist (NoSuchBucket)" or "the credentials
    /// may not do this in bucket 'x' (AccessDenied)".
    public func testConnection() async -> ConnectionTestReport {
        await probeWriteListDelete(folder: configuration.probeFolder)
    }
}
