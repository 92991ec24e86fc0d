/// A failure of the SFTP client: what kind of failure it is (callers decide on `kind` and `status`, never on
/// the words of `message`), a message naming the operation that never carries a secret, the path it concerned
/// and the error it was made from.
package struct SFTPError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, from the client's point of view.
    package enum Kind: Sendable, Hashable, CaseIterable {
        /// The server answered `SSH_FX_NO_SUCH_FILE`.
        case noSuchFile
        /// The server answered `SSH_FX_PERMISSION_DENIED`.
        case permissionDenied
        /// `mkdir` failed with a generic status and nothing of that name is a folder: most often the user may
        /// not create folders there.
        case folderNotCreated
        /// The connection could not be made, dropped, stalled past a deadline, or the server answered
        /// `SSH_FX_NO_CONNECTION` / `SSH_FX_CONNECTION_LOST`: a new connection may succeed.
        case connection
        /// The server refused the login or its host key does not match the pin.
        case authentication
        /// The server does not offer what is asked: `SSH_FX_OP_UNSUPPORTED`, an SFTP version below 3, or the
        /// SSH session or `sftp` subsystem refused.
        case unsupported
        /// The server sent more than the client accepts: a folder listing past `SFTPListingLimits`.
        case limitExceeded
        /// The client was used wrongly (a write after commit or abort).
        case misuse
        /// Anything else: another status, an unexpected or malformed reply, a local set-up failure.
        case failure
    }

    package var kind: Kind
    package var message: String
    /// The status the server answered with, when the failure is a status reply.
    package var status: SFTPStatusCode?
    /// The path shown for the failure (the caller's `reportAs`), when there is one.
    package var path: String?
    /// The error this one was made from (an `SSHError`, a NIO channel error, an `SFTPProtocolError`), when there
    /// is one.
    package var underlying: (any Error)?

    package init(
        _ kind: Kind, _ message: String, status: SFTPStatusCode? = nil, path: String? = nil,
        underlying: (any Error)? = nil
    ) {
        self.kind = kind
        self.message = message
        self.status = status
        self.path = path
        self.underlying = underlying
    }

    package var description: String { message + (path.map { " (path \($0))" } ?? "") }
}
