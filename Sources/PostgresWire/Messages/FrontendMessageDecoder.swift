public import NIOCore

/// Frames the client's byte stream into `FrontendMessage`s.
///
/// A connection starts in the start-up phase (untyped packets: a length, then a code or a protocol version); the
/// StartupMessage switches it to typed messages. A length beyond `maxMessageSize` (or below its minimum), an unknown
/// code or type, and a malformed body are protocol violations: the decoder throws a FATAL 08P01 `WireError`.
public struct FrontendMessageDecoder: ByteToMessageDecoder {
    public typealias InboundOut = FrontendMessage

    /// The request codes of the start-up packets that are not a protocol version.
    enum RequestCode {
        static let ssl: Int32 = 80_877_103
        static let gssEncryption: Int32 = 80_877_104
        static let cancel: Int32 = 80_877_102
    }

    /// PostgreSQL's own limit for a start-up packet.
    static let maxStartupPacketSize = 10_000

    /// The largest message accepted, length word included.
    public let maxMessageSize: Int
    private(set) var isStartupPhase: Bool

    public init(maxMessageSize: Int = 1 << 30, startupPhase: Bool = true) {
        self.maxMessageSize = maxMessageSize
        self.isStartupPhase = startupPhase
    }

    public mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let message = try decodeMessage(from: &buffer) else { return .needMoreData }
        context.fireChannelRead(Self.wrapInboundOut(message))
        return .continue
    }

    public mutating func decodeLast(
        context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool
    ) throws -> DecodingState {
        while try decode(context: context, buffer: &buffer) == .continue {}
        return .needMoreData
    }

    /// Takes one whole message off `buffer`, or nothing (leaving `buffer` as it was) while it is incomplete.
    public mutating func decodeMessage(from buffer: inout ByteBuffer) throws(WireError) -> FrontendMessage? {
        isStartupPhase ? try decodeStartupPacket(from: &buffer) : try decodeTypedMessage(from: &buffer)
    }

    private mutating func decodeStartupPacket(from buffer: inout ByteBuffer) throws(WireError) -> FrontendMessage? {
        guard let length = buffer.getInteger(at: buffer.readerIndex, as: Int32.self) else { return nil }
        guard length >= 8, Int(length) <= Self.maxStartupPacketSize else {
            throw .protocolViolation("invalid length of startup packet")
        }
        guard var packet = buffer.readSlice(length: Int(length)) else { return nil }
        packet.moveReaderIndex(forwardBy: 4)
        guard let code = packet.readInteger(as: Int32.self) else {
            throw .protocolViolation("incomplete startup packet")
        }
        switch code {
        case RequestCode.ssl, RequestCode.gssEncryption:
            guard packet.readableBytes == 0 else { throw .protocolViolation("invalid length of startup packet") }
            // Bytes already sent after the request would bypass the encryption about to be negotiated.
            guard buffer.readableBytes == 0 else {
                throw .protocolViolation("received unencrypted data after SSL request")
            }
            return code == RequestCode.ssl ? .sslRequest : .gssEncryptionRequest
        case RequestCode.cancel:
            guard let processID = packet.readInteger(as: Int32.self), let key = packet.readInteger(as: Int32.self),
                packet.readableBytes == 0
            else { throw .protocolViolation("invalid length of startup packet") }
            isStartupPhase = false
            return .cancelRequest(CancelRequest(processID: processID, secretKey: key))
        default:
            var parameters: [(name: String, value: String)] = []
            while true {
                guard let name = packet.readNullTerminatedString() else {
                    throw .protocolViolation("invalid startup packet layout: expected terminator as last byte")
                }
                if name.isEmpty { break }
                guard let value = packet.readNullTerminatedString() else {
                    throw .protocolViolation("invalid startup packet layout: expected terminator as last byte")
                }
                parameters.append((name, value))
            }
            guard packet.readableBytes == 0 else {
                throw .protocolViolation("invalid startup packet layout: expected terminator as last byte")
            }
            isStartupPhase = false
            return .startup(StartupMessage(protocolVersion: code, parameters: parameters))
        }
    }

    private func decodeTypedMessage(from buffer: inout ByteBuffer) throws(WireError) -> FrontendMessage? {
        guard let type = buffer.getInteger(at: buffer.readerIndex, as: UInt8.self),
            let length = buffer.getInteger(at: buffer.readerIndex + 1, as: Int32.self)
        else { return nil }
        guard length >= 4, Int(length) <= maxMessageSize else {
            throw .protocolViolation("invalid message length")
        }
        guard buffer.readableBytes >= Int(length) + 1 else { return nil }
        buffer.moveReaderIndex(forwardBy: 5)
        guard var body = buffer.readSlice(length: Int(length) - 4) else { return nil }
        let message = try Self.decodeBody(type: type, body: &body)
        guard body.readableBytes == 0 else { throw .protocolViolation("invalid message format") }
        return message
    }

    static func decodeBody(type: UInt8, body: inout ByteBuffer) throws(WireError) -> FrontendMessage {
        switch type {
        case UInt8(ascii: "Q"): return .query(try body.readCString())
        case UInt8(ascii: "P"):
            let name = try body.readCString()
            let query = try body.readCString()
            let count = try body.readCount()
            var types: [UInt32] = []
            for _ in 0..<count { types.append(try body.readOrThrow(UInt32.self)) }
            return .parse(Parse(name: name, query: query, parameterTypes: types))
        case UInt8(ascii: "B"): return .bind(try decodeBind(&body))
        case UInt8(ascii: "D"):
            let kind = try body.readPortalOrStatement()
            return .describe(Describe(kind: kind, name: try body.readCString()))
        case UInt8(ascii: "C"):
            let kind = try body.readPortalOrStatement()
            return .close(Close(kind: kind, name: try body.readCString()))
        case UInt8(ascii: "E"):
            let portal = try body.readCString()
            return .execute(Execute(portal: portal, maxRows: try body.readOrThrow(Int32.self)))
        case UInt8(ascii: "S"): return .sync
        case UInt8(ascii: "H"): return .flush
        case UInt8(ascii: "X"): return .terminate
        case UInt8(ascii: "p"): return .authenticationResponse(body.readSlice(length: body.readableBytes) ?? body)
        case UInt8(ascii: "d"): return .copyData(body.readSlice(length: body.readableBytes) ?? body)
        case UInt8(ascii: "c"): return .copyDone
        case UInt8(ascii: "f"): return .copyFail(try body.readCString())
        default: throw .protocolViolation("invalid frontend message type \(type)")
        }
    }

    private static func decodeBind(_ body: inout ByteBuffer) throws(WireError) -> Bind {
        let portal = try body.readCString()
        let statement = try body.readCString()
        let formatCount = try body.readCount()
        var formats: [WireFormat] = []
        for _ in 0..<formatCount { formats.append(try body.readFormat()) }
        let parameterCount = try body.readCount()
        var parameters: [ByteBuffer?] = []
        for _ in 0..<parameterCount {
            let length = try body.readOrThrow(Int32.self)
            if length == -1 {
                parameters.append(nil)
                continue
            }
            guard length >= 0, let value = body.readSlice(length: Int(length)) else {
                throw .protocolViolation("insufficient data left in message")
            }
            parameters.append(value)
        }
        let resultCount = try body.readCount()
        var results: [WireFormat] = []
        for _ in 0..<resultCount { results.append(try body.readFormat()) }
        return Bind(
            portal: portal, statement: statement, parameterFormats: formats, parameters: parameters,
            resultFormats: results)
    }
}

extension ByteBuffer {
    mutating func readCString() throws(WireError) -> String {
        guard let string = readNullTerminatedString() else { throw .protocolViolation("invalid string in message") }
        return string
    }

    mutating func readOrThrow<T: FixedWidthInteger>(_ type: T.Type) throws(WireError) -> T {
        guard let value = readInteger(as: T.self) else { throw .protocolViolation("insufficient data left in message") }
        return value
    }

    mutating func readCount() throws(WireError) -> Int {
        let count = try readOrThrow(Int16.self)
        guard count >= 0 else { throw .protocolViolation("invalid message format") }
        return Int(count)
    }

    mutating func readFormat() throws(WireError) -> WireFormat {
        let code = try readOrThrow(Int16.self)
        guard let format = WireFormat(rawValue: code) else {
            throw WireError(severity: .fatal, sqlState: "08P01", message: "unsupported format code: \(code)")
        }
        return format
    }

    mutating func readPortalOrStatement() throws(WireError) -> PortalOrStatement {
        guard let kind = PortalOrStatement(rawValue: try readOrThrow(UInt8.self)) else {
            throw .protocolViolation("invalid DESCRIBE/CLOSE message subtype")
        }
        return kind
    }
}
