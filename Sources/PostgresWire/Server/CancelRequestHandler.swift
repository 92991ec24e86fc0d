import NIOCore

/// Answers a CancelRequest on the event loop, as PostgreSQL's postmaster does: it signals the backend with the key
/// and closes the connection, with no reply (PostgreSQL tells the requester nothing). Being on the event loop, a
/// cancel goes through while every task thread computes statements: those are the moments it is sent.
final class CancelRequestHandler: ChannelInboundHandler {
    typealias InboundIn = FrontendMessage
    typealias InboundOut = FrontendMessage

    private let registry: BackendRegistry

    init(registry: BackendRegistry) {
        self.registry = registry
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard case .cancelRequest(let key) = unwrapInboundIn(data) else {
            context.fireChannelRead(data)
            return
        }
        registry.cancel(key)
        context.close(promise: nil)
    }
}
