import Crypto

/// Streams one file into an OpenPGP message for one recipient: a v3 public-key encrypted session key
/// packet, then a symmetrically encrypted integrity-protected data packet (tag 18, version 1; AES-256 in
/// CFB mode, SHA-1 modification detection code) around a binary literal data packet. Both packets of
/// unknown length use partial body lengths, so memory stays bounded whatever the file's size. No
/// compression packet: exported files are already compressed. Use from one task.
public struct PGPEncryptor: Sendable {
    /// The default partial-body chunk (64 KiB).
    public static let defaultChunkSize = 1 << 16

    private var literal: PGPPartialBodyFramer
    private var encrypted: PGPPartialBodyFramer
    private var cipher: PGPCFBStream
    private var mdc = Insecure.SHA1()
    private var header: [UInt8]
    private var finished = false

    /// Starts a message to `recipient` whose literal packet names `fileName` (truncated to 255 UTF-8 octets).
    /// `chunkSize` (a power of two, at least 512) sets the partial-body chunk of both packets.
    public init(recipient: PGPRecipient, fileName: String, chunkSize: Int = defaultChunkSize) throws(PGPError) {
        let sessionKey = SymmetricKey(size: .bits256)
        let keyBytes = sessionKey.withUnsafeBytes { Array($0) }
        var header = try PGPSessionKeyPacket.encode(sessionKey: keyBytes, to: recipient.key)
        literal = PGPPartialBodyFramer(tag: .literalData, chunkSize: chunkSize)
        encrypted = PGPPartialBodyFramer(tag: .symmetricallyEncryptedIntegrityProtectedData, chunkSize: chunkSize)
        cipher = PGPCFBStream(key: sessionKey)
        encrypted.append([1], into: &header)
        // The random prefix with its last two octets repeated (the quick check), hashed into the MDC.
        var prefix = [UInt8](repeating: 0, count: 16)
        var generator = SystemRandomNumberGenerator()
        for index in prefix.indices { prefix[index] = generator.next() }
        prefix += prefix[14...15]
        let name = Array(fileName.utf8.prefix(255))
        let literalHead: [UInt8] = [UInt8(ascii: "b"), UInt8(name.count)] + name + [0, 0, 0, 0]
        var plaintext = prefix
        literal.append(literalHead, into: &plaintext)
        self.header = []
        try seal(plaintext, into: &header)
        self.header = header
    }

    /// Encrypts `bytes`; returns the ciphertext ready to send (possibly empty while a chunk fills; the first
    /// call also returns the session key packet).
    public mutating func update(_ bytes: [UInt8]) throws(PGPError) -> [UInt8] {
        guard !finished else { throw PGPError(.encryptionFailed, "the message is already finished") }
        var plaintext: [UInt8] = []
        plaintext.reserveCapacity(bytes.count + 16)
        literal.append(bytes, into: &plaintext)
        var output = header
        header = []
        try seal(plaintext, into: &output)
        return output
    }

    /// Ends the literal packet, appends the modification detection code and returns the rest of the message.
    public mutating func finish() throws(PGPError) -> [UInt8] {
        guard !finished else { throw PGPError(.encryptionFailed, "the message is already finished") }
        finished = true
        var plaintext: [UInt8] = []
        literal.finish(into: &plaintext)
        plaintext += [0xD3, 0x14]
        mdc.update(data: plaintext)
        plaintext += Array(mdc.finalize())
        var output = header
        header = []
        var ciphertext: [UInt8] = []
        try cipher.encrypt(plaintext, into: &ciphertext)
        try cipher.finish(into: &ciphertext)
        encrypted.append(ciphertext, into: &output)
        encrypted.finish(into: &output)
        return output
    }

    /// Hashes plaintext into the MDC, encrypts it and frames the ciphertext.
    private mutating func seal(_ plaintext: [UInt8], into output: inout [UInt8]) throws(PGPError) {
        guard !plaintext.isEmpty else { return }
        mdc.update(data: plaintext)
        var ciphertext: [UInt8] = []
        try cipher.encrypt(plaintext, into: &ciphertext)
        encrypted.append(ciphertext, into: &output)
    }
}
