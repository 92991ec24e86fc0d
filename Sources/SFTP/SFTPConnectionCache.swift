package import Logging
package import NIOCore
import NIOPosix
package import SSH

/// Keeps one live `SFTPConnection` for a destination, opening a new one when the last has dropped. Callers
/// that overlap while a connection is opening share that attempt.
package actor SFTPConnectionCache {
    private let configuration: SFTPConfiguration
    private let pin: SSHHostKeyFingerprint?
    private let logger: Logger
    private let group: any EventLoopGroup
    private var current: SFTPConnection?
    private var opening: Task<Result<SFTPConnection, SFTPConnection.OpenFailure>, Never>?
    private var loggedFingerprint = false

    package init(
        configuration: SFTPConfiguration, pin: SSHHostKeyFingerprint?, logger: Logger, group: any EventLoopGroup
    ) {
        self.configuration = configuration
        self.pin = pin
        self.logger = logger
        self.group = group
    }

    deinit { current?.close() }

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
            let pin = self.pin
            let group = self.group
            task = Task {
                do throws(SFTPConnection.OpenFailure) {
                    return .success(try await SFTPConnection.open(configuration, pin: pin, group: group))
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

    /// Drops `connection` if it is the cached one (after a failure that may have broken it).
    package func discard(_ connection: SFTPConnection) {
        connection.close()
        if current === connection { current = nil }
    }

    private func noteFingerprint(_ connection: SFTPConnection) {
        guard !loggedFingerprint else { return }
        loggedFingerprint = true
        let fingerprint = connection.fingerprint?.description ?? "unknown"
        if pin == nil {
            logger.notice(
                "SFTP host key accepted without a pin; set hostKeyFingerprint to pin it",
                metadata: ["host": "\(configuration.host):\(configuration.port)", "fingerprint": "\(fingerprint)"])
        } else {
            logger.debug(
                "SFTP host key matches the pin",
                metadata: ["host": "\(configuration.host):\(configuration.port)", "fingerprint": "\(fingerprint)"])
        }
    }
}
