extension AzureBlobDestination {
    /// Checks the endpoint (`connect`: DNS, TCP and TLS without retries, so a wrong account host or port fails
    /// in milliseconds), then writes, lists and deletes a probe blob under `.outflow-probe/`.
    public func testConnection() async -> ConnectionTestReport {
        if let failed = await client.transport.connectStep(url: endpoint.origin + "/") { return failed }
        return await probeWriteListDelete(passed: [.connect])
    }
}

extension ADLSGen2Destination {
    /// Checks the endpoint (`connect`: DNS, TCP and TLS without retries), then writes, lists and deletes a probe
    /// file under `.outflow-probe/`.
    public func testConnection() async -> ConnectionTestReport {
        if let failed = await client.transport.connectStep(url: endpoint.origin + "/") { return failed }
        return await probeWriteListDelete(passed: [.connect])
    }
}
