import Crypto

/// What the server stores for SCRAM-SHA-256 (RFC 5802, RFC 7677): the salt, the iteration count, StoredKey and
/// ServerKey, derived from the password once. It verifies a client's proof without ever holding the password.
public struct SCRAMVerifier: Sendable, Equatable {
    public var salt: [UInt8]
    public var iterations: Int
    public var storedKey: [UInt8]
    public var serverKey: [UInt8]

    public init(salt: [UInt8], iterations: Int, storedKey: [UInt8], serverKey: [UInt8]) {
        self.salt = salt
        self.iterations = iterations
        self.storedKey = storedKey
        self.serverKey = serverKey
    }

    /// Derives the verifier of `password` (UTF-8, used as it is: no SASLprep, as PostgreSQL does for passwords that
    /// SASLprep would reject) with `salt` and `iterations` (PostgreSQL's default is 4096).
    public init(password: String, salt: [UInt8], iterations: Int = 4096) {
        let salted = Self.saltedPassword(password, salt: salt, iterations: iterations)
        let clientKey = Self.hmac(key: salted, "Client Key")
        self.init(
            salt: salt, iterations: iterations, storedKey: Array(SHA256.hash(data: clientKey)),
            serverKey: Self.hmac(key: salted, "Server Key"))
    }

    /// Whether `password` is the one this verifier was made from (for cleartext-password authentication).
    public func matches(password: String) -> Bool {
        let other = SCRAMVerifier(password: password, salt: salt, iterations: iterations)
        return Self.constantTimeEqual(other.storedKey, storedKey) && Self.constantTimeEqual(other.serverKey, serverKey)
    }

    /// Hi(password, salt, i) of RFC 5802: PBKDF2 with HMAC-SHA-256, one 32-byte block.
    static func saltedPassword(_ password: String, salt: [UInt8], iterations: Int) -> [UInt8] {
        let key = SymmetricKey(data: Array(password.utf8))
        var block = Array(HMAC<SHA256>.authenticationCode(for: salt + [0, 0, 0, 1], using: key))
        var result = block
        for _ in 1..<max(iterations, 1) {
            block = Array(HMAC<SHA256>.authenticationCode(for: block, using: key))
            for index in result.indices { result[index] ^= block[index] }
        }
        return result
    }

    static func hmac(key: [UInt8], _ message: String) -> [UInt8] {
        hmac(key: key, Array(message.utf8))
    }

    static func hmac(key: [UInt8], _ message: [UInt8]) -> [UInt8] {
        Array(HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: key)))
    }

    static func constantTimeEqual(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        guard lhs.count == rhs.count else { return false }
        var difference: UInt8 = 0
        for index in lhs.indices { difference |= lhs[index] ^ rhs[index] }
        return difference == 0
    }
}
