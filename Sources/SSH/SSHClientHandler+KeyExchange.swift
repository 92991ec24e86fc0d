import NIOCore

/// Key exchange (RFC 4253 §7-8, RFC 5656, RFC 8731) with strict-kex (Terrapin) and rekeying.
extension SSHClientHandler {
    /// Sends our KEXINIT and holds non-transport messages until our NEWKEYS.
    func startKeyExchange(initial: Bool) {
        let ours = SSHKexInit.client(initial: initial, preferences: settings.preferences)
        kex = SSHKexRound(initial: initial, ours: ours)
        holding = true
        do throws(SSHError) {
            try send(ByteBuffer(bytes: ours.payload))
        } catch {
            fail(error)
        }
    }

    /// Starts a rekey once enough bytes went through under the current keys.
    func rekeyIfDue() throws(SSHError) {
        guard kex == nil, sessionID != nil, phase != .closed,
            reader.bytesSinceKeys + writer.bytesSinceKeys >= settings.rekeyAfterBytes
        else { return }
        startKeyExchange(initial: false)
    }

    func receivedKexInit(_ payload: ByteBuffer) throws(SSHError) {
        let theirs = try SSHKexInit(payload: payload)
        if kex == nil { startKeyExchange(initial: false) }
        guard var round = kex, round.theirs == nil else {
            throw SSHError(.protocolViolation, "the SSH server sent KEXINIT twice in one key exchange")
        }
        let algorithms = try SSHNegotiatedAlgorithms(
            client: round.ours, server: theirs, strictSession: round.initial ? nil : strictKex)
        if round.initial && algorithms.strictKex {
            strictKex = true
            guard packetsReceived == 1 else {
                throw SSHError(.protocolViolation, "the SSH server sent packets before KEXINIT in strict kex")
            }
        }
        if theirs.firstKexPacketFollows,
            theirs.kexAlgorithms.first != algorithms.kex.rawValue
                || theirs.hostKeyAlgorithms.first != algorithms.hostKey.rawValue
        {
            skipNextKexPacket = true
        }
        let exchange = SSHKeyExchange(algorithms.kex)
        round.theirs = theirs
        round.algorithms = algorithms
        round.exchange = exchange
        kex = round
        var message = ByteBuffer()
        message.writeInteger(SSHMessage.kexECDHInit)
        message.writeSSHString(exchange.clientPublicKey)
        try send(message)
    }

    func receivedECDHReply(_ payload: ByteBuffer) throws(SSHError) {
        guard var round = kex, let theirs = round.theirs, let algorithms = round.algorithms,
            let exchange = round.exchange, round.inboundKeys == nil, let serverVersion
        else {
            throw SSHError(.protocolViolation, "the SSH server sent KEX_ECDH_REPLY out of turn")
        }
        var buffer = payload
        _ = try buffer.readSSHByte()
        let hostKeyBlob = try buffer.readSSHBytes()
        let serverPublic = try buffer.readSSHBytes()
        let signature = try buffer.readSSHBytes()
        let secret = try exchange.sharedSecret(serverPublicKey: serverPublic)
        let hash = SSHKeyExchange.exchangeHash(
            hash: algorithms.kex.hash, clientVersion: Self.clientVersion, serverVersion: serverVersion,
            clientKexInit: round.ours.payload, serverKexInit: theirs.payload, hostKey: hostKeyBlob,
            clientPublic: exchange.clientPublicKey, serverPublic: serverPublic, sharedSecret: secret)
        let hostKey = try SSHHostKey(blob: hostKeyBlob)
        guard try hostKey.verify(signatureBlob: signature, over: hash, algorithm: algorithms.hostKey) else {
            throw SSHError(.hostKey, "the SSH server's host key signature does not verify")
        }
        try accept(hostKeyBlob: hostKeyBlob)
        let session = sessionID ?? hash
        sessionID = session
        let keys = SSHSessionKeys.directions(
            algorithms: algorithms, sharedSecret: secret, exchangeHash: hash, sessionID: session)
        var newKeys = ByteBuffer()
        newKeys.writeInteger(SSHMessage.newKeys)
        try send(newKeys)
        writer.protection = try SSHPacketFormat.protection(for: keys.outbound)
        if strictKex { writer.sequence = 0 }
        writer.bytesSinceKeys = 0
        round.inboundKeys = keys.inbound
        kex = round
        let strict = strictKex
        record.update {
            $0.algorithms = algorithms
            $0.strictKex = strict
        }
        holding = false
        let held = heldPayloads
        heldPayloads.removeAll()
        for payload in held { try send(payload) }
        try pumpChannelData()
    }

    /// Checks the host key against the pin on the first exchange, and that it did not change on a rekey.
    private func accept(hostKeyBlob: [UInt8]) throws(SSHError) {
        if let firstHostKey {
            guard firstHostKey == hostKeyBlob else {
                throw SSHError(.hostKey, "the SSH server changed its host key during a rekey")
            }
            return
        }
        firstHostKey = hostKeyBlob
        let fingerprint = SSHHostKeyFingerprint(wireEncoding: hostKeyBlob)
        let mismatch = settings.pin.map { $0 != fingerprint } ?? false
        record.update {
            $0.fingerprint = fingerprint
            $0.hostKeyMismatch = mismatch
        }
        if mismatch {
            throw SSHError(.hostKey, "the SSH server's host key does not match the pinned fingerprint")
        }
    }

    func receivedNewKeys() throws(SSHError) {
        guard let round = kex, let keys = round.inboundKeys else {
            throw SSHError(.protocolViolation, "the SSH server sent NEWKEYS out of turn")
        }
        reader.protection = try SSHPacketFormat.protection(for: keys)
        if strictKex { reader.sequence = 0 }
        reader.bytesSinceKeys = 0
        kex = nil
        record.update { $0.keyExchanges += 1 }
        if round.initial {
            phase = .serviceRequest
            var request = ByteBuffer()
            request.writeInteger(SSHMessage.serviceRequest)
            request.writeSSHString("ssh-userauth")
            try send(request)
        }
    }

    /// RFC 8308 SSH_MSG_EXT_INFO: keeps `server-sig-algs`.
    func receivedExtInfo(_ payload: ByteBuffer) throws(SSHError) {
        var buffer = payload
        _ = try buffer.readSSHByte()
        let count = try buffer.readSSHUInt32()
        for _ in 0..<min(count, 64) {
            let name = try buffer.readSSHText()
            var value = try buffer.readSSHString()
            if name == "server-sig-algs" {
                let text = value.readString(length: value.readableBytes) ?? ""
                let algorithms = text.split(separator: ",").map(String.init)
                serverSigAlgs = algorithms
                record.update { $0.serverSignatureAlgorithms = algorithms }
            }
        }
    }
}
