import NIOCore

/// Routes each received message by number and phase.
extension SSHClientHandler {
    func handle(_ payload: ByteBuffer) throws(SSHError) {
        guard let number = payload.getInteger(at: payload.readerIndex, as: UInt8.self) else {
            throw SSHError.malformed("packet (empty)")
        }
        if skipNextKexPacket, SSHMessage.isKeyExchange(number), number != SSHMessage.kexInit,
            number != SSHMessage.newKeys
        {
            skipNextKexPacket = false  // the server's wrong first_kex_packet_follows guess
            return
        }
        // Strict kex: during the first exchange only KEXINIT, the kex reply and NEWKEYS may arrive.
        if strictKex, sessionID == nil || kex?.initial == true,
            ![SSHMessage.kexInit, SSHMessage.kexECDHReply, SSHMessage.newKeys].contains(number)
        {
            throw SSHError(.protocolViolation, "the SSH server sent message \(number) during strict kex")
        }
        switch number {
        case SSHMessage.disconnect:
            var buffer = payload
            _ = try buffer.readSSHByte()
            let reason = try buffer.readSSHUInt32()
            let text = (try? buffer.readSSHText()) ?? ""
            let shown = String(
                text.unicodeScalars.filter { $0.value >= 0x20 && $0.value < 0x7F }.prefix(200).map(Character.init))
            throw SSHError(.disconnected, "the SSH server disconnected (reason \(reason): \(shown))")
        case SSHMessage.ignore, SSHMessage.debug, SSHMessage.unimplemented:
            return
        case SSHMessage.extInfo:
            try receivedExtInfo(payload)
        case SSHMessage.kexInit:
            try receivedKexInit(payload)
        case SSHMessage.kexECDHReply:
            try receivedECDHReply(payload)
        case SSHMessage.newKeys:
            try receivedNewKeys()
        case SSHMessage.serviceAccept where phase == .serviceRequest:
            phase = .authentication
            try send(authentication.start())
        case SSHMessage.userAuthBanner:
            return
        case SSHMessage.userAuthFailure where phase == .authentication:
            var buffer = payload
            _ = try buffer.readSSHByte()
            let methods = try buffer.readSSHNameList()
            let partial = try buffer.readSSHBool()
            try follow(
                authentication.failed(
                    methods: methods, partialSuccess: partial, sessionID: sessionID ?? [], serverSigAlgs: serverSigAlgs)
            )
        case SSHMessage.userAuthMethodSpecific where phase == .authentication:
            try follow(try authentication.methodSpecific(payload))
        case SSHMessage.userAuthSuccess where phase == .authentication:
            try follow(.succeeded)
        case SSHMessage.globalRequest:
            var buffer = payload
            _ = try buffer.readSSHByte()
            _ = try buffer.readSSHString()
            if try buffer.readSSHBool() { try send(ByteBuffer(bytes: [SSHMessage.requestFailure])) }
        case SSHMessage.requestSuccess, SSHMessage.requestFailure:
            return
        case SSHMessage.channelOpen:
            var buffer = payload
            _ = try buffer.readSSHByte()
            _ = try buffer.readSSHString()
            let sender = try buffer.readSSHUInt32()
            var refusal = ByteBuffer()
            refusal.writeInteger(SSHMessage.channelOpenFailure)
            refusal.writeSSHUInt32(sender)
            refusal.writeSSHUInt32(1)  // SSH_OPEN_ADMINISTRATIVELY_PROHIBITED
            refusal.writeSSHString("")
            refusal.writeSSHString("")
            try send(refusal)
        case SSHMessage.channelOpenConfirmation...SSHMessage.channelFailure:
            try handleChannelMessage(number, payload)
        default:
            var reply = ByteBuffer()
            reply.writeInteger(SSHMessage.unimplemented)
            reply.writeSSHUInt32(reader.lastSequence)
            try send(reply)
        }
    }

    private func follow(_ step: SSHUserAuthentication.Step) throws(SSHError) {
        switch step {
        case .send(let request):
            try send(request)
        case .refused(let message):
            record.update { $0.authFailure = message }
            throw SSHError(.authentication, message)
        case .succeeded:
            let algorithm = authentication.offeredSignatureAlgorithm
            record.update {
                $0.authenticated = true
                $0.userSignatureAlgorithm = algorithm
            }
            phase = .channelOpen
            var open = ByteBuffer()
            open.writeInteger(SSHMessage.channelOpen)
            open.writeSSHString("session")
            open.writeSSHUInt32(0)
            open.writeSSHUInt32(Self.localWindowSize)
            open.writeSSHUInt32(Self.localMaximumPacket)
            try send(open)
        }
    }
}
