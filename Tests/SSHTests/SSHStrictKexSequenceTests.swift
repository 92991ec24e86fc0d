import Crypto
import NIOCore
import NIOEmbedded
import OutflowTestSupport
import Testing

@testable import SSH

/// Strict kex (Terrapin): `SSHClientHandler` in an `EmbeddedChannel` against a scripted server side (crafted
/// KEXINIT, a real curve25519 exchange and ed25519 host key signature, no network). With the server's
/// `kex-strict-s-v00@openssh.com` the client's first encrypted packet is sealed with sequence number 0 (reset at
/// NEWKEYS); without it the count goes on from the plain packets (3).
@Suite(.onDedicatedThreads) struct SSHStrictKexSequenceTests {
    static let serverVersion = "SSH-2.0-ScriptedServer"

    /// Runs one key exchange; returns the client's first packet after NEWKEYS (still sealed) and its keys.
    private func firstEncryptedPacket(serverOffersStrictKex: Bool) throws -> (ByteBuffer, SSHDirectionKeys) {
        let record = SSHHandshakeRecord()
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addSSHClient(
            settings: SSHClientSettings(username: "u", credential: .password("p"), pin: nil), record: record)
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 22)).wait()

        // The client's version line, then its KEXINIT (plain, sequence 0).
        var fromClient = ByteBuffer()
        while var chunk = try channel.readOutbound(as: ByteBuffer.self) { fromClient.writeBuffer(&chunk) }
        let line = try #require(fromClient.readableBytesView.firstIndex(of: UInt8(ascii: "\n")))
        fromClient.moveReaderIndex(to: line + 1)
        var clientReader = SSHPacketReader()
        let clientKexInit = try SSHKexInit(payload: try #require(try clientReader.next(from: &fromClient)))

        // The server's version and KEXINIT.
        var serverWriter = SSHPacketWriter()
        var toClient = ByteBuffer(string: Self.serverVersion + "\r\n")
        var kexInit = ByteBuffer()
        kexInit.writeInteger(SSHMessage.kexInit)
        kexInit.writeBytes(Array(repeating: 5, count: 16))
        let kex = ["curve25519-sha256"] + (serverOffersStrictKex ? ["kex-strict-s-v00@openssh.com"] : [])
        for list in [kex, ["ssh-ed25519"], ["aes128-ctr"], ["aes128-ctr"], ["hmac-sha2-256"], ["hmac-sha2-256"]] {
            kexInit.writeSSHNameList(list)
        }
        for list in [["none"], ["none"], [], []] { kexInit.writeSSHNameList(list) }
        kexInit.writeSSHBool(false)
        kexInit.writeSSHUInt32(0)
        let serverKexInit = try SSHKexInit(payload: kexInit)
        try serverWriter.write(payload: kexInit, into: &toClient)
        try channel.writeInbound(toClient)

        // The client's ECDH_INIT; the server answers with its reply and NEWKEYS.
        while var chunk = try channel.readOutbound(as: ByteBuffer.self) { fromClient.writeBuffer(&chunk) }
        var ecdhInit = try #require(try clientReader.next(from: &fromClient))
        _ = try ecdhInit.readSSHByte()
        let clientPublic = try ecdhInit.readSSHBytes()
        let ephemeral = Curve25519.KeyAgreement.PrivateKey()
        let secret = try ephemeral.sharedSecretFromKeyAgreement(
            with: .init(rawRepresentation: clientPublic)
        ).withUnsafeBytes { Array($0) }
        let hostKey = Curve25519.Signing.PrivateKey()
        let hostKeyBlob =
            SSHWire.encodedString(Array("ssh-ed25519".utf8))
            + SSHWire.encodedString(Array(hostKey.publicKey.rawRepresentation))
        let serverPublic = Array(ephemeral.publicKey.rawRepresentation)
        let hash = SSHKeyExchange.exchangeHash(
            hash: .sha256, clientVersion: SSHClientHandler.clientVersion, serverVersion: Self.serverVersion,
            clientKexInit: clientKexInit.payload, serverKexInit: serverKexInit.payload, hostKey: hostKeyBlob,
            clientPublic: clientPublic, serverPublic: serverPublic, sharedSecret: secret)
        let signature = try hostKey.signature(for: hash)
        var reply = ByteBuffer()
        reply.writeInteger(SSHMessage.kexECDHReply)
        reply.writeSSHString(hostKeyBlob)
        reply.writeSSHString(serverPublic)
        reply.writeSSHString(
            SSHWire.encodedString(Array("ssh-ed25519".utf8)) + SSHWire.encodedString(Array(signature)))
        var answer = ByteBuffer()
        try serverWriter.write(payload: reply, into: &answer)
        try serverWriter.write(payload: ByteBuffer(bytes: [SSHMessage.newKeys]), into: &answer)
        try channel.writeInbound(answer)

        // The client's NEWKEYS (plain), then its first encrypted packet (the ssh-userauth service request).
        while var chunk = try channel.readOutbound(as: ByteBuffer.self) { fromClient.writeBuffer(&chunk) }
        let newKeys = try #require(try clientReader.next(from: &fromClient))
        #expect(newKeys.getInteger(at: newKeys.readerIndex, as: UInt8.self) == SSHMessage.newKeys)
        #expect(record.snapshot.strictKex == serverOffersStrictKex)
        let algorithms = try SSHNegotiatedAlgorithms(client: clientKexInit, server: serverKexInit)
        let keys = SSHSessionKeys.directions(
            algorithms: algorithms, sharedSecret: secret, exchangeHash: hash, sessionID: hash)
        _ = try? channel.finish()
        return (fromClient, keys.outbound)
    }

    private func opens(_ sealed: ByteBuffer, keys: SSHDirectionKeys, sequence: UInt32) throws -> Bool {
        var reader = SSHPacketReader()
        reader.protection = try SSHPacketFormat.protection(for: keys)
        reader.sequence = sequence
        var bytes = sealed
        do {
            let payload = try #require(try reader.next(from: &bytes))
            return payload.getInteger(at: payload.readerIndex, as: UInt8.self) == SSHMessage.serviceRequest
        } catch {
            return false
        }
    }

    @Test func withStrictKexTheSequenceNumbersRestartAtZeroAfterNewKeys() throws {
        let (sealed, keys) = try firstEncryptedPacket(serverOffersStrictKex: true)
        #expect(try opens(sealed, keys: keys, sequence: 0))
        #expect(try !opens(sealed, keys: keys, sequence: 3))
    }

    @Test func withoutStrictKexTheSequenceNumbersRunOn() throws {
        let (sealed, keys) = try firstEncryptedPacket(serverOffersStrictKex: false)
        #expect(try opens(sealed, keys: keys, sequence: 3))
        #expect(try !opens(sealed, keys: keys, sequence: 0))
    }
}
