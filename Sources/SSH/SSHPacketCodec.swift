import NIOCore

/// Frames outgoing payloads into binary packets (RFC 4253 §6): random padding of at least 4 bytes to the
/// cipher's block size, sealed by the current protection with the sequence number, which wraps at 2^32.
struct SSHPacketWriter {
    var protection: any SSHPacketProtection = SSHPlainProtection()
    var sequence: UInt32 = 0
    /// Bytes sent under the current keys (rekey accounting).
    var bytesSinceKeys: Int = 0

    mutating func write(payload: ByteBuffer, into output: inout ByteBuffer) throws(SSHError) {
        let block = protection.blockSize
        let unaligned = (protection.lengthInClear ? 1 : 5) + payload.readableBytes
        var padding = block - unaligned % block
        if padding < 4 { padding += block }
        let packetLength = 1 + payload.readableBytes + padding
        guard packetLength <= SSHPacketFormat.maximumPacketLength else {
            throw SSHError(.protocolViolation, "an SSH packet of \(packetLength) bytes is too large to send")
        }
        var packet: [UInt8] = []
        packet.reserveCapacity(4 + packetLength)
        packet += SSHWire.uint32(UInt32(packetLength))
        packet.append(UInt8(padding))
        payload.withUnsafeReadableBytes { packet.append(contentsOf: $0) }
        var generator = SystemRandomNumberGenerator()
        var remaining = padding
        while remaining > 0 {
            let word: UInt64 = generator.next()
            for shift in stride(from: 0, to: min(8, remaining) * 8, by: 8) {
                packet.append(UInt8(truncatingIfNeeded: word >> UInt64(shift)))
            }
            remaining -= min(8, remaining)
        }
        let before = output.writerIndex
        try protection.seal(packet, sequence: sequence, into: &output)
        bytesSinceKeys += output.writerIndex - before
        sequence &+= 1
    }
}

/// Cuts received bytes into packets and opens them with the current protection; bounded by
/// `SSHPacketFormat.maximumPacketLength`.
struct SSHPacketReader {
    var protection: any SSHPacketProtection = SSHPlainProtection()
    var sequence: UInt32 = 0
    /// Bytes received under the current keys (rekey accounting).
    var bytesSinceKeys: Int = 0
    /// The sequence number of the last packet returned (for SSH_MSG_UNIMPLEMENTED).
    private(set) var lastSequence: UInt32 = 0
    private var pendingLength: Int?

    /// The next payload in `buffer` (consumed from it), or nil when more bytes are needed.
    mutating func next(from buffer: inout ByteBuffer) throws(SSHError) -> ByteBuffer? {
        let span = protection.lengthFieldSpan
        let total: Int
        if let pendingLength {
            total = pendingLength
        } else {
            guard buffer.readableBytes >= span, let head = buffer.getBytes(at: buffer.readerIndex, length: span) else {
                return nil
            }
            let length = Int(try protection.packetLength(head, sequence: sequence))
            let aligned = protection.lengthInClear ? length : length + 4
            guard length >= 5, length <= SSHPacketFormat.maximumPacketLength, aligned % protection.blockSize == 0
            else {
                throw SSHError(.protocolViolation, "the SSH server sent a packet with an invalid length")
            }
            total = 4 + length + protection.tagLength
            pendingLength = total
        }
        guard buffer.readableBytes >= total, let packet = buffer.readBytes(length: total) else { return nil }
        pendingLength = nil
        let body = try protection.open(packet, sequence: sequence)
        lastSequence = sequence
        sequence &+= 1
        bytesSinceKeys += total
        guard let paddingLength = body.first.map(Int.init), paddingLength >= 4, paddingLength < body.count else {
            throw SSHError(.protocolViolation, "the SSH server sent a packet with invalid padding")
        }
        let payload = body[1..<(body.count - paddingLength)]
        guard !payload.isEmpty else { throw SSHError.malformed("packet (empty payload)") }
        return ByteBuffer(bytes: payload)
    }
}
