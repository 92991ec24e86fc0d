import Crypto
import Foundation
import NIOCore
import OutflowTestSupport
import Testing
import _CryptoExtras

@testable import SSH

/// The binary packet protocol: every cipher/MAC round-trips through writer and reader, sealed packets open
/// through an independent swift-crypto path, and damaged or oversized input fails with typed errors.
@Suite(.onDedicatedThreads) struct SSHPacketCodecTests {
    private static let combinations: [(SSHCipherAlgorithm, SSHMACAlgorithm?)] = [
        (.aes256GCM, nil), (.aes128GCM, nil),
        (.aes128CTR, .hmacSHA256), (.aes256CTR, .hmacSHA512),
        (.aes128CTR, .hmacSHA256ETM), (.aes256CTR, .hmacSHA512ETM), (.chacha20Poly1305, nil),
    ]

    private func keys(_ cipher: SSHCipherAlgorithm, _ mac: SSHMACAlgorithm?) -> SSHDirectionKeys {
        SSHDirectionKeys(
            cipher: cipher, mac: mac, iv: (0..<cipher.ivLength).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 3) },
            encryptionKey: (0..<cipher.keyLength).map { UInt8(truncatingIfNeeded: $0 &* 13 &+ 1) },
            macKey: (0..<(mac?.keyLength ?? 0)).map { UInt8(truncatingIfNeeded: $0 &* 5 &+ 9) })
    }

    private func payloads() -> [ByteBuffer] {
        [1, 2, 15, 16, 17, 255, 4096, 32 * 1024 + 13].map { size in
            ByteBuffer(bytes: [SSHMessage.channelData] + (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        }
    }

    @Test(arguments: combinations.indices)
    func packetsRoundTripThroughWriterAndReader(index: Int) throws {
        let (cipher, mac) = Self.combinations[index]
        var writer = SSHPacketWriter()
        writer.protection = try SSHPacketFormat.protection(for: keys(cipher, mac))
        var reader = SSHPacketReader()
        reader.protection = try SSHPacketFormat.protection(for: keys(cipher, mac))
        var wire = ByteBuffer()
        for payload in payloads() { try writer.write(payload: payload, into: &wire) }
        // Feed the stream a few bytes at a time: the reader must wait for whole packets.
        var received: [ByteBuffer] = []
        var pending = ByteBuffer()
        while wire.readableBytes > 0 {
            var chunk = wire.readSlice(length: min(777, wire.readableBytes)) ?? ByteBuffer()
            pending.writeBuffer(&chunk)
            while let payload = try reader.next(from: &pending) { received.append(payload) }
        }
        #expect(received == payloads())
        #expect(reader.sequence == UInt32(payloads().count))
    }

    @Test func aesGCMPacketsOpenWithSwiftCryptoDirectly() throws {
        let direction = keys(.aes256GCM, nil)
        var writer = SSHPacketWriter()
        writer.protection = try SSHPacketFormat.protection(for: direction)
        var wire = ByteBuffer()
        try writer.write(payload: ByteBuffer(bytes: [94, 1, 2, 3]), into: &wire)
        try writer.write(payload: ByteBuffer(bytes: [94, 4, 5]), into: &wire)
        var bytes = Array(wire.readableBytesView)
        for invocation in 0..<2 {
            let length = Int(bytes[0]) << 24 | Int(bytes[1]) << 16 | Int(bytes[2]) << 8 | Int(bytes[3])
            #expect(length % 16 == 0)
            var nonce = direction.iv
            nonce[11] &+= UInt8(invocation)  // the invocation counter is the IV's last 8 bytes
            let box = try AES.GCM.SealedBox(
                nonce: AES.GCM.Nonce(data: nonce), ciphertext: bytes[4..<(4 + length)],
                tag: bytes[(4 + length)..<(4 + length + 16)])
            let plain = Array(
                try AES.GCM.open(box, using: SymmetricKey(data: direction.encryptionKey), authenticating: bytes[0..<4]))
            let padding = Int(plain[0])
            #expect(padding >= 4)
            #expect(Array(plain[1..<(plain.count - padding)]) == (invocation == 0 ? [94, 1, 2, 3] : [94, 4, 5]))
            bytes.removeFirst(4 + length + 16)
        }
        #expect(bytes.isEmpty)
    }

    @Test func aesCTRWithHMACPacketsOpenWithSwiftCryptoDirectly() throws {
        let direction = keys(.aes128CTR, .hmacSHA256)
        var writer = SSHPacketWriter()
        writer.protection = try SSHPacketFormat.protection(for: direction)
        writer.sequence = 41
        var wire = ByteBuffer()
        try writer.write(payload: ByteBuffer(bytes: [94, 9, 8, 7]), into: &wire)
        let bytes = Array(wire.readableBytesView)
        let body = bytes.dropLast(32)
        let plain = Array(
            try AES._CTR.decrypt(
                body, using: SymmetricKey(data: direction.encryptionKey), nonce: .init(nonceBytes: direction.iv)))
        #expect(plain.count % 16 == 0)
        let mac = HMAC<SHA256>.authenticationCode(
            for: [0, 0, 0, 41] + plain, using: SymmetricKey(data: direction.macKey))
        #expect(Array(mac) == Array(bytes.suffix(32)))
        let padding = Int(plain[4])
        #expect(Array(plain[5..<(plain.count - padding)]) == [94, 9, 8, 7])
    }

    @Test(arguments: combinations.indices)
    func aFlippedBitFailsAuthentication(index: Int) throws {
        let (cipher, mac) = Self.combinations[index]
        var writer = SSHPacketWriter()
        writer.protection = try SSHPacketFormat.protection(for: keys(cipher, mac))
        var reader = SSHPacketReader()
        reader.protection = try SSHPacketFormat.protection(for: keys(cipher, mac))
        var wire = ByteBuffer()
        try writer.write(payload: ByteBuffer(bytes: Array(repeating: 94, count: 100)), into: &wire)
        var bytes = Array(wire.readableBytesView)
        bytes[bytes.count - 40] ^= 0x10
        var damaged = ByteBuffer(bytes: bytes)
        #expect(throws: SSHError.self) { _ = try reader.next(from: &damaged) }
    }

    @Test(
        arguments: [
            [0, 0, 0, 0, 0, 0, 0, 0],  // zero length
            [0x7F, 0xFF, 0xFF, 0xFF, 4, 0, 0, 0],  // beyond the 256 KiB bound
            [0, 0, 0, 7, 4, 0, 0, 0, 0, 0, 0],  // not a multiple of the block size
            [0, 0, 0, 12, 200, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11],  // padding longer than the packet
        ] as [[UInt8]])
    func malformedPlainPacketsAreRefused(bytes: [UInt8]) {
        var reader = SSHPacketReader()
        var buffer = ByteBuffer(bytes: bytes)
        #expect(throws: SSHError.self) { _ = try reader.next(from: &buffer) }
    }

    @Test func truncatedMessagesFailWithTypedErrors() {
        var kexInit = ByteBuffer(bytes: [SSHMessage.kexInit, 1, 2, 3])
        #expect(throws: SSHError.self) { _ = try SSHKexInit(payload: kexInit) }
        kexInit = ByteBuffer(bytes: [SSHMessage.kexInit] + Array(repeating: 0, count: 16) + [0, 0, 0xFF, 0xFF, 65])
        #expect(throws: SSHError.self) { _ = try SSHKexInit(payload: kexInit) }
        #expect(throws: SSHError.self) { _ = try SSHHostKey(blob: [0, 0, 0, 11] + Array("ssh-ed25519".utf8)) }
        #expect(throws: SSHError.self) { _ = try SSHHostKey(blob: [0, 0, 0, 3] + Array("dsa".utf8)) }
        var negative = ByteBuffer(bytes: [0, 0, 0, 1, 0x80])
        #expect(throws: SSHError.self) { _ = try negative.readSSHUnsignedMPInt() }
    }
}
