import NIOCore

/// The credential the SSH client authenticates with. Its description never shows the secret.
package enum SSHClientCredential: Sendable, CustomStringConvertible {
    case password(String)
    case privateKey(SSHPrivateKey)

    package var description: String {
        switch self {
        case .password: "password(redacted)"
        case .privateKey(let key): "privateKey(\(key.typeName), redacted)"
        }
    }
}

/// RFC 4252 userauth as a pure state machine: probes with `none`, then offers the one configured credential
/// (`password`, or `keyboard-interactive` answering a single password prompt, or a signed `publickey`
/// request) and turns the server's answers into the next request or a clear refusal (no secret in it).
struct SSHUserAuthentication {
    /// What the handler should do next.
    enum Step {
        case send(ByteBuffer)
        case succeeded
        case refused(String)
    }

    private enum Attempt {
        case none, password, keyboardInteractive, publicKey
    }

    let username: String
    let credential: SSHClientCredential
    private var attempt: Attempt = .none
    private var promptsAnswered = 0
    /// The signature algorithm of the last RSA offer.
    private var rsaAlgorithm: String?
    /// The signature algorithm of the last `publickey` offer.
    private(set) var offeredSignatureAlgorithm: String?

    init(username: String, credential: SSHClientCredential) {
        self.username = username
        self.credential = credential
    }

    /// The `none` request that learns which methods the server allows.
    mutating func start() -> ByteBuffer {
        attempt = .none
        return request(method: "none")
    }

    /// Handles USERAUTH_FAILURE (methods that can continue, partial success).
    mutating func failed(
        methods: [String], partialSuccess: Bool, sessionID: [UInt8], serverSigAlgs: [String]?
    ) -> Step {
        let user = username
        switch attempt {
        case .none:
            break
        case .password, .keyboardInteractive:
            if partialSuccess {
                return .refused(
                    "the server requires further authentication (\(methods.joined(separator: ", "))) for user '\(user)'"
                )
            }
            return .refused("the server rejected the password for user '\(user)'")
        case .publicKey:
            if partialSuccess {
                return .refused(
                    "the server requires further authentication (\(methods.joined(separator: ", "))) for user '\(user)'"
                )
            }
            // An RSA key refused with rsa-sha2-512 gets one more try with rsa-sha2-256 (servers may advertise
            // more in server-sig-algs than PubkeyAcceptedAlgorithms allows).
            if case .privateKey(let key) = credential, case .rsa = key, rsaAlgorithm == "rsa-sha2-512",
                methods.contains("publickey"), serverSigAlgs?.contains("rsa-sha2-256") ?? true
            {
                return offer(key: key, algorithm: "rsa-sha2-256", sessionID: sessionID)
            }
            return .refused("the server rejected the SSH key for user '\(user)'")
        }
        switch credential {
        case .password(let password):
            if methods.contains("password") {
                attempt = .password
                var buffer = header(method: "password")
                buffer.writeSSHBool(false)
                buffer.writeSSHString(password)
                return .send(buffer)
            }
            if methods.contains("keyboard-interactive") {
                attempt = .keyboardInteractive
                var buffer = header(method: "keyboard-interactive")
                buffer.writeSSHString("")  // language tag
                buffer.writeSSHString("")  // submethods
                return .send(buffer)
            }
            return .refused("the server does not accept password authentication for user '\(user)' (try an SSH key)")
        case .privateKey(let key):
            guard methods.contains("publickey") else {
                return .refused(
                    "the server does not accept public-key authentication for user '\(user)' (try a password)")
            }
            guard let algorithm = key.signatureAlgorithm(serverSigAlgs: serverSigAlgs) else {
                return .refused(
                    "the server accepts RSA signatures only with SHA-1 (ssh-rsa), which this client refuses; use an "
                        + "ed25519 or ECDSA key for user '\(user)'")
            }
            return offer(key: key, algorithm: algorithm, sessionID: sessionID)
        }
    }

    /// Handles message 60, whose meaning depends on the method in progress.
    mutating func methodSpecific(_ message: ByteBuffer) throws(SSHError) -> Step {
        var buffer = message
        _ = try buffer.readSSHByte()
        switch attempt {
        case .password:
            return .refused("the server requires a password change for user '\(username)'")
        case .keyboardInteractive:
            _ = try buffer.readSSHText()  // name
            _ = try buffer.readSSHText()  // instruction
            _ = try buffer.readSSHText()  // language
            let prompts = try buffer.readSSHUInt32()
            guard case .password(let password) = credential else { return .refused("unexpected keyboard-interactive") }
            var response = ByteBuffer()
            response.writeInteger(SSHMessage.userAuthInfoResponse)
            switch prompts {
            case 0:
                response.writeSSHUInt32(0)
            case 1:
                promptsAnswered += 1
                guard promptsAnswered == 1 else {
                    return .refused("the server rejected the password for user '\(username)'")
                }
                response.writeSSHUInt32(1)
                response.writeSSHString(password)
            default:
                return .refused(
                    "the server asks \(prompts) keyboard-interactive questions for user '\(username)'; only a single "
                        + "password prompt is supported")
            }
            return .send(response)
        case .none, .publicKey:
            throw SSHError(.protocolViolation, "the SSH server sent an unexpected userauth message")
        }
    }

    private mutating func offer(key: SSHPrivateKey, algorithm: String, sessionID: [UInt8]) -> Step {
        attempt = .publicKey
        offeredSignatureAlgorithm = algorithm
        if case .rsa = key { rsaAlgorithm = algorithm }
        do throws(SSHError) {
            return .send(try signedPublicKeyRequest(key: key, algorithm: algorithm, sessionID: sessionID))
        } catch {
            return .refused("the SSH key for user '\(username)' could not sign (\(error.message))")
        }
    }

    private func header(method: String) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeInteger(SSHMessage.userAuthRequest)
        buffer.writeSSHString(username)
        buffer.writeSSHString("ssh-connection")
        buffer.writeSSHString(method)
        return buffer
    }

    private func request(method: String) -> ByteBuffer { header(method: method) }

    /// The `publickey` request with its signature over session id + request (RFC 4252 §7).
    func signedPublicKeyRequest(key: SSHPrivateKey, algorithm: String, sessionID: [UInt8]) throws(SSHError)
        -> ByteBuffer
    {
        let blob = key.publicKeyBlob
        var buffer = header(method: "publickey")
        buffer.writeSSHBool(true)
        buffer.writeSSHString(algorithm)
        buffer.writeSSHString(blob)
        var signed = ByteBuffer()
        signed.writeSSHString(sessionID)
        signed.writeImmutableBuffer(buffer)
        let signature = try key.signatureBlob(for: Array(signed.readableBytesView), algorithm: algorithm)
        buffer.writeSSHString(signature)
        return buffer
    }
}
