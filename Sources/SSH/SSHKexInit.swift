import NIOCore

/// An SSH_MSG_KEXINIT (RFC 4253 §7.1). `payload` keeps the exact bytes, which the exchange hash covers.
struct SSHKexInit: Sendable {
    var kexAlgorithms: [String]
    var hostKeyAlgorithms: [String]
    var ciphersClientToServer: [String]
    var ciphersServerToClient: [String]
    var macsClientToServer: [String]
    var macsServerToClient: [String]
    var compressionClientToServer: [String]
    var compressionServerToClient: [String]
    var firstKexPacketFollows: Bool
    /// The whole message, number byte included.
    var payload: [UInt8]

    /// This client's KEXINIT. `initial` adds the ext-info and strict-kex markers (first exchange only).
    static func client(initial: Bool, preferences: SSHAlgorithmPreferences) -> SSHKexInit {
        var kex = preferences.kex.map(\.rawValue)
        if initial { kex += [SSHKexMarker.extInfoClient, SSHKexMarker.strictClient] }
        let ciphers = preferences.ciphers.map(\.rawValue)
        let macs = preferences.macs.map(\.rawValue)
        var buffer = ByteBuffer()
        buffer.writeInteger(SSHMessage.kexInit)
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<16 { buffer.writeInteger(UInt8.random(in: 0...255, using: &generator)) }
        for list in [
            kex, preferences.hostKeys.map(\.rawValue), ciphers, ciphers, macs, macs, ["none"], ["none"], [], [],
        ] {
            buffer.writeSSHNameList(list)
        }
        buffer.writeSSHBool(false)
        buffer.writeSSHUInt32(0)
        return SSHKexInit(
            kexAlgorithms: kex, hostKeyAlgorithms: preferences.hostKeys.map(\.rawValue), ciphersClientToServer: ciphers,
            ciphersServerToClient: ciphers, macsClientToServer: macs, macsServerToClient: macs,
            compressionClientToServer: ["none"], compressionServerToClient: ["none"], firstKexPacketFollows: false,
            payload: Array(buffer.readableBytesView))
    }

    /// Parses a received KEXINIT payload (message number included).
    init(payload: ByteBuffer) throws(SSHError) {
        var buffer = payload
        guard try buffer.readSSHByte() == SSHMessage.kexInit, buffer.readSlice(length: 16) != nil else {
            throw .malformed("KEXINIT")
        }
        kexAlgorithms = try buffer.readSSHNameList()
        hostKeyAlgorithms = try buffer.readSSHNameList()
        ciphersClientToServer = try buffer.readSSHNameList()
        ciphersServerToClient = try buffer.readSSHNameList()
        macsClientToServer = try buffer.readSSHNameList()
        macsServerToClient = try buffer.readSSHNameList()
        compressionClientToServer = try buffer.readSSHNameList()
        compressionServerToClient = try buffer.readSSHNameList()
        _ = try buffer.readSSHNameList()
        _ = try buffer.readSSHNameList()
        firstKexPacketFollows = try buffer.readSSHBool()
        _ = try buffer.readSSHUInt32()
        self.payload = Array(payload.readableBytesView)
    }

    private init(
        kexAlgorithms: [String], hostKeyAlgorithms: [String], ciphersClientToServer: [String],
        ciphersServerToClient: [String], macsClientToServer: [String], macsServerToClient: [String],
        compressionClientToServer: [String], compressionServerToClient: [String], firstKexPacketFollows: Bool,
        payload: [UInt8]
    ) {
        self.kexAlgorithms = kexAlgorithms
        self.hostKeyAlgorithms = hostKeyAlgorithms
        self.ciphersClientToServer = ciphersClientToServer
        self.ciphersServerToClient = ciphersServerToClient
        self.macsClientToServer = macsClientToServer
        self.macsServerToClient = macsServerToClient
        self.compressionClientToServer = compressionClientToServer
        self.compressionServerToClient = compressionServerToClient
        self.firstKexPacketFollows = firstKexPacketFollows
        self.payload = payload
    }
}

/// The algorithms this client offers, in preference order (tests narrow them to force one).
package struct SSHAlgorithmPreferences: Sendable {
    package init() {}

    var kex: [SSHKexAlgorithm] = SSHKexAlgorithm.allCases
    var hostKeys: [SSHHostKeyAlgorithm] = SSHHostKeyAlgorithm.allCases
    var ciphers: [SSHCipherAlgorithm] = SSHCipherAlgorithm.allCases
    var macs: [SSHMACAlgorithm] = SSHMACAlgorithm.allCases
}
