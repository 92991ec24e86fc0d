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
        case WireType.numeric:
            return .numeric(try Self.numericText(&bytes))
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

extension WireParameter {
    /// PostgreSQL's binary numeric (`numeric_send`: digit count, weight, sign, display scale, base-10000 digits) as
    /// decimal text (`-12.50`, `NaN`, `Infinity`).
    static func numericText(_ bytes: inout ByteBuffer) throws(WireError) -> String {
        let malformed = WireError(sqlState: "22P03", message: "invalid numeric in binary bind parameter")
        guard let count = bytes.readInteger(as: Int16.self), let weight = bytes.readInteger(as: Int16.self),
            let sign = bytes.readInteger(as: UInt16.self), let scale = bytes.readInteger(as: Int16.self),
            count >= 0, scale >= 0, bytes.readableBytes == Int(count) * 2
        else { throw malformed }
        switch sign {
        case 0xC000: return "NaN"
        case 0xD000: return "Infinity"
        case 0xF000: return "-Infinity"
        case 0x0000, 0x4000: break
        default: throw malformed
        }
        var digits: [Int16] = []
        for _ in 0..<count {
            guard let digit = bytes.readInteger(as: Int16.self), (0..<10_000).contains(digit) else { throw malformed }
            digits.append(digit)
        }
        // Groups of four decimal digits: group i stands for digit * 10000^(weight - i).
        var integer = ""
        if weight >= 0 {
            for index in 0...Int(weight) {
                let group = index < digits.count ? Int(digits[index]) : 0
                integer += index == 0 ? String(group) : Self.fourDigits(group)
            }
        } else {
            integer = "0"
        }
        var fraction = ""
        var index = Int(weight) + 1
        while fraction.count < Int(scale) {
            let group = index >= 0 && index < digits.count ? Int(digits[index]) : 0
            fraction += Self.fourDigits(group)
            index += 1
        }
        fraction = String(fraction.prefix(Int(scale)))
        let text = fraction.isEmpty ? integer : integer + "." + fraction
        return sign == 0x4000 ? "-" + text : text
    }

    static func fourDigits(_ group: Int) -> String {
        let text = String(group)
        return String(repeating: "0", count: 4 - text.count) + text
    }
}
