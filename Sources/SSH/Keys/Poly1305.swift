/// The Poly1305 one-time authenticator (RFC 8439 2.5), in the 26-bit-limb form of Andrew Moon's
/// poly1305-donna-32. swift-crypto only offers it inside ChaChaPoly's IETF AEAD, whose tag covers lengths
/// and padding that OpenSSH's `chacha20-poly1305@openssh.com` does not use, so key files need it alone.
enum Poly1305 {
    /// The 16-byte tag of `message` under the 32-byte one-time `key` (r || s); empty for a key of another size.
    static func tag(_ message: some Collection<UInt8>, key: [UInt8]) -> [UInt8] {
        guard key.count == 32 else { return [] }
        let mask: UInt64 = 0x3FF_FFFF
        let r0 = word(key, 0) & 0x3FF_FFFF
        let r1 = (word(key, 3) >> 2) & 0x3FF_FF03
        let r2 = (word(key, 6) >> 4) & 0x3FF_C0FF
        let r3 = (word(key, 9) >> 6) & 0x3F0_3FFF
        let r4 = (word(key, 12) >> 8) & 0x00F_FFFF
        let (s1, s2, s3, s4) = (r1 * 5, r2 * 5, r3 * 5, r4 * 5)
        var (h0, h1, h2, h3, h4): (UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0)

        let bytes = Array(message)
        var offset = 0
        while offset < bytes.count {
            var block = Array(bytes[offset..<min(offset + 16, bytes.count)])
            var highBit: UInt64 = 1 << 24
            if block.count < 16 {
                block.append(1)
                block += [UInt8](repeating: 0, count: 16 - block.count)
                highBit = 0
            }
            offset += 16
            h0 += word(block, 0) & mask
            h1 += (word(block, 3) >> 2) & mask
            h2 += (word(block, 6) >> 4) & mask
            h3 += (word(block, 9) >> 6) & mask
            h4 += (word(block, 12) >> 8) | highBit
            let d0 = h0 * r0 + h1 * s4 + h2 * s3 + h3 * s2 + h4 * s1
            var d1 = h0 * r1 + h1 * r0 + h2 * s4 + h3 * s3 + h4 * s2
            var d2 = h0 * r2 + h1 * r1 + h2 * r0 + h3 * s4 + h4 * s3
            var d3 = h0 * r3 + h1 * r2 + h2 * r1 + h3 * r0 + h4 * s4
            var d4 = h0 * r4 + h1 * r3 + h2 * r2 + h3 * r1 + h4 * r0
            var carry = d0 >> 26
            h0 = d0 & mask
            d1 += carry
            carry = d1 >> 26
            h1 = d1 & mask
            d2 += carry
            carry = d2 >> 26
            h2 = d2 & mask
            d3 += carry
            carry = d3 >> 26
            h3 = d3 & mask
            d4 += carry
            carry = d4 >> 26
            h4 = d4 & mask
            h0 += carry * 5
            carry = h0 >> 26
            h0 &= mask
            h1 += carry
        }

        // Full carry, then h mod 2^130 - 5 by computing h + 5 - 2^130 and keeping it when it does not underflow.
        var carry = h1 >> 26
        h1 &= mask
        h2 += carry
        carry = h2 >> 26
        h2 &= mask
        h3 += carry
        carry = h3 >> 26
        h3 &= mask
        h4 += carry
        carry = h4 >> 26
        h4 &= mask
        h0 += carry * 5
        carry = h0 >> 26
        h0 &= mask
        h1 += carry
        var g0 = h0 + 5
        carry = g0 >> 26
        g0 &= mask
        var g1 = h1 + carry
        carry = g1 >> 26
        g1 &= mask
        var g2 = h2 + carry
        carry = g2 >> 26
        g2 &= mask
        var g3 = h3 + carry
        carry = g3 >> 26
        g3 &= mask
        let g4 = h4 &+ carry &- (1 << 26)
        if g4 >> 63 == 0 {  // h >= 2^130 - 5: use g
            (h0, h1, h2, h3, h4) = (g0, g1, g2, g3, g4)
        }
        let w0 = (h0 | (h1 << 26)) & 0xFFFF_FFFF
        let w1 = ((h1 >> 6) | (h2 << 20)) & 0xFFFF_FFFF
        let w2 = ((h2 >> 12) | (h3 << 14)) & 0xFFFF_FFFF
        let w3 = ((h3 >> 18) | (h4 << 8)) & 0xFFFF_FFFF
        var output: [UInt8] = []
        var sum: UInt64 = 0
        for (index, value) in [w0, w1, w2, w3].enumerated() {
            sum = value + word(key, 16 + index * 4) + (sum >> 32)
            let low = sum & 0xFFFF_FFFF
            output += [UInt8(low & 0xFF), UInt8((low >> 8) & 0xFF), UInt8((low >> 16) & 0xFF), UInt8(low >> 24)]
        }
        return output
    }

    /// Four bytes at `offset` as a little-endian word.
    private static func word(_ bytes: [UInt8], _ offset: Int) -> UInt64 {
        UInt64(bytes[offset]) | UInt64(bytes[offset + 1]) << 8 | UInt64(bytes[offset + 2]) << 16
            | UInt64(bytes[offset + 3]) << 24
    }
}
