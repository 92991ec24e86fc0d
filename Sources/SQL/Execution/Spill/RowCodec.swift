import Columnar

/// The binary form of spilled rows: a block is the row count and width (LEB128), then each value row-major as a
/// tag byte and its payload (zigzag LEB128 integers, little-endian IEEE doubles and 128-bit numerics, length-
/// prefixed UTF-8 and bytes, nested values recursively).
enum RowCodec {
    private enum Tag: UInt8 {
        case null = 0, isFalse, isTrue, int, float, numeric, text, bytes, date, timestamp, nested, time, interval
    }

    private enum ValueTag: UInt8 {
        case null = 0, isFalse, isTrue, int, float, decimal, string, binary, date, timestamp, record, list, map
    }

    static func encode(_ rows: [[Datum]], width: Int) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(rows.count * width * 9 + 8)
        writeUnsigned(UInt64(rows.count), &out)
        writeUnsigned(UInt64(width), &out)
        for row in rows { for datum in row { encode(datum, &out) } }
        return out
    }

    static func decode(_ bytes: [UInt8]) throws -> [[Datum]] {
        var reader = Reader(bytes: bytes)
        let count = try reader.count()
        let width = try reader.count()
        var rows: [[Datum]] = []
        rows.reserveCapacity(min(count, bytes.count))
        for _ in 0..<count {
            var row: [Datum] = []
            row.reserveCapacity(min(width, bytes.count))
            for _ in 0..<width { row.append(try reader.datum()) }
            rows.append(row)
        }
        guard reader.offset == bytes.count else { throw corrupt() }
        return rows
    }

    static func encode(_ datum: Datum, _ out: inout [UInt8]) {
        switch datum {
        case .null: out.append(Tag.null.rawValue)
        case let .boolean(value): out.append(value ? Tag.isTrue.rawValue : Tag.isFalse.rawValue)
        case let .int(value):
            out.append(Tag.int.rawValue)
            writeSigned(value, &out)
        case let .float(value):
            out.append(Tag.float.rawValue)
            writeFixed(value.bitPattern, &out)
        case let .numeric(value):
            out.append(Tag.numeric.rawValue)
            writeSigned(Int64(value.scale), &out)
            writeFixed(UInt64(truncatingIfNeeded: value.unscaled), &out)
            writeFixed(UInt64(truncatingIfNeeded: value.unscaled >> 64), &out)
        case let .text(value):
            out.append(Tag.text.rawValue)
            writeBytes(Array(value.utf8), &out)
        case let .bytes(value):
            out.append(Tag.bytes.rawValue)
            writeBytes(value, &out)
        case let .date(days):
            out.append(Tag.date.rawValue)
            writeSigned(Int64(days), &out)
        case let .timestamp(micros):
            out.append(Tag.timestamp.rawValue)
            writeSigned(micros, &out)
        case let .nested(value):
            out.append(Tag.nested.rawValue)
            encode(value, &out)
        case let .time(micros):
            out.append(Tag.time.rawValue)
            writeSigned(micros, &out)
        case let .interval(value):
            out.append(Tag.interval.rawValue)
            writeSigned(Int64(value.months), &out)
            writeSigned(Int64(value.days), &out)
            writeSigned(value.micros, &out)
        }
    }

    static func encode(_ value: Value, _ out: inout [UInt8]) {
        switch value {
        case .null: out.append(ValueTag.null.rawValue)
        case let .boolean(b): out.append(b ? ValueTag.isTrue.rawValue : ValueTag.isFalse.rawValue)
        case let .int(i):
            out.append(ValueTag.int.rawValue)
            writeSigned(i, &out)
        case let .float(f):
            out.append(ValueTag.float.rawValue)
            writeFixed(f.bitPattern, &out)
        case let .decimal(d):
            out.append(ValueTag.decimal.rawValue)
            writeFixed(UInt64(truncatingIfNeeded: d), &out)
            writeFixed(UInt64(truncatingIfNeeded: d >> 64), &out)
        case let .string(s):
            out.append(ValueTag.string.rawValue)
            writeBytes(Array(s.utf8), &out)
        case let .binary(b):
            out.append(ValueTag.binary.rawValue)
            writeBytes(b, &out)
        case let .date(d):
            out.append(ValueTag.date.rawValue)
            writeSigned(Int64(d), &out)
        case let .timestamp(t):
            out.append(ValueTag.timestamp.rawValue)
            writeSigned(t, &out)
        case let .struct(items):
            out.append(ValueTag.record.rawValue)
            writeUnsigned(UInt64(items.count), &out)
            for item in items { encode(item, &out) }
        case let .list(items):
            out.append(ValueTag.list.rawValue)
            writeUnsigned(UInt64(items.count), &out)
            for item in items { encode(item, &out) }
        case let .map(entries):
            out.append(ValueTag.map.rawValue)
            writeUnsigned(UInt64(entries.count), &out)
            for entry in entries {
                encode(entry.key, &out)
                encode(entry.value, &out)
            }
        }
    }

    static func corrupt() -> SQLError { SQLError(SQLState("XX001"), "could not read a spilled block: it is corrupt") }

    private static func writeUnsigned(_ value: UInt64, _ out: inout [UInt8]) {
        var value = value
        while value >= 0x80 {
            out.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        out.append(UInt8(value))
    }

    private static func writeSigned(_ value: Int64, _ out: inout [UInt8]) {
        writeUnsigned(UInt64(bitPattern: (value << 1) ^ (value >> 63)), &out)
    }

    private static func writeFixed(_ value: UInt64, _ out: inout [UInt8]) {
        for shift in stride(from: 0, to: 64, by: 8) { out.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
    }

    private static func writeBytes(_ bytes: [UInt8], _ out: inout [UInt8]) {
        writeUnsigned(UInt64(bytes.count), &out)
        out.append(contentsOf: bytes)
    }

    private struct Reader {
        let bytes: [UInt8]
        var offset = 0

        mutating func byte() throws -> UInt8 {
            guard offset < bytes.count else { throw RowCodec.corrupt() }
            defer { offset += 1 }
            return bytes[offset]
        }

        mutating func unsigned() throws -> UInt64 {
            var result: UInt64 = 0
            var shift: UInt64 = 0
            while true {
                let byte = try byte()
                guard shift < 64 else { throw RowCodec.corrupt() }
                result |= UInt64(byte & 0x7f) << shift
                if byte & 0x80 == 0 { return result }
                shift += 7
            }
        }

        mutating func signed() throws -> Int64 {
            let raw = try unsigned()
            return Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))
        }

        mutating func count() throws -> Int {
            guard let value = Int(exactly: try unsigned()) else { throw RowCodec.corrupt() }
            return value
        }

        mutating func fixed() throws -> UInt64 {
            guard bytes.count - offset >= 8 else { throw RowCodec.corrupt() }
            var value: UInt64 = 0
            for index in 0..<8 { value |= UInt64(bytes[offset + index]) << UInt64(index * 8) }
            offset += 8
            return value
        }

        mutating func int128() throws -> Int128 {
            let low = try fixed()
            let high = try fixed()
            return Int128(Int64(bitPattern: high)) << 64 | Int128(low)
        }

        mutating func int32() throws -> Int32 {
            guard let value = Int32(exactly: try signed()) else { throw RowCodec.corrupt() }
            return value
        }

        mutating func data() throws -> [UInt8] {
            let length = try unsigned()
            guard length <= UInt64(bytes.count - offset) else { throw RowCodec.corrupt() }
            defer { offset += Int(length) }
            return Array(bytes[offset..<offset + Int(length)])
        }

        mutating func text() throws -> String {
            let data = try data()
            guard let text = String(validating: data, as: UTF8.self) else { throw RowCodec.corrupt() }
            return text
        }

        mutating func datum() throws -> Datum {
            guard let tag = Tag(rawValue: try byte()) else { throw RowCodec.corrupt() }
            switch tag {
            case .null: return .null
            case .isFalse: return .boolean(false)
            case .isTrue: return .boolean(true)
            case .int: return .int(try signed())
            case .float: return .float(Double(bitPattern: try fixed()))
            case .numeric:
                guard let scale = Int(exactly: try signed()) else { throw RowCodec.corrupt() }
                return .numeric(SQLNumeric(unscaled: try int128(), scale: scale))
            case .text: return .text(try text())
            case .bytes: return .bytes(try data())
            case .date: return .date(try int32())
            case .timestamp: return .timestamp(try signed())
            case .nested: return .nested(try value())
            case .time: return .time(try signed())
            case .interval:
                guard let months = Int32(exactly: try signed()), let days = Int32(exactly: try signed()) else {
                    throw RowCodec.corrupt()
                }
                return .interval(SQLInterval(months: months, days: days, micros: try signed()))
            }
        }

        mutating func value() throws -> Value {
            guard let tag = ValueTag(rawValue: try byte()) else { throw RowCodec.corrupt() }
            switch tag {
            case .null: return .null
            case .isFalse: return .boolean(false)
            case .isTrue: return .boolean(true)
            case .int: return .int(try signed())
            case .float: return .float(Double(bitPattern: try fixed()))
            case .decimal: return .decimal(try int128())
            case .string: return .string(try text())
            case .binary: return .binary(try data())
            case .date: return .date(try int32())
            case .timestamp: return .timestamp(try signed())
            case .record, .list:
                let count = try count()
                var items: [Value] = []
                for _ in 0..<count { items.append(try value()) }
                return tag == .record ? .struct(items) : .list(items)
            case .map:
                let count = try count()
                var entries: [MapEntry] = []
                for _ in 0..<count { entries.append(MapEntry(key: try value(), value: try value())) }
                return .map(entries)
            }
        }
    }
}
