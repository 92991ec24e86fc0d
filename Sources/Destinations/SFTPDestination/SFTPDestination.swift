import Foundation
public import Logging
public import NIOCore
public import NIOPosix
public import SFTP
import SSH

/// Delivers over SFTP (protocol v3: the `SFTP` target's client over Outflow's own SSH client, the `SSH` target).
/// Objects are uploaded to `.<name>.outflow-tmp-<uuid>` in their final folder (created with `mkdir -p`) and
/// renamed into place (`posix-rename@openssh.com` when the server offers it, else remove + rename). One SSH
/// connection is kept per destination and reopened when it drops; `put` retries a dropped upload on a fresh
/// connection. Failures of the SFTP and SSH clients become `DestinationError`s in `DestinationError+SFTP.swift`.
public struct SFTPDestination: Destination {
    public let id: String
    /// Server, credential (its description is redacted), pin, remote folder and tuning.
    public let configuration: SFTPConfiguration
    /// The remote folder object paths are relative to, without a trailing `/` ("." for the login folder).
    public let root: String
    private let cache: SFTPConnectionCache
    private let logger: Logger

    /// - Parameters:
    ///   - configuration: server, credential, pin (or host key memory: accept-new) and remote folder;
    ///     `hostKeyFingerprint` must parse.
    ///   - id: the identifier used in manifests (defaults to `"sftp"`).
    ///   - logger: receives the host key fingerprint when none is pinned, and connection failures.
    ///   - group: the event loops for the SSH connection (defaults to NIO's shared singleton group).
    ///   - outbound: which addresses the connection may go to (default: public addresses only); the host is
    ///     resolved with `resolver`, every address checked, and the connection goes to the first checked one.
    public init(
        configuration: SFTPConfiguration, id: String = "sftp",
        logger: Logger = Logger(label: "outflow.destinations.sftp"),
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        outbound: OutboundPolicy = OutboundPolicy(), resolver: OutboundResolver = .system
    ) throws(DestinationError) {
        var configuration = configuration
        configuration.connectAddress = { host, port in
            let admitted = try await outbound.admit(host: host, port: port, resolver: resolver)
            guard let first = admitted.first else {
                throw OutboundResolutionError(host: host, port: port, cause: "no address for the host")
            }
            return first.description
        }
        guard !configuration.host.isEmpty, (1...65_535).contains(configuration.port) else {
            throw DestinationError(.invalid, "the SFTP host must be set and the port within 1...65535")
        }
        guard !configuration.username.isEmpty else { throw DestinationError(.invalid, "the SFTP username is empty") }
        let pin: SSHHostKeyFingerprint?
        let remembered: SSHHostKeyFingerprint?
        do throws(SSHError) {
            pin = try configuration.hostKeyFingerprint.flatMap { text throws(SSHError) in
                text.isEmpty ? nil : try SSHHostKeyFingerprint(pin: text)
            }
            remembered = try configuration.hostKeyMemory?.remembered.map { text throws(SSHError) in
                try SSHHostKeyFingerprint(pin: text)
            }
        } catch {
            var named = DestinationError(error)
            named.field = "hostKeyFingerprint"
            throw named
        }
        let remote = configuration.remotePath
        guard !remote.utf8.contains(0), !remote.split(separator: "/").contains("..") else {
            throw DestinationError(.invalid, "remotePath must not contain '..'", path: remote, field: "remotePath")
        }
        var trimmed = remote
        while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed.removeLast() }
        root = trimmed.isEmpty ? "." : trimmed
        self.configuration = configuration
        self.id = id
        self.logger = logger
        cache = SFTPConnectionCache(
            configuration: configuration, pin: pin, remembered: remembered, logger: logger, group: group)
    }

    /// The remote path of a destination-relative path.
    func remote(_ path: String) -> String {
        if path.isEmpty { return root }
        return root == "/" ? "/" + path : root + "/" + path
    }

    /// The cached connection or a new one; failures name the handshake step.
    func cacheConnection() async throws(SFTPConnection.OpenFailure) -> SFTPConnection {
        try await cache.connection()
    }

    func connection() async throws(DestinationError) -> SFTPConnection {
        do throws(SFTPConnection.OpenFailure) {
            return try await cache.connection()
        } catch {
            throw DestinationError(error.error)
        }
    }

    /// Runs an idempotent operation, once more on a fresh connection if the first one dropped.
    func withConnection<T: Sendable>(
        _ body: (SFTPConnection) async throws(DestinationError) -> T
    ) async throws(DestinationError) -> T {
        let first = try await connection()
        do throws(DestinationError) {
            return try await body(first)
        } catch  where error.code == .transient {
            await cache.discard(first)
            return try await body(try await connection())
        }
    }

    public func openWriter(path: String) async throws(DestinationError) -> any DestinationWriter {
        try DestinationPath.validate(path)
        let connection = try await connection()
        return try await openWriter(path: path, on: connection)
    }

    private func openWriter(path: String, on connection: SFTPConnection) async throws(DestinationError)
        -> SFTPDestinationWriter
    {
        let folder = remote(DestinationPath.parent(path))
        let staged =
            folder + "/." + DestinationPath.name(path) + DestinationPath.stagingMarker + UUID().uuidString.lowercased()
        let handle = try await mapSFTPError { () async throws(SFTPError) in
            try await connection.createFolders(folder, reportAs: path)
            return try await connection.create(staged, reportAs: path)
        }
        let cleanup: @Sendable (String) async -> Void = { [self] staged in await removeStaged(staged, path: path) }
        return SFTPDestinationWriter(
            SFTPUploadWriter(
                path: path, connection: connection, staged: staged, final: remote(path), handle: handle,
                configuration: configuration, cleanup: cleanup))
    }

    /// Best-effort removal of a staged file, reconnecting if the upload's connection dropped.
    private func removeStaged(_ staged: String, path: String) async {
        do throws(DestinationError) {
            try await withConnection { connection throws(DestinationError) in
                try await mapSFTPError { () async throws(SFTPError) in
                    try await connection.remove(staged, reportAs: path)
                }
            }
        } catch {
            logger.warning("could not remove staged SFTP file", metadata: ["path": "\(path)", "error": "\(error)"])
        }
    }

    /// Streams a local file in `writeChunkSize` pipelined writes; a dropped connection is retried from the
    /// start on a fresh one (up to `putAttempts`), never leaving a staged file behind.
    public func put(path: String, from localFile: String) async throws(DestinationError) -> PutResult {
        try DestinationPath.validate(path)
        var attempt = 1
        while true {
            let connection = try await connection()
            do throws(DestinationError) {
                let reader = try LocalFileReader(path: localFile)
                let writer = try await openWriter(path: path, on: connection)
                do throws(DestinationError) {
                    while let chunk = try reader.next() { try await writer.write(chunk) }
                    return try await writer.commit()
                } catch {
                    await writer.abort()
                    throw error
                }
            } catch  where error.code == .transient && attempt < configuration.putAttempts {
                logger.warning(
                    "SFTP upload failed; retrying on a new connection",
                    metadata: ["path": "\(path)", "attempt": "\(attempt)", "error": "\(error.message)"])
                await cache.discard(connection)
                attempt += 1
            }
        }
    }

    public func list(prefix: String) async throws(DestinationError) -> [DestinationObject] {
        try DestinationPath.validatePrefix(prefix)
        let base = prefix.hasSuffix("/") ? String(prefix.dropLast()) : DestinationPath.parent(prefix)
        return try await withConnection { connection throws(DestinationError) in
            var out: [DestinationObject] = []
            try await walk(relative: base, on: connection, into: &out)
            return out.filter { $0.path.hasPrefix(prefix) }.sorted { $0.path < $1.path }
        }
    }

    /// Lists `relative` and the folders below it, at most `listingLimits.maximumDepth` levels down.
    private func walk(
        relative: String, depth: Int = 0, on connection: SFTPConnection, into out: inout [DestinationObject]
    ) async throws(DestinationError) {
        let folder = remote(relative)
        let entries = try await mapSFTPError { () async throws(SFTPError) in
            try connection.listingLimits.check(depth: depth, reportAs: relative)
            return try await connection.entries(folder, reportAs: relative)
        }
        guard let entries else { return }
        for entry in entries where !DestinationPath.isStaging(entry.filename) {
            let child = relative.isEmpty ? entry.filename : relative + "/" + entry.filename
            if entry.attributes.isDirectory {
                try await walk(relative: child, depth: depth + 1, on: connection, into: &out)
            } else if entry.attributes.isRegularFile {
                out.append(DestinationObject(path: child, size: Int64(entry.attributes.size ?? 0)))
            }
        }
    }

    /// Hidden `.<name>.outflow-tmp-*` files under `prefix`'s folder whose final path starts with `prefix`.
    public func stagedUploads(prefix: String) async throws(DestinationError) -> [StagedUpload] {
        try DestinationPath.validatePrefix(prefix)
        let base = prefix.hasSuffix("/") ? String(prefix.dropLast()) : DestinationPath.parent(prefix)
        return try await withConnection { connection throws(DestinationError) in
            var out: [StagedUpload] = []
            try await walkStaged(relative: base, on: connection, into: &out)
            return out.filter { $0.path.hasPrefix(prefix) }.sorted { $0.handle < $1.handle }
        }
    }

    private func walkStaged(
        relative: String, depth: Int = 0, on connection: SFTPConnection, into out: inout [StagedUpload]
    ) async throws(DestinationError) {
        let folder = remote(relative)
        let entries = try await mapSFTPError { () async throws(SFTPError) in
            try connection.listingLimits.check(depth: depth, reportAs: relative)
            return try await connection.entries(folder, reportAs: relative)
        }
        guard let entries else { return }
        for entry in entries {
            let child = relative.isEmpty ? entry.filename : relative + "/" + entry.filename
            if DestinationPath.isStaging(entry.filename) {
                if let upload = DestinationPath.stagedUpload(atStagingPath: child) { out.append(upload) }
            } else if entry.attributes.isDirectory {
                try await walkStaged(relative: child, depth: depth + 1, on: connection, into: &out)
            }
        }
    }

    /// Removes the staging file.
    public func discard(_ upload: StagedUpload) async throws(DestinationError) {
        try DestinationPath.validateStaging(upload)
        let staged = remote(upload.handle)
        try await withConnection { connection throws(DestinationError) in
            try await mapSFTPError { () async throws(SFTPError) in
                try await connection.remove(staged, reportAs: upload.path)
            }
        }
    }

    public func delete(path: String) async throws(DestinationError) {
        try DestinationPath.validate(path)
        let file = remote(path)
        try await withConnection { connection throws(DestinationError) in
            try await mapSFTPError { () async throws(SFTPError) in try await connection.remove(file, reportAs: path) }
        }
    }

    public func exists(path: String) async throws(DestinationError) -> Bool {
        try DestinationPath.validate(path)
        let file = remote(path)
        return try await withConnection { connection throws(DestinationError) in
            let attributes = try await mapSFTPError { () async throws(SFTPError) in
                try await connection.stat(file, reportAs: path)
            }
            return attributes?.isRegularFile ?? false
        }
    }
}
