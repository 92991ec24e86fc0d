/// Key exchange methods this client implements (RFC 8731, RFC 5656), most preferred first.
enum SSHKexAlgorithm: String, Sendable, CaseIterable {
    case curve25519 = "curve25519-sha256"
    case curve25519LibSSH = "curve25519-sha256@libssh.org"
    case ecdhP256 = "ecdh-sha2-nistp256"
    case ecdhP384 = "ecdh-sha2-nistp384"
    case ecdhP521 = "ecdh-sha2-nistp521"

    var hash: SSHHashFunction {
        switch self {
        case .curve25519, .curve25519LibSSH, .ecdhP256: .sha256
        case .ecdhP384: .sha384
        case .ecdhP521: .sha512
        }
    }
}

/// Host key signature algorithms this client verifies, most preferred first (never SHA-1 `ssh-rsa`).
enum SSHHostKeyAlgorithm: String, Sendable, CaseIterable {
    case ed25519 = "ssh-ed25519"
    case ecdsaP256 = "ecdsa-sha2-nistp256"
    case ecdsaP384 = "ecdsa-sha2-nistp384"
    case ecdsaP521 = "ecdsa-sha2-nistp521"
    case rsaSHA512 = "rsa-sha2-512"
    case rsaSHA256 = "rsa-sha2-256"
}

/// Ciphers this client implements, most preferred first.
enum SSHCipherAlgorithm: String, Sendable, CaseIterable {
    case aes256GCM = "aes256-gcm@openssh.com"
    case aes128GCM = "aes128-gcm@openssh.com"
    case aes256CTR = "aes256-ctr"
    case aes128CTR = "aes128-ctr"
    /// Last: AES has hardware support, this client's Poly1305 is plain Swift.
    case chacha20Poly1305 = "chacha20-poly1305@openssh.com"

    var keyLength: Int {
        switch self {
        case .aes256GCM, .aes256CTR: 32
        case .aes128GCM, .aes128CTR: 16
        case .chacha20Poly1305: 64
        }
    }

    var ivLength: Int {
        switch self {
        case .aes256GCM, .aes128GCM: 12
        case .aes256CTR, .aes128CTR: 16
        case .chacha20Poly1305: 0
        }
    }

    /// AEAD ciphers carry their own tag: no MAC is negotiated for them.
    var isAEAD: Bool { self == .aes256GCM || self == .aes128GCM || self == .chacha20Poly1305 }

    /// Open to the Terrapin prefix truncation (CVE-2023-48795) unless strict kex is in effect.
    var terrapinExposed: Bool { self == .chacha20Poly1305 }
}

/// MACs this client implements (for the CTR ciphers), most preferred first.
enum SSHMACAlgorithm: String, Sendable, CaseIterable {
    case hmacSHA256ETM = "hmac-sha2-256-etm@openssh.com"
    case hmacSHA512ETM = "hmac-sha2-512-etm@openssh.com"
    case hmacSHA256 = "hmac-sha2-256"
    case hmacSHA512 = "hmac-sha2-512"

    var keyLength: Int { self == .hmacSHA256 || self == .hmacSHA256ETM ? 32 : 64 }
    var tagLength: Int { keyLength }
    /// The MAC covers the ciphertext and the length travels in clear (OpenSSH's `-etm` variants); open to the
    /// Terrapin prefix truncation unless strict kex is in effect.
    var encryptThenMAC: Bool { self == .hmacSHA256ETM || self == .hmacSHA512ETM }
}

/// The hash of a key exchange method (exchange hash and key derivation).
enum SSHHashFunction: Sendable {
    case sha256, sha384, sha512
}

/// Pseudo-algorithms in the kex list (RFC 8308 ext-info, OpenSSH strict kex).
enum SSHKexMarker {
    static let extInfoClient = "ext-info-c"
    static let strictClient = "kex-strict-c-v00@openssh.com"
    static let strictServer = "kex-strict-s-v00@openssh.com"
}

/// What both sides agreed on in one KEXINIT exchange (RFC 4253 §7.1: the client's first choice the server
/// also lists). Without strict kex, chacha20-poly1305 and the `-etm` MACs are left out of the negotiation:
/// their sequence-number-bound integrity is what the Terrapin prefix truncation (CVE-2023-48795) breaks.
struct SSHNegotiatedAlgorithms: Sendable, Equatable {
    var kex: SSHKexAlgorithm
    var hostKey: SSHHostKeyAlgorithm
    var cipherClientToServer: SSHCipherAlgorithm
    var cipherServerToClient: SSHCipherAlgorithm
    var macClientToServer: SSHMACAlgorithm?
    var macServerToClient: SSHMACAlgorithm?
    /// OpenSSH strict kex is in effect for the session (Terrapin mitigation): both sides sent their marker in the
    /// first KEXINIT.
    var strictKex: Bool

    /// Both markers in the first exchange's KEXINITs: the client's `kex-strict-c-v00@openssh.com` and the
    /// server's `kex-strict-s-v00@openssh.com`.
    static func strictKexAgreed(client: SSHKexInit, server: SSHKexInit) -> Bool {
        client.kexAlgorithms.contains(SSHKexMarker.strictClient)
            && server.kexAlgorithms.contains(SSHKexMarker.strictServer)
    }

    /// - Parameter strictSession: for a rekey, whether the session's first exchange agreed on strict kex (the
    ///   markers are only sent in the first KEXINIT); nil for the first exchange, decided from its KEXINITs.
    init(client: SSHKexInit, server: SSHKexInit, strictSession: Bool? = nil) throws(SSHError) {
        let strict = strictSession ?? Self.strictKexAgreed(client: client, server: server)
        func pick<A: RawRepresentable>(_ ours: [A], _ theirs: [String], _ what: String) throws(SSHError) -> A
        where A.RawValue == String {
            guard let chosen = ours.first(where: { theirs.contains($0.rawValue) }) else {
                let withheld =
                    strict
                    ? ""
                    : "; without strict key exchange (kex-strict-s-v00@openssh.com) this client does not use "
                        + "chacha20-poly1305 or -etm MACs (Terrapin, CVE-2023-48795)"
                throw SSHError(
                    .negotiation,
                    "the SSH server offers no \(what) this client supports (server offers: "
                        + theirs.prefix(12).joined(separator: ", ") + ")" + withheld)
            }
            return chosen
        }
        kex = try pick(
            client.kexAlgorithms.compactMap(SSHKexAlgorithm.init(rawValue:)), server.kexAlgorithms, "key exchange")
        hostKey = try pick(
            client.hostKeyAlgorithms.compactMap(SSHHostKeyAlgorithm.init(rawValue:)), server.hostKeyAlgorithms,
            "host key algorithm")
        let ciphers = client.ciphersClientToServer.compactMap(SSHCipherAlgorithm.init(rawValue:))
            .filter { strict || !$0.terrapinExposed }
        cipherClientToServer = try pick(ciphers, server.ciphersClientToServer, "cipher")
        cipherServerToClient = try pick(ciphers, server.ciphersServerToClient, "cipher")
        let macs = client.macsClientToServer.compactMap(SSHMACAlgorithm.init(rawValue:))
            .filter { strict || !$0.encryptThenMAC }
        macClientToServer = try cipherClientToServer.isAEAD ? nil : pick(macs, server.macsClientToServer, "MAC")
        macServerToClient = try cipherServerToClient.isAEAD ? nil : pick(macs, server.macsServerToClient, "MAC")
        guard server.compressionClientToServer.contains("none"), server.compressionServerToClient.contains("none")
        else {
            throw SSHError(
                .negotiation, "the SSH server insists on compression, which this client does not do")
        }
        strictKex = strict
    }
}
