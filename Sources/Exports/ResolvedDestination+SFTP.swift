import Destinations
import Foundation
import SFTP
import SSH

extension ResolvedDestination {
    /// AEP's SFTP auth specs: "SFTP with Password" {`domain`, `username`, `password`} and "SFTP with SSH Key"
    /// {`domain`, `username`, `sshKey` (base64 of a private key file)}, each with Outflow's optional `port`,
    /// `hostKeyFingerprint` (`SHA256:...`) and `timeoutSeconds` (limit of the SSH handshake and of each SFTP reply;
    /// defaults 15 s and 30 s), plus `sshKeyPassphrase` for an encrypted key; target {`remotePath`}, with `path` as
    /// a folder inside it.
    /// Without a pin, `hostKeys` remembers the first host key met at the connection's host and port (accept-new).
    static func sftp(
        base: BaseConnection, target: TargetConnection, hostKeys: HostKeyMemory?, outbound: OutboundPolicy
    ) throws(ExportsError) -> ResolvedDestination {
        let params = base.authParams
        func required(_ name: String) throws(ExportsError) -> String {
            guard let value = params[name]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else {
                throw ExportsError.invalid("auth.params.\(name)", "missing '\(name)' for the SFTP connection")
            }
            return value
        }
        var host = try required("domain")
        if host.lowercased().hasPrefix("sftp://") { host = String(host.dropFirst(7)) }
        while host.hasSuffix("/") { host.removeLast() }
        var port = 22
        if let text = params["port"], !text.isEmpty {
            guard let value = Int(text), (1...65_535).contains(value) else {
                throw ExportsError.invalid("auth.params.port", "port must be an integer within 1...65535")
            }
            port = value
        }
        let credential: SFTPCredential
        let wantsKey = base.authSpecName.lowercased().contains("key") || (params["password"] ?? "").isEmpty
        if wantsKey {
            let key = try required("sshKey")
            do throws(SSHError) {
                credential = try SFTPCredential.privateKey(openSSH: key, passphrase: params["sshKeyPassphrase"])
            } catch {
                throw ExportsError.invalid("auth.params.\(error.field ?? "sshKey")", error.message)
            }
        } else {
            credential = .password(try required("password"))
        }
        guard let remotePath = target.locationParams["remotePath"], !remotePath.isEmpty else {
            throw ExportsError.invalid("params.remotePath", "remotePath (the folder on the SFTP server) is required")
        }
        var configuration = SFTPConfiguration(
            host: host, port: port, username: try required("username"), credential: credential,
            hostKeyFingerprint: params["hostKeyFingerprint"], remotePath: remotePath)
        configuration.hostKeyFingerprint = configuration.hostKeyFingerprint.flatMap { $0.isEmpty ? nil : $0 }
        if let hostKeys {
            let server = (host: host.lowercased(), port: port)
            configuration.hostKeyMemory = SFTPHostKeyMemory(
                remembered: hostKeys.remembered.flatMap {
                    $0.belongs(toHost: server.host, port: server.port) ? $0.fingerprint : nil
                },
                remember: { fingerprint in
                    try await hostKeys.remember(fingerprint: fingerprint, host: server.host, port: server.port)
                        .fingerprint
                })
        }
        if let timeout = try requestTimeout(params) {
            configuration.connectTimeout = timeout
            configuration.requestTimeout = timeout
        }
        do throws(DestinationError) {
            let destination = try SFTPDestination(configuration: configuration, id: base.id, outbound: outbound)
            return ResolvedDestination(destination: destination, pathPrefix: target.path)
        } catch {
            let field =
                switch error.field {
                case "hostKeyFingerprint": "auth.params.hostKeyFingerprint"
                case "remotePath": "params.remotePath"
                default: "auth.params.domain"
                }
            throw ExportsError.invalid(field, error.message)
        }
    }
}
