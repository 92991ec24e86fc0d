/// The Poly1305 one-time authenticator (RFC 8439 §2.5) for `chacha20-poly1305@openssh.com`, in 26-bit limbs
/// (after poly1305-donna). swift-crypto exposes Poly1305 only inside its ChaChaPoly AEAD, whose padding and
/// length block differ from OpenSSH's construction.
enum SSHPoly1305 {
    private static let mask26: UInt64 = 0x3ff_ffff

    private static func le32(_ bytes: UnsafeRawBufferPointer, _ offset: Int) -> UInt64 {
        UInt64(bytes[offset]) | UInt64(bytes[offset + 1]) << 8 | UInt64(bytes[offset + 2]) << 16
            | UInt64(bytes[offset + 3]) << 24
    }

    /// The 16-byte tag of `message` under a 32-byte one-time `key` (r ‖ s).
    static func tag(key: [UInt8], message: [UInt8]) -> [UInt8] {
        guard key.count == 32 else { return [] }  // never equal to a real tag
        return key.withUnsafeBytes { k in
            message.withUnsafeBytes { m in compute(key: k, message: m) }
        }
    }

    private static func compute(key k: UnsafeRawBufferPointer, message m: UnsafeRawBufferPointer) -> [UInt8] {
        let r0 = le32(k, 0) & 0x3ff_ffff
        let r1 = (le32(k, 3) >> 2) & 0x3ff_ff03
        let r2 = (le32(k, 6) >> 4) & 0x3ff_c0ff
        let r3 = (le32(k, 9) >> 6) & 0x3f0_3fff
        let r4 = (le32(k, 12) >> 8) & 0x00f_ffff
        let s1 = r1 * 5
        let s2 = r2 * 5
        let s3 = r3 * 5
        let s4 = r4 * 5
        var h: (UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0)
        func absorb(_ block: UnsafeRawBufferPointer, hibit: UInt64) {
            var (h0, h1, h2, h3, h4) = h
            h0 += le32(block, 0) & mask26
            h1 += (le32(block, 3) >> 2) & mask26
            h2 += (le32(block, 6) >> 4) & mask26
            h3 += (le32(block, 9) >> 6) & mask26
            h4 += (le32(block, 12) >> 8) | hibit
            let d0 = h0 * r0 + h1 * s4 + h2 * s3 + h3 * s2 + h4 * s1
            var d1 = h0 * r1 + h1 * r0 + h2 * s4 + h3 * s3 + h4 * s2
            var d2 = h0 * r2 + h1 * r1 + h2 * r0 + h3 * s4 + h4 * s3
            var d3 = h0 * r3 + h1 * r2 + h2 * r1 + h3 * r0 + h4 * s4
            var d4 = h0 * r4 + h1 * r3 + h2 * r2 + h3 * r1 + h4 * r0
            var c = d0 >> 26
            h0 = d0 & mask26
            d1 += c
            c = d1 >> 26
            h1 = d1 & mask26
            d2 += c
            c = d2 >> 26
            h2 = d2 & mask26
            d3 += c
            c = d3 >> 26
            h3 = d3 & mask26
            d4 += c
            c = d4 >> 26
            h4 = d4 & mask26
            h0 += c * 5
            c = h0 >> 26
            h0 &= mask26
            h1 += c
            h = (h0, h1, h2, h3, h4)
        }
        var offset = 0
        while m.count - offset >= 16 {
            absorb(UnsafeRawBufferPointer(rebasing: m[offset..<(offset + 16)]), hibit: 1 << 24)
            offset += 16
        }
        let remaining = m.count - offset
        if remaining > 0 {
            var last = [UInt8](repeating: 0, count: 16)
            for index in 0..<remaining { last[index] = m[offset + index] }
            last[remaining] = 1
            last.withUnsafeBytes { absorb($0, hibit: 0) }
        }
        var (h0, h1, h2, h3, h4) = h
        var c = h1 >> 26
        h1 &= mask26
        h2 += c
        c = h2 >> 26
        h2 &= mask26
        h3 += c
        c = h3 >> 26
        h3 &= mask26
        h4 += c
        c = h4 >> 26
        h4 &= mask26
        h0 += c * 5
        c = h0 >> 26
        h0 &= mask26
        h1 += c
        // h - p, kept when h >= p.
        var g0 = h0 + 5
        c = g0 >> 26
        g0 &= mask26
        var g1 = h1 + c
        c = g1 >> 26
        g1 &= mask26
        var g2 = h2 + c
        c = g2 >> 26
        g2 &= mask26
        var g3 = h3 + c
        c = g3 >> 26
        g3 &= mask26
        let g4 = (h4 &+ c &- (1 << 26)) & 0xffff_ffff
        let keepG = ((g4 >> 31) ^ 1) &* 0xffff_ffff  // all ones when g4 did not go negative
        h0 = (h0 & ~keepG) | (g0 & keepG)
        h1 = (h1 & ~keepG) | (g1 & keepG)
        h2 = (h2 & ~keepG) | (g2 & keepG)
        h3 = (h3 & ~keepG) | (g3 & keepG)
        h4 = (h4 & ~keepG) | (g4 & keepG)
        let w0 = (h0 | h1 << 26) & 0xffff_ffff
        let w1 = (h1 >> 6 | h2 << 20) & 0xffff_ffff
        let w2 = (h2 >> 12 | h3 << 14) & 0xffff_ffff
        let w3 = (h3 >> 18 | h4 << 8) & 0xffff_ffff
        var f = w0 + le32(k, 16)
        var out: [UInt8] = []
        out.reserveCapacity(16)
        for (index, word) in [w1, w2, w3].enumerated() {
            appendLE(&out, f)
            f = word + le32(k, 20 + index * 4) + (f >> 32)
        }
        appendLE(&out, f)
        return out
    }

    private static func appendLE(_ out: inout [UInt8], _ value: UInt64) {
        for shift in stride(from: 0, to: 32, by: 8) { out.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
    }
}
