import Crypto
import Foundation
import _CryptoExtras

extension SSHPrivateKey {
    /// The public half in the SSH wire encoding (RFC 4253 6.6, RFC 5656 3.1, RFC 8709): the blob that
    /// `authorized_keys` and `.pub` files hold in base64, and that public-key authentication sends.
    public var publicKeyBlob: [UInt8] {
        var blob = SSHWireWriter()
        blob.write(string: Array(typeName.utf8))
        switch self {
        case .ed25519(let key):
            blob.write(string: Array(key.publicKey.rawRepresentation))
        case .ecdsaP256(let key):
            blob.write(string: Array("nistp256".utf8))
            blob.write(string: Array(key.publicKey.x963Representation))
        case .ecdsaP384(let key):
            blob.write(string: Array("nistp384".utf8))
            blob.write(string: Array(key.publicKey.x963Representation))
        case .ecdsaP521(let key):
            blob.write(string: Array("nistp521".utf8))
            blob.write(string: Array(key.publicKey.x963Representation))
        case .rsa(let key):
            // Primitives of a key that parsed are always available; an empty blob would only fail to match.
            let primitives = try? key.publicKey.getKeyPrimitives()
            blob.write(mpint: Array(primitives?.publicExponent ?? .init()))
            blob.write(mpint: Array(primitives?.modulus ?? .init()))
        }
        return blob.bytes
    }

    /// The public key as a `.pub` / `authorized_keys` line without a comment: `TYPE BASE64`.
    public var openSSHPublicKey: String {
        "\(typeName) \(Data(publicKeyBlob).base64EncodedString())"
    }
}

/// Writes the SSH wire encoding (RFC 4251 5): length-prefixed strings and mpints.
struct SSHWireWriter {
    private(set) var bytes: [UInt8] = []

    mutating func write(uint32 value: UInt32) {
        bytes += [UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)]
    }

    mutating func write(string: [UInt8]) {
        write(uint32: UInt32(string.count))
        bytes += string
    }

    /// A non-negative big-endian integer as an `mpint`: no leading zeros, plus one zero byte when the top bit
    /// would otherwise make it negative.
    mutating func write(mpint magnitude: [UInt8]) {
        var value = Array(magnitude.drop(while: { $0 == 0 }))
        if let first = value.first, first & 0x80 != 0 { value.insert(0, at: 0) }
        write(string: value)
    }
}
