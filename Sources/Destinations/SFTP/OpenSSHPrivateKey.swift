import Crypto
import Foundation
import NIOCore
import _CryptoExtras

/// Parses an OpenSSH private key file (`-----BEGIN OPENSSH PRIVATE KEY-----`, the `openssh-key-v1` format of
/// OpenSSH's PROTOCOL.key) into an `SSHPrivateKey`: ed25519, ECDSA P-256/384/521 and RSA. Passphrase-protected
/// keys are refused with an error naming the limitation. Pure: no I/O.
enum OpenSSHPrivateKey {
    static let beginMarker = "-----BEGIN OPENSSH PRIVATE KEY-----"
    static let endMarker = "-----END OPENSSH PRIVATE KEY-----"
    private static let magic = Array("openssh-key-v1\0".utf8)

    /// Reads the `sshKey` parameter: base64 of the key file (as AEP asks), or the key file text itself.
    static func parse(parameter: String) throws(DestinationError) -> SSHPrivateKey {
        let trimmed = parameter.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.hasPrefix("-----BEGIN") { return try parse(fileText: trimmed) }
        let compact = trimmed.filter { !$0.isWhitespace }
        guard let decoded = Data(base64Encoded: compact, options: .ignoreUnknownCharacters),
            let text = String(data: decoded, encoding: .utf8)
        else {
            throw invalid("sshKey must be the base64 encoding of an OpenSSH private key file")
        }
        return try parse(fileText: text)
    }

    /// Reads the text of an OpenSSH private key file.
    static func parse(fileText: String) throws(DestinationError) -> SSHPrivateKey {
        let text = fileText.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.hasPrefix("-----BEGIN RSA PRIVATE KEY-----") || text.hasPrefix("-----BEGIN PRIVATE KEY-----")
            || text.hasPrefix("-----BEGIN EC PRIVATE KEY-----") || text.hasPrefix("-----BEGIN ENCRYPTED PRIVATE KEY")
        {
            throw invalid(
                "sshKey is a PEM/PKCS key; convert it to the OpenSSH format (ssh-keygen -p -o -f KEYFILE) and use an "
                    + "ed25519 or ECDSA key")
        }
        guard let begin = text.range(of: beginMarker), let end = text.range(of: endMarker),
            begin.upperBound <= end.lowerBound
        else {
            throw invalid("sshKey is not an OpenSSH private key file (-----BEGIN OPENSSH PRIVATE KEY-----)")
        }
        let body = text[begin.upperBound..<end.lowerBound].filter { !$0.isWhitespace }
        guard let binary = Data(base64Encoded: String(body)) else {
            throw invalid("the OpenSSH private key body is not valid base64")
        }
        return try parse(binary: ByteBuffer(bytes: Array(binary)))
    }

    static func parse(binary: ByteBuffer) throws(DestinationError) -> SSHPrivateKey {
        var buffer = binary
        do {
            guard buffer.readBytes(length: magic.count) == magic else {
                throw SFTPProtocolError("missing openssh-key-v1 magic")
            }
            let cipher = try buffer.readSFTPText()
            let kdf = try buffer.readSFTPText()
            _ = try buffer.readSFTPString()  // kdf options
            guard cipher == "none", kdf == "none" else {
                throw DestinationErrorBox(
                    invalid(
                        "the SSH key is protected by a passphrase (\(cipher), \(kdf)); passphrase-protected keys are "
                            + "not supported yet: remove the passphrase (ssh-keygen -p -N '' -f KEYFILE) or use a "
                            + "dedicated key without one"))
            }
            let count: UInt32 = try buffer.readSFTPInteger()
            guard count == 1 else { throw SFTPProtocolError("the file holds \(count) keys; expected one") }
            _ = try buffer.readSFTPString()  // public key blob
            var secret = try buffer.readSFTPSlice()
            let check1: UInt32 = try secret.readSFTPInteger()
            let check2: UInt32 = try secret.readSFTPInteger()
            guard check1 == check2 else { throw SFTPProtocolError("check integers differ") }
            let type = try secret.readSFTPText()
            return try key(type: type, fields: &secret)
        } catch let error as DestinationErrorBox {
            throw error.error
        } catch let error as SFTPProtocolError {
            throw invalid("the SSH key could not be read (\(error.reason))")
        } catch {
            throw invalid("the SSH key could not be read")
        }
    }

    private static func key(type: String, fields: inout ByteBuffer) throws -> SSHPrivateKey {
        switch type {
        case "ssh-ed25519":
            _ = try fields.readSFTPString()  // public key
            let secret = try fields.readSFTPString()
            guard secret.count == 64 else { throw SFTPProtocolError("ed25519 secret of \(secret.count) bytes") }
            do {
                return .ed25519(try Curve25519.Signing.PrivateKey(rawRepresentation: secret[0..<32]))
            } catch {
                throw SFTPProtocolError("invalid ed25519 key")
            }
        case "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521":
            _ = try fields.readSFTPText()  // curve name
            _ = try fields.readSFTPString()  // public point
            let scalar = try fields.readSFTPString()
            return try ecdsaKey(type: type, scalar: scalar)
        case "ssh-rsa":
            // PROTOCOL.key: n, e, d, iqmp, p, q as mpints.
            let n = try fields.readSFTPString()
            let e = try fields.readSFTPString()
            let d = try fields.readSFTPString()
            _ = try fields.readSFTPString()  // iqmp
            let p = try fields.readSFTPString()
            let q = try fields.readSFTPString()
            let bits = n.drop(while: { $0 == 0 }).count * 8 - (n.first(where: { $0 != 0 })?.leadingZeroBitCount ?? 0)
            guard bits >= 2048 else {
                throw DestinationErrorBox(
                    invalid("the RSA SSH key has \(bits) bits; RSA keys need at least 2048 (ssh-keygen -t rsa -b 3072)"))
            }
            do {
                return .rsa(try _RSA.Signing.PrivateKey(n: n, e: e, d: d, p: p, q: q))
            } catch {
                throw SFTPProtocolError("invalid RSA key")
            }
        default:
            throw DestinationErrorBox(
                invalid("SSH key type '\(type)' is not supported; use an ed25519, ECDSA or RSA key"))
        }
    }

    private static func ecdsaKey(type: String, scalar: [UInt8]) throws(SFTPProtocolError) -> SSHPrivateKey {
        // An SSH mpint: big-endian, with a leading zero byte when the top bit is set.
        func fixed(_ width: Int) throws(SFTPProtocolError) -> [UInt8] {
            var bytes = Array(scalar.drop(while: { $0 == 0 }))
            guard bytes.count <= width else { throw SFTPProtocolError("ECDSA scalar too long") }
            bytes.insert(contentsOf: [UInt8](repeating: 0, count: width - bytes.count), at: 0)
            return bytes
        }
        do {
            switch type {
            case "ecdsa-sha2-nistp256":
                return .ecdsaP256(try P256.Signing.PrivateKey(rawRepresentation: try fixed(32)))
            case "ecdsa-sha2-nistp384":
                return .ecdsaP384(try P384.Signing.PrivateKey(rawRepresentation: try fixed(48)))
            default:
                return .ecdsaP521(try P521.Signing.PrivateKey(rawRepresentation: try fixed(66)))
            }
        } catch let error as SFTPProtocolError {
            throw error
        } catch {
            throw SFTPProtocolError("invalid ECDSA key")
        }
    }

    private static func invalid(_ message: String) -> DestinationError {
        DestinationError(.invalid, message)
    }
}

/// Carries a finished `DestinationError` through code that throws `SFTPProtocolError`.
private struct DestinationErrorBox: Error {
    var error: DestinationError
    init(_ error: DestinationError) { self.error = error }
}
