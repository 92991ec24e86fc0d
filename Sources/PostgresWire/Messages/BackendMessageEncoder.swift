public import NIOCore

/// Writes `BackendMessage`s in protocol 3.0's framing: a type byte, an Int32 length that counts itself, the body.
public struct BackendMessageEncoder: MessageToByteEncoder {
    public typealias OutboundIn = BackendMessage

    public init() {}

    public func encode(data: BackendMessage, out: inout ByteBuffer) {
        Self.encode(data, into: &out)
    }

    /// Appends `message` to `out`.
    public static func encode(_ message: BackendMessage, into out: inout ByteBuffer) {
        switch message {
        case .encryptionResponse(let accepted):
            out.writeInteger(UInt8(ascii: accepted ? "S" : "N"))
        case .authentication(let authentication):
            framed("R", &out) { body in encodeAuthentication(authentication, into: &body) }
        case .backendKeyData(let key):
            framed("K", &out) { body in
                body.writeInteger(key.processID)
                body.writeInteger(key.secretKey)
            }
        case .parameterStatus(let name, let value):
            framed("S", &out) { body in
                body.writeCString(name)
                body.writeCString(value)
            }
        case .readyForQuery(let status):
            framed("Z", &out) { body in body.writeInteger(status.rawValue) }
        case .rowDescription(let columns, let formats):
            framed("T", &out) { body in encodeRowDescription(columns, formats: formats, into: &body) }
        case .dataRow(let row):
            framed("D", &out) { body in
                body.writeInteger(Int16(truncatingIfNeeded: row.values.count))
                for value in row.values {
                    guard var value else {
                        body.writeInteger(Int32(-1))
                        continue
                    }
                    body.writeInteger(Int32(value.readableBytes))
                    body.writeBuffer(&value)
                }
            }
        case .commandComplete(let tag):
            framed("C", &out) { body in body.writeCString(tag) }
        case .emptyQueryResponse: framed("I", &out) { _ in }
        case .error(let error): framed("E", &out) { body in encodeFields(error, into: &body) }
        case .notice(let notice): framed("N", &out) { body in encodeFields(notice, into: &body) }
        case .parseComplete: framed("1", &out) { _ in }
        case .bindComplete: framed("2", &out) { _ in }
        case .closeComplete: framed("3", &out) { _ in }
        case .noData: framed("n", &out) { _ in }
        case .portalSuspended: framed("s", &out) { _ in }
        case .parameterDescription(let types):
            framed("t", &out) { body in
                body.writeInteger(Int16(truncatingIfNeeded: types.count))
                for type in types { body.writeInteger(type) }
            }
        case .copyOutResponse(let format, let columnFormats):
            framed("H", &out) { body in
                body.writeInteger(Int8(format.rawValue))
                body.writeInteger(Int16(truncatingIfNeeded: columnFormats.count))
                for columnFormat in columnFormats { body.writeInteger(columnFormat.rawValue) }
            }
        case .copyData(var data):
            framed("d", &out) { body in body.writeBuffer(&data) }
        case .copyDone: framed("c", &out) { _ in }
        case .framed(var bytes): out.writeBuffer(&bytes)
        }
    }

    /// Writes the type byte, reserves the length, lets `body` write, then fills the length in.
    static func framed(_ type: Unicode.Scalar, _ out: inout ByteBuffer, _ body: (inout ByteBuffer) -> Void) {
        out.writeInteger(UInt8(ascii: type))
        let lengthIndex = out.writerIndex
        out.writeInteger(Int32(0))
        body(&out)
        out.setInteger(Int32(out.writerIndex - lengthIndex), at: lengthIndex)
    }

    private static func encodeAuthentication(
        _ authentication: BackendMessage.Authentication, into body: inout ByteBuffer
    ) {
        switch authentication {
        case .ok: body.writeInteger(Int32(0))
        case .cleartextPassword: body.writeInteger(Int32(3))
        case .sasl(let mechanisms):
            body.writeInteger(Int32(10))
            for mechanism in mechanisms { body.writeCString(mechanism) }
            body.writeInteger(UInt8(0))
        case .saslContinue(let data):
            body.writeInteger(Int32(11))
            body.writeBytes(data)
        case .saslFinal(let data):
            body.writeInteger(Int32(12))
            body.writeBytes(data)
        }
    }

    private static func encodeRowDescription(
        _ columns: [WireColumn], formats: [WireFormat], into body: inout ByteBuffer
    ) {
        body.writeInteger(Int16(truncatingIfNeeded: columns.count))
        for (index, column) in columns.enumerated() {
            body.writeCString(column.name)
            body.writeInteger(column.tableOID)
            body.writeInteger(column.attributeNumber)
            body.writeInteger(column.typeOID)
            body.writeInteger(column.typeSize)
            body.writeInteger(column.typeModifier)
            body.writeInteger(WireFormat.resolve(formats, index: index).rawValue)
        }
    }

    /// ErrorResponse and NoticeResponse fields: S and V (severity), C (SQLSTATE), M, D, H, P; then the terminator.
    private static func encodeFields(_ error: WireError, into body: inout ByteBuffer) {
        func field(_ code: Unicode.Scalar, _ value: String) {
            body.writeInteger(UInt8(ascii: code))
            body.writeCString(value)
        }
        field("S", error.severity.rawValue)
        field("V", error.severity.rawValue)
        field("C", error.sqlState)
        field("M", error.message)
        if let detail = error.detail { field("D", detail) }
        if let hint = error.hint { field("H", hint) }
        if let position = error.position { field("P", String(position)) }
        body.writeInteger(UInt8(0))
    }
}

extension WireFormat {
    /// The format of column (or parameter) `index` under protocol 3.0's rule: no codes means text, one code applies to
    /// all, otherwise one per column.
    static func resolve(_ formats: [WireFormat], index: Int) -> WireFormat {
        switch formats.count {
        case 0: .text
        case 1: formats[0]
        default: index < formats.count ? formats[index] : .text
        }
    }
}

extension ByteBuffer {
    /// A string and its terminating NUL. A NUL inside the string (an error message quoting client input, a column
    /// name) would end the field early and shift every field after it, so it is dropped.
    mutating func writeCString(_ string: String) {
        if string.utf8.contains(0) {
            writeBytes(string.utf8.filter { $0 != 0 })
        } else {
            writeString(string)
        }
        writeInteger(UInt8(0))
    }
}
