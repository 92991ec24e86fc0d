import AsyncHTTPClient

/// HTTP clients pinned to one checked address per host name (AsyncHTTPClient's `dnsOverride`), so a request to a
/// name connects to the address the outbound policy admitted and AsyncHTTPClient never resolves the name itself.
/// A host keeps its pinned client while the address stays among the admitted ones; when it changes, a new client
/// is pinned and the old one is shut down once its last request ends. Clients use
/// `HTTPTransport.clientConfiguration`.
actor PinnedHTTPClients {
    /// The process-wide registry.
    static let shared = PinnedHTTPClients()

    /// A client lent to one request; give it back with `release(_:)`.
    struct Lease: Sendable {
        let client: HTTPClient
        let id: ObjectIdentifier
    }

    private struct Pinned {
        var address: IPAddress
        var client: HTTPClient
    }

    private var pinned: [String: Pinned] = [:]
    private var inUse: [ObjectIdentifier: Int] = [:]
    private var retired: [ObjectIdentifier: HTTPClient] = [:]

    /// The client pinned to `host`, re-pinned to `address` when its address is no longer among `admitted`.
    func lease(host: String, address: IPAddress, admitted: [IPAddress]) -> Lease {
        let client: HTTPClient
        if let current = pinned[host], admitted.contains(current.address) {
            client = current.client
        } else {
            if let old = pinned[host] { retire(old.client) }
            var configuration = HTTPTransport.clientConfiguration
            configuration.dnsOverride = [host: address.description]
            client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
            pinned[host] = Pinned(address: address, client: client)
        }
        let id = ObjectIdentifier(client)
        inUse[id, default: 0] += 1
        return Lease(client: client, id: id)
    }

    /// Gives a client back; a retired client with no request left is shut down.
    func release(_ lease: Lease) {
        let left = (inUse[lease.id] ?? 1) - 1
        inUse[lease.id] = left > 0 ? left : nil
        if left <= 0, let client = retired.removeValue(forKey: lease.id) { shutDown(client) }
    }

    private func retire(_ client: HTTPClient) {
        let id = ObjectIdentifier(client)
        if inUse[id] == nil { shutDown(client) } else { retired[id] = client }
    }

    private func shutDown(_ client: HTTPClient) {
        _ = client.shutdown()
    }
}
