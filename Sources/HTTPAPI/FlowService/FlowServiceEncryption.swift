import Destinations
import Exports
import Foundation
import HTTPTypes
import PGP

/// The AEP `encryption` block of `POST /connections`:
/// `{"specName": "File PGP/GPG Encryption", "params": {"encryptionAlgo": "PGP/GPG", "publicKey": "..."}}`.
/// A key that cannot be used is a 400 naming `encryption.params.publicKey` with a `PGP_*` code saying why.
enum FlowServiceEncryption {
    /// The block of a connection body, nil when absent (or JSON null).
    static func parse(_ body: [String: JSONValue], now: Int64 = Int64(Date().timeIntervalSince1970)) throws(Problem)
        -> ConnectionEncryption?
    {
        guard let raw = body["encryption"], raw != .null else { return nil }
        guard let block = raw.objectValue else {
            throw Problem.badRequest("'encryption' must be an object", field: "encryption")
        }
        let specName = block["specName"]?.stringValue ?? ConnectionEncryption.pgpSpecName
        guard specName.caseInsensitiveCompare(ConnectionEncryption.pgpSpecName) == .orderedSame else {
            throw Problem.badRequest(
                "'encryption.specName' must be '\(ConnectionEncryption.pgpSpecName)'", field: "encryption.specName")
        }
        let params = try FlowServiceJSON.object(block, "params", field: "encryption.params")
        let algorithm = params["encryptionAlgo"]?.stringValue ?? ConnectionEncryption.pgpAlgorithm
        guard ["PGP/GPG", "PGP", "GPG"].contains(algorithm.uppercased()) else {
            throw Problem.badRequest(
                "'encryption.params.encryptionAlgo' must be '\(ConnectionEncryption.pgpAlgorithm)'",
                field: "encryption.params.encryptionAlgo")
        }
        let publicKey = try FlowServiceJSON.string(params, "publicKey", field: ConnectionEncryption.publicKeyField)
        do {
            return try ConnectionEncryption(publicKey: publicKey, now: now)
        } catch {
            throw Problem(error, field: ConnectionEncryption.publicKeyField)
        }
    }

    /// The block as a JSON Patch target document (so `/encryption/params/publicKey` can be replaced).
    static func document(_ encryption: ConnectionEncryption?) -> JSONValue? {
        guard let encryption else { return nil }
        return .object([
            "specName": .string(encryption.specName),
            "params": .object([
                "encryptionAlgo": .string(encryption.encryptionAlgo), "publicKey": .string(encryption.publicKey),
            ]),
        ])
    }
}

extension Problem {
    /// A key that cannot be used: 400 with `PGP_NOT_A_PUBLIC_KEY`, `PGP_MALFORMED`, `PGP_NO_ENCRYPTION_KEY`,
    /// `PGP_BAD_SIGNATURE` (a self-signature or subkey binding does not verify: the key was altered),
    /// `PGP_UNSUPPORTED_ALGORITHM`, `PGP_EXPIRED`, `PGP_REVOKED` (or `PGP_ENCRYPTION_FAILED`).
    init(_ error: PGPError, field: String) {
        var code = "PGP"
        for character in error.code.rawValue {
            if character.isUppercase { code += "_" } else if code == "PGP" { code += "_" }
            code += character.uppercased()
        }
        self.init(status: .badRequest, code: code, detail: "\(field): \(error.message)", field: field)
    }
}

extension FlowServiceResource {
    /// A connection's `encryption` in responses: the key's identifiers, not the key itself.
    struct Encryption: Encodable {
        struct Params: Encodable {
            var encryptionAlgo: String
            var keyId: String
            var fingerprint: String
            var algorithm: String
            var primaryFingerprint: String
            var expiresAt: Int64?
        }

        var specName: String
        var params: Params

        init(_ encryption: ConnectionEncryption) {
            specName = encryption.specName
            params = Params(
                encryptionAlgo: encryption.encryptionAlgo, keyId: encryption.keyId,
                fingerprint: encryption.fingerprint, algorithm: encryption.algorithm,
                primaryFingerprint: encryption.primaryFingerprint, expiresAt: encryption.expiresAt)
        }
    }
}
