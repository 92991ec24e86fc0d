public import NIOCore

/// PostgreSQL's binary send formats (`*send` functions), big-endian.
extension WireValue {
    /// Appends the binary format of this value (not its length) for a column of `type`; false for SQL NULL.
    public func writeBinary(type: UInt32, into out: inout ByteBuffer) throws(WireError) -> Bool {
        switch self {
        case .null: return false
        case .bool(let value): out.writeInteger(UInt8(value ? 1 : 0))
        case .int16(let value): out.writeInteger(value)
        case .int32(let value): out.writeInteger(value)
        case .int64(let value): out.writeInteger(value)
        case .float32(let value): out.writeInteger(value.bitPattern)
        case .float64(let value): out.writeInteger(value.bitPattern)
        case .numeric(let text): try Self.writeNumeric(text, into: &out)
        case .text(let text):
            if type == WireType.jsonb { out.writeInteger(UInt8(1)) }
            if type == WireType.uuid {
                try Self.writeUUID(text, into: &out)
            } else {
                out.writeString(text)
            }
        case .bytea(let bytes): out.writeBytes(bytes)
        case .date(let days): out.writeInteger(days)
        case .time(let micros), .timestamp(let micros), .timestamptz(let micros), .zonedTimestamptz(let micros, _):
            out.writeInteger(micros)
        case .interval(let months, let days, let micros):
            out.writeInteger(micros)
            out.writeInteger(days)
            out.writeInteger(months)
        case .record(let fields, _):
            // record_send: the field count, then each field's type OID and length-prefixed binary value.
            out.writeInteger(Int32(fields.count))
            for field in fields {
                out.writeInteger(field.typeOID)
                let lengthIndex = out.writerIndex
                out.writeInteger(Int32(-1))
                let start = out.writerIndex
                if try field.value.writeBinary(type: field.typeOID, into: &out) {
                    out.setInteger(Int32(out.writerIndex - start), at: lengthIndex)
                }
            }
        case .array(let elements):
            let element = WireType.arrayElements[type] ?? WireType.text
            // An empty array has no dimensions at all, as array_send writes it.
            out.writeInteger(Int32(elements.isEmpty ? 0 : 1))
            out.writeInteger(Int32(elements.contains(.null) ? 1 : 0))
            out.writeInteger(element)
            if elements.isEmpty { return true }
            out.writeInteger(Int32(elements.count))
            out.writeInteger(Int32(1))
            for item in elements {
                let lengthIndex = out.writerIndex
                out.writeInteger(Int32(-1))
                let start = out.writerIndex
                if try item.writeBinary(type: element, into: &out) {
                    out.setInteger(Int32(out.writerIndex - start), at: lengthIndex)
                }
            }
        }
        return true
    }

    /// numeric's binary form: ndigits, weight, sign, dscale, then base-10000 digits.
    static func writeNumeric(_ text: String, into out: inout ByteBuffer) throws(WireError) {
        switch text {
        case "NaN": return writeNumericHeader(0, 0, 0xC000, 0, into: &out)
        case "Infinity": return writeNumericHeader(0, 0, 0xD000, 0, into: &out)
        case "-Infinity": return writeNumericHeader(0, 0, 0xF000, 0, into: &out)
        default: break
        }
        var body = Substring(text)
        var negative = false
        if body.first == "-" || body.first == "+" {
            negative = body.first == "-"
            body = body.dropFirst()
        }
        let pieces = body.split(separator: ".", omittingEmptySubsequences: false)
        guard pieces.count <= 2, let integerPart = pieces.first,
            !(integerPart.isEmpty && (pieces.count < 2 || pieces[1].isEmpty)),
            pieces.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) })
        else { throw WireError(sqlState: "22P02", message: "invalid input syntax for type numeric: \"\(text)\"") }
        let fraction = pieces.count > 1 ? String(pieces[1]) : ""
        let dscale = fraction.count
        // Pad the integer part on the left and the fraction on the right to whole groups of four digits.
        let integerDigits = String(integerPart.drop { $0 == "0" })
        let leftPad = (4 - integerDigits.count % 4) % 4
        let rightPad = (4 - fraction.count % 4) % 4
        let all = Array(
            (String(repeating: "0", count: leftPad) + integerDigits + fraction + String(repeating: "0", count: rightPad))
                .utf8)
        var groups: [Int16] = []
        var index = 0
        while index < all.count {
            var group: Int16 = 0
            for offset in 0..<4 { group = group * 10 + Int16(all[index + offset] - UInt8(ascii: "0")) }
            groups.append(group)
            index += 4
        }
        var weight = (leftPad + integerDigits.count) / 4 - 1
        while let first = groups.first, first == 0 {
            groups.removeFirst()
            weight -= 1
        }
        while let last = groups.last, last == 0 { groups.removeLast() }
        if groups.isEmpty { weight = 0 }
        writeNumericHeader(
            Int16(groups.count), Int16(clamping: weight), negative && !groups.isEmpty ? 0x4000 : 0,
            Int16(clamping: dscale), into: &out)
        for group in groups { out.writeInteger(group) }
    }

    private static func writeNumericHeader(
        _ count: Int16, _ weight: Int16, _ sign: UInt16, _ dscale: Int16, into out: inout ByteBuffer
    ) {
        out.writeInteger(count)
        out.writeInteger(weight)
        out.writeInteger(sign)
        out.writeInteger(dscale)
    }

    static func writeUUID(_ text: String, into out: inout ByteBuffer) throws(WireError) {
        let hex = text.utf8.filter { $0 != UInt8(ascii: "-") }
        guard hex.count == 32 else { throw WireError(sqlState: "22P02", message: "invalid input syntax for type uuid") }
        var index = 0
        while index < 32 {
            guard let high = hexValue(hex[index]), let low = hexValue(hex[index + 1]) else {
                throw WireError(sqlState: "22P02", message: "invalid input syntax for type uuid")
            }
            out.writeInteger(high << 4 | low)
            index += 2
        }
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
