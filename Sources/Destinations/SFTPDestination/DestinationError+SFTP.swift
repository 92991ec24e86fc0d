import SFTP
import SSH

/// The edge between the SFTP and SSH clients and the `Destination` API: their errors become `DestinationError`s
/// with the same message and path, coded by what went wrong.
extension DestinationError {
    /// `noSuchFile` -> `.notFound`; `permissionDenied` and `folderNotCreated` -> `.permission`; `connection`
    /// -> `.transient`; `authentication` -> `.auth`; `unsupported` and `misuse` -> `.invalid`; `failure` and `limitExceeded` -> `.io`.
    /// A connection the outbound policy refused (`OutboundRefusal` underneath) is `.permission` with `serviceCode`
    /// `OutboundPolicy`.
    init(_ error: SFTPError) {
        let code: Code =
            switch error.kind {
            case .noSuchFile: .notFound
            case .permissionDenied, .folderNotCreated: .permission
            case .connection: .transient
            case .authentication: .auth
            case .unsupported, .misuse: .invalid
            case .failure, .limitExceeded: .io
            }
        self.init(code, error.message, path: error.path, underlying: error)
        if let refusal = error.underlying as? OutboundRefusal {
            self.code = .permission
            serviceCode = OutboundRefusal.serviceCode
            underlying = refusal
        }
    }

    /// Key and pin errors (`invalidKey`, `invalidFingerprint`) -> `.invalid` naming the same `field`; the others
    /// as the SFTP client treats them: `channel` -> `.invalid`, `authentication` -> `.auth`, the rest ->
    /// `.transient`.
    init(_ error: SSHError) {
        let code: Code =
            switch error.code {
            case .invalidKey, .invalidFingerprint, .channel: .invalid
            case .authentication: .auth
            case .protocolViolation, .negotiation, .hostKey, .disconnected, .crypto: .transient
            }
        self.init(code, error.message, field: error.field, underlying: error)
    }
}

/// Runs one SFTP client operation, turning its failure into a `DestinationError`.
func mapSFTPError<T>(_ operation: () async throws(SFTPError) -> T) async throws(DestinationError) -> T {
    do {
        return try await operation()
    } catch {
        throw DestinationError(error)
    }
}
