/// Frames a packet body of unknown length with partial body lengths (RFC 4880 section 4.2.2.4): full
/// chunks of `chunkSize` (a power of two, at least 512) each behind a one-octet partial length, then the
/// rest behind a normal length, which may be zero. Memory stays bounded by one chunk plus one input.
struct PGPPartialBodyFramer: Sendable {
    let chunkSize: Int
    private let partialOctet: UInt8
    private var pending: [UInt8] = []
    private var headerPending: [UInt8]

    /// Starts a packet with `tag`; `chunkSize` is clamped to a power of two in 512...1 GiB.
    init(tag: PGPPacket.Tag, chunkSize: Int) {
        var exponent = 9
        while exponent < 30, 1 << (exponent + 1) <= chunkSize { exponent += 1 }
        self.chunkSize = 1 << exponent
        self.partialOctet = 0xE0 | UInt8(exponent)
        self.headerPending = [0xC0 | tag.rawValue]
        pending.reserveCapacity(self.chunkSize)
    }

    /// Adds body bytes; returns the framed bytes that are ready (whole chunks only; the final length can only
    /// be written once the body is known to end, so at least one byte is always held back).
    mutating func append(_ bytes: some Collection<UInt8>, into output: inout [UInt8]) {
        pending.append(contentsOf: bytes)
        guard pending.count > chunkSize else { return }
        var start = 0
        while pending.count - start > chunkSize {
            output.append(contentsOf: headerPending)
            headerPending = []
            output.append(partialOctet)
            output.append(contentsOf: pending[start..<(start + chunkSize)])
            start += chunkSize
        }
        pending.removeSubrange(0..<start)
    }

    /// Ends the body: the remaining bytes behind a normal length.
    mutating func finish(into output: inout [UInt8]) {
        output.append(contentsOf: headerPending)
        headerPending = []
        output.append(contentsOf: PGPPacket.lengthOctets(pending.count))
        output.append(contentsOf: pending)
        pending = []
    }
}
