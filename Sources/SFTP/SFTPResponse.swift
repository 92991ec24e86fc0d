import NIOCore

/// `SSH_FX_*` status codes (draft-ietf-secsh-filexfer-02 section 7).
package struct SFTPStatusCode: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    package let rawValue: UInt32

    package init(rawValue: UInt32) { self.rawValue = rawValue }

    package static let ok = SFTPStatusCode(rawValue: 0)
    package static let eof = SFTPStatusCode(rawValue: 1)
    package static let noSuchFile = SFTPStatusCode(rawValue: 2)
    package static let permissionDenied = SFTPStatusCode(rawValue: 3)
    package static let failure = SFTPStatusCode(rawValue: 4)
    package static let badMessage = SFTPStatusCode(rawValue: 5)
    package static let noConnection = SFTPStatusCode(rawValue: 6)
    package static let connectionLost = SFTPStatusCode(rawValue: 7)
    package static let operationUnsupported = SFTPStatusCode(rawValue: 8)

    package var description: String {
        switch rawValue {
        case 0: "ok"
        case 1: "end of file"
        case 2: "no such file"
        case 3: "permission denied"
        case 4: "failure"
        case 5: "bad message"
        case 6: "no connection"
        case 7: "connection lost"
        case 8: "operation unsupported"
        default: "status \(rawValue)"
        }
    }
}

/// One entry of an `SSH_FXP_NAME` reply.
package struct SFTPNameEntry: Sendable, Hashable {
    package var filename: String
    package var longname: String
    package var attributes: SFTPAttributes
}

/// A server packet.
enum SFTPResponse: Sendable, Hashable {
    case version(UInt32, extensions: [SFTPExtensionPair])
    case status(id: UInt32, code: SFTPStatusCode, message: String)
    case handle(id: UInt32, handle: [UInt8])
    case data(id: UInt32, data: ByteBuffer)
    case name(id: UInt32, entries: [SFTPNameEntry])
    case attrs(id: UInt32, attributes: SFTPAttributes)
    case extendedReply(id: UInt32, data: ByteBuffer)

    /// The request id it answers (nil for `VERSION`).
    var requestID: UInt32? {
        switch self {
        case .version: nil
        case .status(let id, _, _), .handle(let id, _), .data(let id, _), .name(let id, _), .attrs(let id, _),
            .extendedReply(let id, _):
            id
        }
    }

    /// Decodes one packet body (the bytes after the `uint32 length`).
    static func decode(_ body: inout ByteBuffer) throws(SFTPProtocolError) -> SFTPResponse {
        let rawType: UInt8 = try body.readSFTPInteger()
        guard let type = SFTPPacketType(rawValue: rawType) else {
            throw SFTPProtocolError("unknown packet type \(rawType)")
        }
        if type == .version {
            let version: UInt32 = try body.readSFTPInteger()
            var extensions: [SFTPExtensionPair] = []
            while body.readableBytes > 0 {
                let name = try body.readSFTPText()
                extensions.append(SFTPExtensionPair(name: name, data: try body.readSFTPString()))
            }
            return .version(version, extensions: extensions)
        }
        let id: UInt32 = try body.readSFTPInteger()
        switch type {
        case .status:
            let code = SFTPStatusCode(rawValue: try body.readSFTPInteger())
            // Some v3 servers omit the message and language tag.
            let message = body.readableBytes >= 4 ? try body.readSFTPText() : ""
            return .status(id: id, code: code, message: message)
        case .handle:
            return .handle(id: id, handle: try body.readSFTPString())
        case .data:
            return .data(id: id, data: try body.readSFTPSlice())
        case .name:
            let count: UInt32 = try body.readSFTPInteger()
            // Each entry takes at least 12 bytes (two empty strings and empty attribute flags).
            guard UInt64(count) * 12 <= UInt64(body.readableBytes) else {
                throw SFTPProtocolError("NAME reply claims \(count) entries in \(body.readableBytes) bytes")
            }
            var entries: [SFTPNameEntry] = []
            entries.reserveCapacity(Int(min(count, 1024)))
            for _ in 0..<count {
                let filename = try body.readSFTPText()
                let longname = try body.readSFTPText()
                entries.append(
                    SFTPNameEntry(
                        filename: filename, longname: longname, attributes: try SFTPAttributes.read(from: &body)))
            }
            return .name(id: id, entries: entries)
        case .attrs:
            return .attrs(id: id, attributes: try SFTPAttributes.read(from: &body))
        case .extendedReply:
            return .extendedReply(id: id, data: body.readSlice(length: body.readableBytes) ?? ByteBuffer())
        default:
            throw SFTPProtocolError("a client does not expect packet type \(rawType)")
        }
    }
}

/// Splits the channel's byte stream into SFTP packets (`uint32 length` + body). Pure: bytes in, packets out.
struct SFTPFrameDecoder: Sendable {
    /// The largest packet accepted (OpenSSH sends at most 256 KiB).
    static let maximumPacketLength = 1 << 20

    private var buffer = ByteBuffer()

    init() {}

    mutating func append(_ bytes: ByteBuffer) {
        var bytes = bytes
        if buffer.readableBytes == 0 {
            buffer = bytes
        } else {
            buffer.writeBuffer(&bytes)
        }
    }

    /// The next complete packet, or nil when more bytes are needed.
    mutating func next() throws(SFTPProtocolError) -> SFTPResponse? {
        guard let length = buffer.getInteger(at: buffer.readerIndex, as: UInt32.self) else { return nil }
        guard length >= 1, length <= Self.maximumPacketLength else {
            throw SFTPProtocolError("packet length \(length) out of range")
        }
        guard buffer.readableBytes >= 4 + Int(length) else { return nil }
        buffer.moveReaderIndex(forwardBy: 4)
        guard var body = buffer.readSlice(length: Int(length)) else { return nil }
        let response = try SFTPResponse.decode(&body)
        if buffer.readableBytes == 0 {
            buffer.clear()
        } else if buffer.readerIndex > 1 << 16 {
            buffer.discardReadBytes()
        }
        return response
    }
}
