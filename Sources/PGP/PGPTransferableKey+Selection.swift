extension PGPTransferableKey {
    /// At most this many signatures by (or claiming to be by) the primary key are verified for one key; more is
    /// refused as malformed rather than spending unbounded CPU on a crafted key.
    static let maximumVerifiedSignatures = 256

    /// The key to encrypt to at `now` (epoch seconds). Every signature that decides is verified with the
    /// primary key: a key revocation (0x20) refuses the key; the newest valid self-signature (user ID
    /// certification 0x10-0x13 or direct-key 0x1F) gives the primary key's expiry and flags; a subkey counts
    /// only with a valid binding signature (0x18) over the primary key and the subkey, which gives its flags
    /// and expiry, and no valid subkey revocation (0x28). Picks the newest such subkey flagged for encryption,
    /// else the primary key if its self-signature allows encryption; the error says why when there is none.
    func encryptionKey(now: Int64) throws(PGPError) -> (key: PGPKeyPacket, expiresAt: Int64?) {
        let primaryName = "the primary key \(hex(primary.fingerprint))"
        if case .other = primary.material {
            throw PGPError(
                .unsupportedAlgorithm,
                "\(primaryName) is \(primary.algorithmName): Outflow cannot verify its self-signatures and subkey "
                    + "bindings (use an ed25519, ECDSA NIST or RSA primary key)")
        }
        var checker = SignatureChecker(primary: primary, now: now)
        for signature in directSignatures where signature.type == PGPSignaturePacket.keyRevocation {
            if try checker.failure(of: signature, over: primary.hashInput) == nil {
                throw PGPError(.revoked, "\(primaryName) has been revoked")
            }
        }
        let selfSignature = try self.selfSignature(&checker)
        let primaryExpiry = expiry(of: primary, selfSignature.keyExpiration)
        if let primaryExpiry, primaryExpiry <= now {
            throw PGPError(.expired, "\(primaryName) expired at \(primaryExpiry)")
        }
        var rejected: [PGPError] = []
        var candidates: [(key: PGPKeyPacket, expiresAt: Int64?)] = []
        for subkey in subkeys {
            let name = "subkey \(hex(subkey.key.fingerprint))"
            let signedData = primary.hashInput + subkey.key.hashInput
            var bindings: [PGPSignaturePacket] = []
            var bindingFailure: PGPError?
            for signature in subkey.signatures where signature.type == PGPSignaturePacket.subkeyBinding {
                if let failure = try checker.failure(of: signature, over: signedData) {
                    bindingFailure =
                        bindingFailure ?? checker.explain(failure, of: signature, "binding signature of \(name)")
                } else {
                    bindings.append(signature)
                }
            }
            guard let binding = bindings.max(by: { $0.created < $1.created }) else {
                let claimsEncryption = subkey.signatures.contains {
                    $0.type == PGPSignaturePacket.subkeyBinding
                        && ($0.flagsAllowEncryption ?? subkey.key.algorithmCanEncrypt)
                }
                if claimsEncryption || (subkey.signatures.isEmpty && subkey.key.algorithmCanEncrypt) {
                    rejected.append(
                        bindingFailure
                            ?? PGPError(.badSignature, "\(name) has no binding signature by \(primaryName)"))
                }
                continue
            }
            guard binding.flagsAllowEncryption ?? subkey.key.algorithmCanEncrypt else { continue }
            if try isRevoked(subkey, &checker, signedData) {
                rejected.append(PGPError(.revoked, "the encryption \(name) has been revoked"))
                continue
            }
            let expiresAt = [expiry(of: subkey.key, binding.keyExpiration), primaryExpiry].compactMap { $0 }.min()
            if let expiresAt, expiresAt <= now {
                rejected.append(PGPError(.expired, "the encryption \(name) expired at \(expiresAt)"))
                continue
            }
            if let reason = Self.unsupported(subkey.key) {
                rejected.append(reason)
                continue
            }
            candidates.append((subkey.key, expiresAt))
        }
        if let newest = candidates.max(by: { $0.key.created < $1.key.created }) { return newest }
        if selfSignature.flagsAllowEncryption ?? primary.algorithmCanEncrypt {
            if let reason = Self.unsupported(primary) {
                rejected.append(reason)
            } else {
                return (primary, primaryExpiry)
            }
        }
        throw Self.noKey(rejected, primary)
    }

    /// The newest verified self-signature: a direct-key signature or a certification of a user ID that has
    /// no newer valid revocation (0x30). Third-party certifications (another issuer) are not looked at.
    private func selfSignature(_ checker: inout SignatureChecker) throws(PGPError) -> PGPSignaturePacket {
        let name = "the primary key \(hex(primary.fingerprint))"
        var valid: [PGPSignaturePacket] = []
        var failure: PGPError?
        var revokedIdentities = 0
        for signature in directSignatures where signature.type == PGPSignaturePacket.directKey {
            if let reason = try checker.failure(of: signature, over: primary.hashInput) {
                failure = failure ?? checker.explain(reason, of: signature, "direct-key signature of \(name)")
            } else {
                valid.append(signature)
            }
        }
        for identity in identities {
            let signedData = primary.hashInput + identity.hashInput
            var certifications: [PGPSignaturePacket] = []
            var revocations: [PGPSignaturePacket] = []
            for signature in identity.signatures
            where signature.issuer == nil || signature.issuer == primary.keyId {
                guard signature.isCertification || signature.type == PGPSignaturePacket.certificationRevocation
                else { continue }
                if let reason = try checker.failure(of: signature, over: signedData) {
                    guard signature.isCertification else { continue }
                    failure = failure ?? checker.explain(reason, of: signature, "self-signature of \(name)")
                } else if signature.isCertification {
                    certifications.append(signature)
                } else {
                    revocations.append(signature)
                }
            }
            guard let newest = certifications.max(by: { $0.created < $1.created }) else { continue }
            if revocations.contains(where: { $0.created >= newest.created }) {
                revokedIdentities += 1
                continue
            }
            valid.append(newest)
        }
        if let newest = valid.max(by: { $0.created < $1.created }) { return newest }
        if let failure { throw failure }
        if revokedIdentities > 0 { throw PGPError(.revoked, "every user ID of \(name) has been revoked") }
        throw PGPError(
            .badSignature, "\(name) has no self-signature on a user ID (gpg would not import it either)")
    }

    /// Whether a subkey revocation (0x28) by the primary key verifies; unverifiable ones change nothing.
    private func isRevoked(_ subkey: Subkey, _ checker: inout SignatureChecker, _ signedData: [UInt8])
        throws(PGPError) -> Bool
    {
        for signature in subkey.signatures where signature.type == PGPSignaturePacket.subkeyRevocation {
            if try checker.failure(of: signature, over: signedData) == nil { return true }
        }
        return false
    }

    private func expiry(of key: PGPKeyPacket, _ seconds: UInt32?) -> Int64? {
        guard let seconds, seconds > 0 else { return nil }
        return Int64(key.created) + Int64(seconds)
    }

    /// The error when no key can be used: a bad signature first (the key was tampered with), then an
    /// unsupported algorithm, then the first reason; with several reasons the message lists them all.
    private static func noKey(_ rejected: [PGPError], _ primary: PGPKeyPacket) -> PGPError {
        let first =
            rejected.first { $0.code == .badSignature } ?? rejected.first { $0.code == .unsupportedAlgorithm }
            ?? rejected.first
        guard let first else {
            return PGPError(
                .noEncryptionKey,
                "key \(hex(primary.fingerprint)) (\(primary.algorithmName)) has no key or subkey marked for "
                    + "encryption; add one (gpg --quick-add-key <fingerprint> cv25519 encr)")
        }
        guard rejected.count > 1 else { return first }
        return PGPError(first.code, "no usable encryption key: " + rejected.map(\.message).joined(separator: "; "))
    }
}

/// Verifies signatures with the primary key, within `PGPTransferableKey.maximumVerifiedSignatures`.
struct SignatureChecker {
    let primary: PGPKeyPacket
    let now: Int64
    var remaining = PGPTransferableKey.maximumVerifiedSignatures

    /// Nil when `signature` by the primary key over `signedData` verifies, else why not.
    mutating func failure(of signature: PGPSignaturePacket, over signedData: [UInt8]) throws(PGPError) -> PGPError? {
        guard remaining > 0 else {
            throw PGPError(
                .malformed,
                "the key holds more than \(PGPTransferableKey.maximumVerifiedSignatures) self-signatures, bindings "
                    + "and revocations; export a minimal key (gpg --export-options export-minimal --armor --export)")
        }
        remaining -= 1
        do {
            try signature.verify(by: primary, over: signedData, now: now)
            return nil
        } catch {
            return error
        }
    }

    /// `failure` of the `what` signature, naming an issuer other than the primary key when it names one.
    func explain(_ failure: PGPError, of signature: PGPSignaturePacket, _ what: String) -> PGPError {
        var message = "the \(what): \(failure.message)"
        if let issuer = signature.issuer, issuer != primary.keyId {
            message += "; it names key \(hex(issuer)) as its issuer, not the primary key \(hex(primary.keyId))"
        }
        return PGPError(failure.code, message)
    }
}

extension PGPTransferableKey {
    /// Why Outflow cannot encrypt to `key`, or nil when it can.
    static func unsupported(_ key: PGPKeyPacket) -> PGPError? {
        switch key.material {
        case .rsa(let modulus, _):
            let bits = PGPKeyPacket.bitLength(modulus)
            guard bits >= 2048 else {
                return PGPError(.unsupportedAlgorithm, "RSA keys of \(bits) bits are too weak; use 2048 bits or more")
            }
            guard key.algorithm != 3 else {
                return PGPError(.unsupportedAlgorithm, "the RSA key is marked sign-only (algorithm 3)")
            }
            return nil
        case .ecdh(let curve, _, let hash, let cipher):
            if case .unsupported(let name) = curve {
                return PGPError(
                    .unsupportedAlgorithm,
                    "ECDH on \(name) is not supported (use Curve25519, NIST P-256/384/521 or RSA)")
            }
            guard [8, 9, 10].contains(hash), [7, 8, 9].contains(cipher) else {
                return PGPError(
                    .unsupportedAlgorithm, "ECDH KDF parameters (hash \(hash), cipher \(cipher)) are not supported")
            }
            return nil
        case .ed25519, .ecdsa, .other:
            return PGPError(
                .unsupportedAlgorithm,
                "\(key.algorithmName) encryption keys are not supported (use RSA or ECDH Curve25519)")
        }
    }
}
