import NIOCore
import Synchronization

/// Fires once when the client has closed its side of the connection. `NIOAsyncChannel` half-closes on EOF, so only
/// its inbound stream would tell, and the driver does not read that stream while a statement computes: this signal
/// lets the driver cancel the statement of a client that is gone.
final class ClientGoneSignal: Sendable {
    private let state = Mutex<(fired: Bool, action: (@Sendable () -> Void)?)>((false, nil))

    /// Runs `action` when the client goes (at once if it is gone already).
    func onGone(_ action: @escaping @Sendable () -> Void) {
        let fired = state.withLock { state -> Bool in
            if !state.fired { state.action = action }
            return state.fired
        }
        if fired { action() }
    }

    func fire() {
        let action = state.withLock { state -> (@Sendable () -> Void)? in
            guard !state.fired else { return nil }
            state.fired = true
            defer { state.action = nil }
            return state.action
        }
        action?()
    }

    var isFired: Bool { state.withLock { $0.fired } }
}

/// Watches for the client's EOF (`ChannelEvent.inputClosed`) and the channel going inactive; passes everything on.
final class ClientGoneHandler: ChannelInboundHandler {
    typealias InboundIn = FrontendMessage
    typealias InboundOut = FrontendMessage

    let signal: ClientGoneSignal

    init(signal: ClientGoneSignal) { self.signal = signal }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let event = event as? ChannelEvent, case .inputClosed = event { signal.fire() }
        context.fireUserInboundEventTriggered(event)
    }

    func channelInactive(context: ChannelHandlerContext) {
        signal.fire()
        context.fireChannelInactive()
    }
}
