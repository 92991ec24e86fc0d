import Foundation

// Trust on first use for SFTP host keys (OpenSSH's `StrictHostKeyChecking accept-new`) on top of the store's
// compare-and-set.
extension FlowStore {
    /// The host key memory of an SFTP base connection (nil for other specs), for `ResolvedDestination.resolve`.
    public func hostKeyMemory(for base: BaseConnection) async throws(ExportsError) -> HostKeyMemory? {
        guard base.connectionSpecId.lowercased() == ConnectionSpecCatalog.sftp else { return nil }
        return HostKeyMemory(
            connectionId: base.id, remembered: try await rememberedHostKey(connectionId: base.id), store: self)
    }

    /// Remembers the first host key met at `host`:`port`: a key already remembered for that host and port stays
    /// (and is returned, whatever `fingerprint` is); one remembered for another host or port is replaced. The
    /// store's compare-and-set makes concurrent first contacts agree on one key.
    public func rememberHostKey(
        fingerprint: String, host: String, port: Int, connectionId: String
    ) async throws(ExportsError) -> RememberedHostKey {
        let key = RememberedHostKey(
            fingerprint: fingerprint, host: host.lowercased(), port: port,
            rememberedAt: Int64(Date().timeIntervalSince1970 * 1_000))
        for _ in 0..<4 {
            let current = try await rememberedHostKey(connectionId: connectionId)
            if let current, current.belongs(toHost: host, port: port) { return current }
            let after = try await storeHostKey(key, connectionId: connectionId, replacing: current)
            if let after, after.belongs(toHost: host, port: port) { return after }
        }
        throw ExportsError(
            .conflict, "the host key of connection \(connectionId) keeps changing under concurrent updates")
    }
}
