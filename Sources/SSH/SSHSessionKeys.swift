/// The keys one key exchange yields for one direction (RFC 4253 §7.2).
struct SSHDirectionKeys: Sendable {
    var cipher: SSHCipherAlgorithm
    var mac: SSHMACAlgorithm?
    var iv: [UInt8]
    var encryptionKey: [UInt8]
    var macKey: [UInt8]
}

/// Key derivation of RFC 4253 §7.2: `HASH(K || H || letter || session_id)`, extended with
/// `HASH(K || H || K1 || K2 ...)` until long enough.
enum SSHSessionKeys {
    static func derive(
        hash: SSHHashFunction, sharedSecret: [UInt8], exchangeHash: [UInt8], sessionID: [UInt8],
        letter: Character, length: Int
    ) -> [UInt8] {
        guard length > 0 else { return [] }
        let k = SSHWire.encodedMPInt(unsigned: sharedSecret)
        let letterByte = letter.asciiValue ?? 0
        var output = hash.digest(k + exchangeHash + [letterByte] + sessionID)
        while output.count < length {
            output += hash.digest(k + exchangeHash + output)
        }
        return Array(output.prefix(length))
    }

    /// The client-to-server (letters A, C, E) and server-to-client (B, D, F) keys.
    static func directions(
        algorithms: SSHNegotiatedAlgorithms, sharedSecret: [UInt8], exchangeHash: [UInt8], sessionID: [UInt8]
    ) -> (outbound: SSHDirectionKeys, inbound: SSHDirectionKeys) {
        func key(_ letter: Character, _ length: Int) -> [UInt8] {
            derive(
                hash: algorithms.kex.hash, sharedSecret: sharedSecret, exchangeHash: exchangeHash,
                sessionID: sessionID, letter: letter, length: length)
        }
        let out = algorithms.cipherClientToServer
        let inn = algorithms.cipherServerToClient
        let outbound = SSHDirectionKeys(
            cipher: out, mac: algorithms.macClientToServer, iv: key("A", out.ivLength),
            encryptionKey: key("C", out.keyLength), macKey: key("E", algorithms.macClientToServer?.keyLength ?? 0))
        let inbound = SSHDirectionKeys(
            cipher: inn, mac: algorithms.macServerToClient, iv: key("B", inn.ivLength),
            encryptionKey: key("D", inn.keyLength), macKey: key("F", algorithms.macServerToClient?.keyLength ?? 0))
        return (outbound, inbound)
    }
}
