extension S3Destination {
    /// Writes, lists and deletes a probe object under `<probeFolder>/.outflow-probe/`, so the test needs only
    /// the permissions an export needs. The failing step's error says what to fix, e.g. "the secret access key
    /// is wrong (SignatureDoesNotMatch)", "the bucket 'x' does not exist (NoSuchBucket)" or "the credentials
    /// may not do this in bucket 'x' (AccessDenied)".
    public func testConnection() async -> ConnectionTestReport {
        let folder = configuration.probeFolder.split(separator: "/").joined(separator: "/")
        let probeFolder = (folder.isEmpty ? "" : folder + "/") + ".outflow-probe/"
        let probe = probeFolder + "probe-\(UInt64.random(in: 0...UInt64.max)).txt"
        var passed: [ConnectionTestReport.Step] = []
        do throws(DestinationError) {
            let writer = try await openWriter(path: probe)
            try await writer.write(Array("outflow connection test\n".utf8))
            _ = try await writer.commit()
        } catch {
            return ConnectionTestReport(passed: passed, failedStep: .write, error: error)
        }
        passed.append(.write)
        do throws(DestinationError) {
            guard try await list(prefix: probeFolder).contains(where: { $0.path == probe }) else {
                throw DestinationError(.io, "the probe object was written but is not listed", path: probe)
            }
        } catch {
            return ConnectionTestReport(passed: passed, failedStep: .list, error: error)
        }
        passed.append(.list)
        do throws(DestinationError) {
            try await delete(path: probe)
        } catch {
            return ConnectionTestReport(passed: passed, failedStep: .delete, error: error)
        }
        passed.append(.delete)
        return ConnectionTestReport(passed: passed)
    }
}
