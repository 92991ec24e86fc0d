public import NIOCore

/// A message from the client (frontend), as the decoder reads it off the wire.
///
/// The start-up packets (`sslRequest`, `gssEncryptionRequest`, `cancelRequest`, `startup`) have no type byte; every
/// other message is a type byte and a length. `authenticationResponse` is the `p` message, whose meaning
/// (PasswordMessage, SASLInitialResponse, SASLResponse) depends on what the server asked for.
public enum FrontendMessage: Sendable, Equatable {
    case sslRequest
    case gssEncryptionRequest
    case cancelRequest(CancelRequest)
    case startup(StartupMessage)
    case authenticationResponse(ByteBuffer)
    case query(String)
    case parse(Parse)
    case bind(Bind)
    case describe(Describe)
    case execute(Execute)
    case close(Close)
    case sync
    case flush
    case terminate
    case copyData(ByteBuffer)
    case copyDone
    case copyFail(String)
}

/// What a Describe or Close names: a prepared statement (`S`) or a portal (`P`).
public enum PortalOrStatement: UInt8, Sendable, Equatable {
    case statement = 0x53
    case portal = 0x50
}

/// The format of a value on the wire: text (0) or binary (1).
public enum WireFormat: Int16, Sendable, Equatable {
    case text = 0
    case binary = 1
}
