import NIOCore
import NIOSSL

/// Answers SSLRequest and GSSENCRequest on the event loop, before the next byte is read: `S` and a TLS handler at
/// the front of the pipeline when a certificate is configured, `N` otherwise (GSSAPI encryption is never offered).
/// The request still travels on, so the state machine knows negotiation happened.
final class EncryptionNegotiationHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = FrontendMessage
    typealias InboundOut = FrontendMessage
    typealias OutboundOut = BackendMessage

    private let tls: NIOSSLContext?
    private var negotiated = false

    init(tls: NIOSSLContext?) {
        self.tls = tls
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let message = unwrapInboundIn(data)
        switch message {
        case .sslRequest where !negotiated:
            negotiated = true
            context.writeAndFlush(wrapOutboundOut(.encryptionResponse(accepted: tls != nil)), promise: nil)
            if let tls {
                do {
                    try context.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: tls), position: .first)
                } catch {
                    context.fireErrorCaught(error)
                    return
                }
            }
        case .gssEncryptionRequest:
            context.writeAndFlush(wrapOutboundOut(.encryptionResponse(accepted: false)), promise: nil)
        default:
            break
        }
        context.fireChannelRead(data)
    }
}
