/// Where an ADLS Gen2 `url` points: the DFS endpoint, the account, and optionally a file system and folder.
/// Accepts `https://<account>.dfs.core.windows.net[/<fs>[/<folder>]]`, `abfss://<fs>@<account>.dfs.core.windows.net[/<folder>]`
/// and path-style emulator URLs `http://127.0.0.1:PORT/<account>[/<fs>[/<folder>]]` (IP or `localhost` hosts).
public struct ADLSGen2Location: Sendable, Hashable {
    public var endpoint: AzureEndpoint
    public var accountName: String?
    public var fileSystem: String?
    public var folder: String

    public init(url: String) throws(DestinationError) {
        var text = url
        var fileSystem: String?
        for scheme in ["abfss://", "abfs://"] where text.lowercased().hasPrefix(scheme) {
            let rest = text.dropFirst(scheme.count)
            guard let at = rest.firstIndex(of: "@") else {
                throw DestinationError(.invalid, "an abfss:// url needs <filesystem>@<account host>")
            }
            fileSystem = String(rest[..<at])
            text = (scheme == "abfss://" ? "https://" : "http://") + rest[rest.index(after: at)...]
        }
        let parsed = try AzureEndpoint(text)
        var segments = parsed.basePath.split(separator: "/").map(String.init)
        let host = parsed.host
        let pathStyle = host == "localhost" || host.allSatisfy { $0.isNumber || $0 == "." } || host.contains(":")
        var endpoint = parsed
        if pathStyle {
            guard !segments.isEmpty else {
                throw DestinationError(.invalid, "a path-style url must name the account: http://host:port/<account>")
            }
            accountName = segments.removeFirst()
            endpoint.basePath = "/" + (accountName ?? "")
        } else {
            accountName = host.split(separator: ".").first.map(String.init)
            endpoint.basePath = ""
        }
        if fileSystem == nil, !segments.isEmpty { fileSystem = segments.removeFirst() }
        self.endpoint = endpoint
        self.fileSystem = fileSystem
        self.folder = segments.joined(separator: "/")
    }
}
