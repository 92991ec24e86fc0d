extension OpenAPIDocument {
    /// The base connection's optional `encryption` block (AEP "File PGP/GPG Encryption").
    static let flowServiceEncryptionSchemas = """
            EncryptionCreate:
              type: object
              description: >-
                Encrypt every exported file to this OpenPGP key (RFC 4880 v4 key: RSA >= 2048 bits or ECDH on
                Curve25519 / NIST P-256, P-384, P-521). Files get `.gpg` appended; manifests stay unencrypted and
                list the encrypted files' sizes and SHA-256. A key that cannot be used is a 400 naming
                `encryption.params.publicKey` with code PGP_NOT_A_PUBLIC_KEY, PGP_MALFORMED, PGP_NO_ENCRYPTION_KEY,
                PGP_UNSUPPORTED_ALGORITHM, PGP_EXPIRED or PGP_REVOKED.
              required: [params]
              properties:
                specName: {type: string, enum: [File PGP/GPG Encryption], default: File PGP/GPG Encryption}
                params:
                  type: object
                  required: [publicKey]
                  properties:
                    encryptionAlgo: {type: string, enum: [PGP/GPG], default: PGP/GPG}
                    publicKey:
                      type: string
                      minLength: 1
                      description: ASCII-armored public key block, its base64, or base64 of the binary key
            Encryption:
              type: object
              description: how files of this connection are encrypted (the key's identifiers, not the key)
              required: [specName, params]
              properties:
                specName: {type: string}
                params:
                  type: object
                  required: [encryptionAlgo, keyId, fingerprint, algorithm, primaryFingerprint]
                  properties:
                    encryptionAlgo: {type: string}
                    keyId: {type: string, description: the encryption (sub)key's 64-bit key id in hex}
                    fingerprint: {type: string, description: the encryption (sub)key's v4 fingerprint in hex}
                    algorithm: {type: string, examples: [RSA 3072, ECDH Curve25519]}
                    primaryFingerprint: {type: string}
                    expiresAt: {type: integer, format: int64, description: epoch seconds when the key expires}

        """
}
