package import Logging
package import NIOCore
import NIOPosix
package import SSH

/// Keeps one live `SFTPConnection` for a destination, opening a new one when the last has dropped. Callers
/// that overlap while a connection is opening share that attempt. Without a pin, the first host key met is
/// remembered through `SFTPConfiguration.hostKeyMemory` (accept-new) and every later connection must show it.
package actor SFTPConnectionCache {
    private let configuration: SFTPConfiguration
    private var check: SFTPHostKeyCheck
    private let logger: Logger
    private let group: any EventLoopGroup
    private var current: SFTPConnection?
    private var opening: Task<Result<SFTPConnection, SFTPConnection.OpenFailure>, Never>?
    private var loggedFingerprint = false

    /// - Parameters:
    ///   - pin: the parsed `hostKeyFingerprint`, which wins over a remembered key.
    ///   - remembered: the parsed `hostKeyMemory.remembered`.
    package init(
        configuration: SFTPConfiguration, pin: SSHHostKeyFingerprint?, remembered: SSHHostKeyFingerprint?,
        logger: Logger, group: any EventLoopGroup
    ) {
        self.configuration = configuration
        check = pin.map(SFTPHostKeyCheck.pinned) ?? remembered.map(SFTPHostKeyCheck.remembered) ?? .firstContact
        self.logger = logger
        self.group = group
    }

    deinit { current?.close() }

    /// How the next connection's host key is checked (`.remembered` once a first contact was remembered).
    package var hostKeyCheck: SFTPHostKeyCheck { check }

    /// The live connection, or a new one.
    package func connection() async throws(SFTPConnection.OpenFailure) -> SFTPConnection {
        if let current, current.isActive { return current }
        current?.close()
        current = nil
        let task: Task<Result<SFTPConnection, SFTPConnection.OpenFailure>, Never>
        if let opening {
            task = opening
        } else {
            let configuration = self.configuration
            let check = self.check
            let group = self.group
            task = Task {
                do throws(SFTPConnection.OpenFailure) {
                    return .success(try await Self.open(configuration, check: check, group: group))
                } catch {
                    return .failure(error)
                }
            }
            opening = task
        }
        let result = await task.value
        opening = nil
        switch result {
        case .success(let connection):
            if check == .firstContact, configuration.hostKeyMemory != nil, let presented = connection.fingerprint {
                check = .remembered(presented)
                loggedFingerprint = true
                logger.notice(
                    "SFTP host key remembered at first contact (accept-new); hostKeyFingerprint would pin it",
                    metadata: ["host": "\(configuration.host):\(configuration.port)", "fingerprint": "\(presented)"])
            }
            current = connection
            noteFingerprint(connection)
            return connection
        case .failure(let failure):
            logger.warning(
                "SFTP connection failed",
                metadata: [
                    "host": "\(configuration.host):\(configuration.port)", "step": "\(failure.step)",
                    "error": "\(failure.error.message)",
                ])
            throw failure
        }
    }

    /// Opens a connection; at first contact with a host key memory, remembers the presented key and refuses the
    /// connection (closed before any file operation) when another key was remembered first.
    private static func open(
        _ configuration: SFTPConfiguration, check: SFTPHostKeyCheck, group: any EventLoopGroup
    ) async throws(SFTPConnection.OpenFailure) -> SFTPConnection {
        let connection = try await SFTPConnection.open(configuration, check: check, group: group)
        guard check == .firstContact, let memory = configuration.hostKeyMemory else { return connection }
        let place = "\(configuration.host):\(configuration.port)"
        guard let presented = connection.fingerprint else {
            connection.close()
            throw SFTPConnection.OpenFailure(
                step: .hostKey, error: SFTPError(.failure, "the SFTP server \(place) showed no host key"))
        }
        let kept: String
        do {
            kept = try await memory.remember(presented.description)
        } catch {
            connection.close()
            throw SFTPConnection.OpenFailure(
                step: .hostKey,
                error: SFTPError(
                    .failure, "could not remember the host key \(presented) of the SFTP server \(place)",
                    underlying: error))
        }
        guard (try? SSHHostKeyFingerprint(pin: kept)) == presented else {
            connection.close()
            throw SFTPConnection.OpenFailure(
                step: .hostKey,
                error: SFTPConnection.hostKeyChanged(presented: presented.description, remembered: kept, place))
        }
        return connection
    }

    /// Drops `connection` if it is the cached one (after a failure that may have broken it).
    package func discard(_ connection: SFTPConnection) {
        connection.close()
        if current === connection { current = nil }
    }

    private func noteFingerprint(_ connection: SFTPConnection) {
        guard !loggedFingerprint else { return }
        loggedFingerprint = true
        let metadata: Logger.Metadata = [
            "host": "\(configuration.host):\(configuration.port)",
            "fingerprint": "\(connection.fingerprint?.description ?? "unknown")",
        ]
        switch check {
        case .pinned: logger.debug("SFTP host key matches the pin", metadata: metadata)
        case .remembered: logger.debug("SFTP host key matches the one remembered at first contact", metadata: metadata)
        case .firstContact:
            logger.notice(
                "SFTP host key accepted without a pin and not remembered; set hostKeyFingerprint to pin it",
                metadata: metadata)
        }
    }
}
