import Crypto

/// OpenSSH's `bcrypt_pbkdf` (OpenBSD bcrypt_pbkdf.c): the key derivation of passphrase-protected
/// `openssh-key-v1` files. PBKDF2's structure with SHA-512 pre-hashing and bcrypt's eksblowfish as the
/// pseudo-random function; output bytes are interleaved across the 32-byte blocks.
enum BcryptPBKDF {
    /// Rounds above this are refused so a hostile key file cannot keep the CPU busy (ssh-keygen writes 16).
    static let maximumRounds = 1024
    /// The most output bytes `bcrypt_pbkdf` defines (32 blocks of 32 bytes).
    static let maximumKeyLength = 1024

    /// The failures the derivation itself can report (the callers phrase them for the user).
    enum Failure: Error, Equatable {
        case rounds(Int)
        case keyLength(Int)
        case emptySalt
    }

    /// Derives `keyLength` bytes from `password` and `salt` with `rounds` iterations.
    static func derive(password: [UInt8], salt: [UInt8], rounds: Int, keyLength: Int) throws(Failure) -> [UInt8] {
        guard (1...maximumRounds).contains(rounds) else { throw .rounds(rounds) }
        guard (1...maximumKeyLength).contains(keyLength) else { throw .keyLength(keyLength) }
        guard !salt.isEmpty, salt.count <= 1 << 20 else { throw .emptySalt }

        let blockLength = 32
        let stride = (keyLength + blockLength - 1) / blockLength
        var amount = (keyLength + stride - 1) / stride
        let passwordHash = Array(SHA512.hash(data: password))
        var key = [UInt8](repeating: 0, count: keyLength)
        var remaining = keyLength
        var count: UInt32 = 1
        while remaining > 0 {
            let countSalt =
                salt + [
                    UInt8(count >> 24), UInt8((count >> 16) & 0xFF), UInt8((count >> 8) & 0xFF), UInt8(count & 0xFF),
                ]
            var blockOutput = hash(password: passwordHash, salt: Array(SHA512.hash(data: countSalt)))
            var output = blockOutput
            for _ in 1..<rounds {
                blockOutput = hash(password: passwordHash, salt: Array(SHA512.hash(data: blockOutput)))
                for index in 0..<blockLength { output[index] ^= blockOutput[index] }
            }
            amount = min(amount, remaining)
            var written = 0
            while written < amount {
                let destination = written * stride + Int(count - 1)
                if destination >= keyLength { break }
                key[destination] = output[written]
                written += 1
            }
            remaining -= written
            count += 1
        }
        return key
    }

    /// `bcrypt_hash`: eksblowfish keyed by the hashed password and salt, then 64 encryptions of
    /// "OxychromaticBlowfishSwatDynamite", written out as little-endian words.
    static func hash(password: [UInt8], salt: [UInt8]) -> [UInt8] {
        var cipher = Blowfish()
        cipher.expand(data: salt, key: password)
        for _ in 0..<64 {
            cipher.expand(key: salt)
            cipher.expand(key: password)
        }
        let magic = Array("OxychromaticBlowfishSwatDynamite".utf8)
        var words = (0..<8).map { index in
            magic[index * 4..<index * 4 + 4].reduce(UInt32(0)) { ($0 << 8) | UInt32($1) }
        }
        for _ in 0..<64 { cipher.encrypt(blocks: &words) }
        return words.flatMap { word in
            [UInt8(word & 0xFF), UInt8((word >> 8) & 0xFF), UInt8((word >> 16) & 0xFF), UInt8(word >> 24)]
        }
    }
}
