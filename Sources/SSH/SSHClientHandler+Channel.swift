import NIOCore

/// The one session channel (RFC 4254 §5-6): open, subsystem request, data both ways with window management,
/// EOF and close.
extension SSHClientHandler {
    func handleChannelMessage(_ number: UInt8, _ payload: ByteBuffer) throws(SSHError) {
        var buffer = payload
        _ = try buffer.readSSHByte()
        _ = try buffer.readSSHUInt32()  // recipient: our only channel
        switch number {
        case SSHMessage.channelOpenConfirmation where phase == .channelOpen:
            remoteChannel = try buffer.readSSHUInt32()
            let window = try buffer.readSSHUInt32()
            let maximumPacket = try buffer.readSSHUInt32()
            remoteWindow = UInt64(window)
            remoteMaximumPacket = max(1024, min(Int(maximumPacket), 32 * 1024))
            phase = .subsystemRequest
            var request = ByteBuffer()
            request.writeInteger(SSHMessage.channelRequest)
            request.writeSSHUInt32(remoteChannel)
            request.writeSSHString("subsystem")
            request.writeSSHBool(true)
            request.writeSSHString(settings.subsystem)
            try send(request)
        case SSHMessage.channelOpenFailure where phase == .channelOpen:
            let reason = try buffer.readSSHUInt32()
            throw SSHError(.channel, "the SSH server refused to open a session channel (reason \(reason))")
        case SSHMessage.channelSuccess where phase == .subsystemRequest:
            phase = .open
            context?.fireUserInboundEventTriggered(SSHSessionEvent.subsystemReady)
            try pumpChannelData()
        case SSHMessage.channelFailure where phase == .subsystemRequest:
            throw SSHError(
                .channel, "the SSH server refused the \(settings.subsystem) subsystem (is SFTP enabled for this user?)")
        case SSHMessage.channelWindowAdjust:
            let increment = try buffer.readSSHUInt32()
            remoteWindow = min(remoteWindow + UInt64(increment), UInt64(UInt32.max))
            try pumpChannelData()
        case SSHMessage.channelData, SSHMessage.channelExtendedData:
            if number == SSHMessage.channelExtendedData { _ = try buffer.readSSHUInt32() }
            let data = try buffer.readSSHString()
            guard data.readableBytes <= localWindow else {
                throw SSHError(.protocolViolation, "the SSH server sent more data than the window allows")
            }
            localWindow -= UInt32(data.readableBytes)
            if localWindow < Self.localWindowSize / 2 {
                var adjust = ByteBuffer()
                adjust.writeInteger(SSHMessage.channelWindowAdjust)
                adjust.writeSSHUInt32(remoteChannel)
                adjust.writeSSHUInt32(Self.localWindowSize - localWindow)
                localWindow = Self.localWindowSize
                try send(adjust)
            }
            if number == SSHMessage.channelData, phase == .open { context?.fireChannelRead(wrapInboundOut(data)) }
        case SSHMessage.channelEOF:
            return
        case SSHMessage.channelClose:
            var close = ByteBuffer()
            close.writeInteger(SSHMessage.channelClose)
            close.writeSSHUInt32(remoteChannel)
            try send(close)
            throw SSHError(.disconnected, "the SSH server closed the session channel")
        case SSHMessage.channelRequest:
            _ = try buffer.readSSHString()
            if try buffer.readSSHBool() {
                var reply = ByteBuffer()
                reply.writeInteger(SSHMessage.channelFailure)
                reply.writeSSHUInt32(remoteChannel)
                try send(reply)
            }
        case SSHMessage.channelSuccess, SSHMessage.channelFailure:
            return
        default:
            throw SSHError(.protocolViolation, "the SSH server sent channel message \(number) out of turn")
        }
    }
}
