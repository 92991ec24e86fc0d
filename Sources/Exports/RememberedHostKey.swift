/// The SFTP host key a base connection met at its first contact (OpenSSH's `accept-new`): later connections to
/// the same host and port must present it. Kept by the store beside the connection document, never in it, so a
/// PATCH of the connection cannot drop it; a connection moved to another host or port remembers anew there.
public struct RememberedHostKey: Sendable, Hashable, Codable {
    /// `SHA256:` + unpadded base64, as `ssh-keygen -l` prints it.
    public var fingerprint: String
    /// The host as the connection names it (`domain`, lowercased, without `sftp://`).
    public var host: String
    public var port: Int
    /// When it was remembered (epoch milliseconds).
    public var rememberedAt: Int64

    public init(fingerprint: String, host: String, port: Int, rememberedAt: Int64) {
        self.fingerprint = fingerprint
        self.host = host
        self.port = port
        self.rememberedAt = rememberedAt
    }

    /// Whether it was remembered for this host and port.
    public func belongs(toHost host: String, port: Int) -> Bool {
        self.host == host.lowercased() && self.port == port
    }
}

/// A base connection's host key memory for resolving its destination: what is remembered, and how a first
/// contact is remembered (compare-and-set in the store, `FlowStore.rememberHostKey`).
public struct HostKeyMemory: Sendable {
    public var connectionId: String
    public var remembered: RememberedHostKey?
    let store: any FlowStore

    /// Remembers `fingerprint` for `host`:`port` unless a key is remembered there already; returns the key
    /// remembered afterwards (another one when a concurrent first contact won).
    func remember(fingerprint: String, host: String, port: Int) async throws(ExportsError) -> RememberedHostKey {
        try await store.rememberHostKey(fingerprint: fingerprint, host: host, port: port, connectionId: connectionId)
    }
}
