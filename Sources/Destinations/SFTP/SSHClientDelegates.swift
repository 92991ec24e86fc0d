import NIOCore
import NIOSSH
import Synchronization

/// What happened during one SSH handshake, so a failure can name its step (host key, auth) and the
/// fingerprint the server showed. Written by the delegates on the event loop, read after the handshake.
final class SSHHandshakeRecord: Sendable {
    /// Closes the connection once this client refuses the handshake (NIOSSH would otherwise leave it open).
    private let channel: any Channel

    init(channel: any Channel) { self.channel = channel }

    struct State: Sendable {
        var fingerprint: SSHHostKeyFingerprint?
        var hostKeyMismatch = false
        var authFailure: String?
    }

    private let state = Mutex(State())

    var snapshot: State { state.withLock { $0 } }

    func update(_ body: (inout State) -> Void) {
        state.withLock { body(&$0) }
    }

    /// Records the refusal and closes the connection.
    func refuse(_ body: (inout State) -> Void) {
        update(body)
        channel.close(promise: nil)
    }
}

/// Checks the server's host key against the pinned fingerprint (if any) and records what it saw.
final class SSHHostKeyPinning: NIOSSHClientServerAuthenticationDelegate {
    private let pin: SSHHostKeyFingerprint?
    private let record: SSHHandshakeRecord

    init(pin: SSHHostKeyFingerprint?, record: SSHHandshakeRecord) {
        self.pin = pin
        self.record = record
    }

    func validateHostKey(hostKey: NIOSSHPublicKey, validationCompletePromise: EventLoopPromise<Void>) {
        let fingerprint = SSHHostKeyFingerprint(key: hostKey)
        let mismatch = pin != nil && fingerprint != pin
        record.update { $0.fingerprint = fingerprint }
        if mismatch {
            validationCompletePromise.fail(SSHHandshakeRefusal.hostKeyMismatch)
            record.refuse { $0.hostKeyMismatch = true }
        } else {
            validationCompletePromise.succeed(())
        }
    }
}

/// Offers the configured credential once; a second request means the server rejected it.
final class SSHCredentialOffer: NIOSSHClientUserAuthenticationDelegate {
    private let username: String
    private let credential: SFTPCredential
    private let record: SSHHandshakeRecord
    private var offered = false

    init(username: String, credential: SFTPCredential, record: SSHHandshakeRecord) {
        self.username = username
        self.credential = credential
        self.record = record
    }

    func nextAuthenticationType(
        availableMethods: NIOSSHAvailableUserAuthenticationMethods,
        nextChallengePromise: EventLoopPromise<NIOSSHUserAuthenticationOffer?>
    ) {
        let user = username
        guard !offered else {
            let what = credential.kind == .password ? "password" : "SSH key"
            refuse("the server rejected the \(what) for user '\(user)'", promise: nextChallengePromise)
            return
        }
        offered = true
        switch credential.storage {
        case .password(let password):
            guard availableMethods.contains(.password) else {
                refuse(
                    "the server does not accept password authentication for user '\(user)' (try an SSH key)",
                    promise: nextChallengePromise)
                return
            }
            nextChallengePromise.succeed(
                NIOSSHUserAuthenticationOffer(
                    username: user, serviceName: "", offer: .password(.init(password: password))))
        case .privateKey(let key):
            guard availableMethods.contains(.publicKey) else {
                refuse(
                    "the server does not accept public-key authentication for user '\(user)' (try a password)",
                    promise: nextChallengePromise)
                return
            }
            guard let nioKey = key.nioSSHKey else {
                refuse(
                    "RSA keys cannot sign with this SSH transport yet; authorize an ed25519 or ECDSA key for "
                        + "user '\(user)'", promise: nextChallengePromise)
                return
            }
            nextChallengePromise.succeed(
                NIOSSHUserAuthenticationOffer(
                    username: user, serviceName: "", offer: .privateKey(.init(privateKey: nioKey))))
        }
    }

    private func refuse(_ message: String, promise: EventLoopPromise<NIOSSHUserAuthenticationOffer?>) {
        promise.fail(SSHHandshakeRefusal.authenticationFailed)
        record.refuse { $0.authFailure = message }
    }
}

/// Why this client ended a handshake itself.
enum SSHHandshakeRefusal: Error, Sendable {
    case hostKeyMismatch
    case authenticationFailed
}
