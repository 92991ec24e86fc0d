public import NIOCore

/// A parameter value from Bind, as the client sent it, with its format and the statement's type for it.
public struct WireParameter: Sendable, Equatable {
    /// The raw bytes; nil is SQL NULL.
    public var bytes: ByteBuffer?
    public var format: WireFormat
    /// The parameter's type OID (0 or 705 when neither the client nor the session fixed it).
    public var typeOID: UInt32

    public init(bytes: ByteBuffer?, format: WireFormat, typeOID: UInt32) {
        self.bytes = bytes
        self.format = format
        self.typeOID = typeOID
    }

    /// The value as text, for a text-format parameter (the session casts it like a literal of the parameter type).
    public var text: String? {
        guard format == .text, let bytes else { return nil }
        return String(buffer: bytes)
    }

    /// Decodes a binary-format parameter of a built-in type, or a text-format one (`.text`); throws 22P03 for bytes
    /// that do not fit the type and 0A000 for a binary type this server does not read.
    public func decoded() throws(WireError) -> WireValue {
        guard var bytes else { return .null }
        if format == .text { return .text(String(buffer: bytes)) }
        func fixed<T: FixedWidthInteger>(_: T.Type) throws(WireError) -> T {
            guard bytes.readableBytes == MemoryLayout<T>.size, let value = bytes.readInteger(as: T.self) else {
                throw WireError(sqlState: "22P03", message: "incorrect binary data format in bind parameter")
            }
            return value
        }
        switch typeOID {
        case WireType.bool: return .bool(try fixed(UInt8.self) != 0)
        case WireType.int2: return .int16(try fixed(Int16.self))
        case WireType.int4, WireType.oid: return .int32(try fixed(Int32.self))
        case WireType.int8: return .int64(try fixed(Int64.self))
        case WireType.float4: return .float32(Float(bitPattern: try fixed(UInt32.self)))
        case WireType.float8: return .float64(Double(bitPattern: try fixed(UInt64.self)))
        case WireType.date: return .date(try fixed(Int32.self))
        case WireType.time: return .time(try fixed(Int64.self))
        case WireType.timestamp: return .timestamp(try fixed(Int64.self))
        case WireType.timestamptz: return .timestamptz(try fixed(Int64.self))
        case WireType.bytea: return .bytea(bytes.readBytes(length: bytes.readableBytes) ?? [])
        case WireType.text, WireType.varchar, WireType.bpchar, WireType.name, WireType.json, WireType.unknown, 0:
            return .text(String(buffer: bytes))
        case WireType.interval:
            guard bytes.readableBytes == 16, let micros = bytes.readInteger(as: Int64.self),
                let days = bytes.readInteger(as: Int32.self), let months = bytes.readInteger(as: Int32.self)
            else { throw WireError(sqlState: "22P03", message: "incorrect binary data format in bind parameter") }
            return .interval(months: months, days: days, microseconds: micros)
        default:
            throw .featureNotSupported("binary format for parameters of type \(typeOID) is not supported")
        }
    }
}
