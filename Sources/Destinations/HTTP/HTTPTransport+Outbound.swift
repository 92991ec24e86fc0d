import AsyncHTTPClient
import Foundation

extension HTTPTransport {
    /// Runs `body` with a client that connects only to an address `configuration.outbound` admitted for the host
    /// of `url`. A numeric host goes through `client` (AsyncHTTPClient connects to it without a lookup); a name is
    /// resolved here, every address checked, and the request goes through a client pinned to the first admitted
    /// address (`PinnedHTTPClients`, AsyncHTTPClient's `dnsOverride`: the TLS name and `Host` stay the original
    /// name), so AsyncHTTPClient never looks the name up again.
    /// - Throws: `OutboundRefusal`, `OutboundResolutionError`, AsyncHTTPClient's URL errors, or what `body` throws.
    func withOutboundClient<T>(url: String, _ body: (HTTPClient) async throws -> T) async throws -> T {
        let target = try OutboundTarget(url: url)
        let addresses = try await configuration.outbound.admit(
            host: target.host, port: target.port, resolver: configuration.resolver)
        guard IPAddress(target.host) == nil, let first = addresses.first else { return try await body(client) }
        let lease = await PinnedHTTPClients.shared.lease(host: target.host, address: first, admitted: addresses)
        do {
            let result = try await body(lease.client)
            await PinnedHTTPClients.shared.release(lease)
            return result
        } catch {
            await PinnedHTTPClients.shared.release(lease)
            throw error
        }
    }
}

/// The host and port AsyncHTTPClient connects to for a URL, read the way AsyncHTTPClient reads it (Foundation's
/// `URL`, brackets trimmed from IPv6 hosts), so the policy judges exactly the host that is connected to. Only
/// `http` and `https` are accepted (AsyncHTTPClient's `http+unix` and `unix` schemes would reach local sockets).
struct OutboundTarget: Sendable, Hashable {
    var host: String
    var port: Int

    init(url text: String) throws {
        guard let url = URL(string: text) else { throw HTTPClientError.invalidURL }
        guard let scheme = url.scheme?.lowercased() else { throw HTTPClientError.emptyScheme }
        guard scheme == "http" || scheme == "https" else { throw HTTPClientError.unsupportedScheme(scheme) }
        guard var host = url.host, !host.isEmpty else { throw HTTPClientError.emptyHost }
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        self.host = host
        port = url.port ?? (scheme == "https" ? 443 : 80)
    }
}
