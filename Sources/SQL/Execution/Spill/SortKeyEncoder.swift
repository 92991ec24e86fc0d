import Columnar

/// Writes one key column into the rows' keys (see `SortKeyKind` for the byte forms): a flag byte (`nullFlag` or
/// `valueFlag`), then the value's bytes, inverted for DESC. Typed Columnar integers, floats and text are read
/// from their storage; the other vectors through their datums. A value of another kind than its column's makes
/// the encoding fail (the sort then compares datums).
enum SortKeyEncoder {
    /// Adds each row's bytes for a variable-width column (or a fixed one in a variable-width key) to `lengths`.
    static func addLengths(_ kind: SortKeyKind, _ vector: Vector, _ lengths: inout [Int]) -> Bool {
        if let width = kind.width {
            for row in lengths.indices { lengths[row] += 1 + width }
            return true
        }
        if case let .typed(typed) = vector, kind == .text, typed.type == .text,
            case let .bytes(offsets, data) = typed.column.storage
        {
            data.withUnsafeBufferPointer { data in
                for row in lengths.indices {
                    let index = typed.physical(row)
                    if typed.column.isNull(index) {
                        lengths[row] += 1
                        continue
                    }
                    let range = Int(offsets[index])..<Int(offsets[index + 1])
                    lengths[row] += 2 + escapedLength(UnsafeBufferPointer(rebasing: data[range]))
                }
            }
            return true
        }
        for row in lengths.indices {
            switch (kind, vector[row]) {
            case (_, .null): lengths[row] += 1
            case let (.text, .text(value)):
                var text = value
                lengths[row] += 2 + text.withUTF8 { escapedLength($0) }
            case let (.bytes, .bytes(value)): lengths[row] += 2 + value.withUnsafeBufferPointer { escapedLength($0) }
            case let (.numeric, .numeric(value)): lengths[row] += 1 + numericLength(value)
            default: return false
            }
        }
        return true
    }

    /// Writes the column into each row's key at `cursors[row]` and advances the cursors.
    static func write(
        _ column: SortKeyColumn, _ vector: Vector, into base: UnsafeMutablePointer<UInt8>, _ cursors: inout [Int]
    ) -> Bool {
        if case let .typed(typed) = vector, writeTyped(column, typed, base, &cursors) { return true }
        let invert: UInt8 = column.descending ? 0xFF : 0
        for row in cursors.indices {
            let start = cursors[row]
            let datum = vector[row]
            if datum.isNull {
                base[start] = column.nullFlag
                // A fixed-width value's bytes stay zero, so every row of a fixed-width key has the same length.
                cursors[row] = start + 1 + (column.kind.width ?? 0)
                continue
            }
            base[start] = SortKeyColumn.valueFlag
            var cursor = start + 1
            switch (column.kind, datum) {
            case let (.boolean, .boolean(value)):
                base[cursor] = value ? 1 : 0
                cursor += 1
            case let (.integer, .int(value)), let (.timestamp, .timestamp(value)), let (.time, .time(value)):
                store(UInt64(bitPattern: value) ^ (1 << 63), base + cursor)
                cursor += 8
            case let (.date, .date(value)):
                store(UInt32(bitPattern: value) ^ (1 << 31), base + cursor)
                cursor += 4
            case let (.float, .float(value)):
                store(floatBits(value), base + cursor)
                cursor += 8
            case let (.interval, .interval(value)):
                let bits = UInt128(bitPattern: value.span) ^ (1 << 127)
                store(UInt64(truncatingIfNeeded: bits >> 64), base + cursor)
                store(UInt64(truncatingIfNeeded: bits), base + cursor + 8)
                cursor += 16
            case let (.text, .text(value)):
                var text = value
                cursor = text.withUTF8 { escape($0, base, cursor) }
            case let (.bytes, .bytes(value)):
                cursor = value.withUnsafeBufferPointer { escape($0, base, cursor) }
            case let (.numeric, .numeric(value)):
                cursor = writeNumeric(value, base, cursor)
            default:
                return false
            }
            if invert != 0 { for index in (start + 1)..<cursor { base[index] ^= invert } }
            cursors[row] = cursor
        }
        return true
    }

    /// Integers, dates, timestamps and floats straight from typed storage; false for other storage.
    private static func writeTyped(
        _ column: SortKeyColumn, _ typed: TypedVector, _ base: UnsafeMutablePointer<UInt8>, _ cursors: inout [Int]
    ) -> Bool {
        let invert64: UInt64 = column.descending ? .max : 0
        let source = typed.column
        let integerType = typed.type == .integer || typed.type == .bigint
        var timestampType = false
        if case .timestamp = typed.type { timestampType = true }
        func fixed(_ width: Int, _ value: (Int) -> UInt64) {
            for row in cursors.indices {
                let start = cursors[row]
                let index = typed.physical(row)
                if source.isNull(index) {
                    base[start] = column.nullFlag
                } else {
                    base[start] = SortKeyColumn.valueFlag
                    if width == 8 {
                        store(value(index) ^ invert64, base + start + 1)
                    } else {
                        store(UInt32(truncatingIfNeeded: value(index) ^ invert64), base + start + 1)
                    }
                }
                cursors[row] = start + 1 + width
            }
        }
        switch (column.kind, source.storage) {
        case let (.integer, .int64(values)) where integerType, let (.timestamp, .int64(values)) where timestampType:
            values.withUnsafeBufferPointer { values in fixed(8) { UInt64(bitPattern: values[$0]) ^ (1 << 63) } }
        case let (.integer, .int32(values)) where integerType:
            values.withUnsafeBufferPointer { values in
                fixed(8) { UInt64(bitPattern: Int64(values[$0])) ^ (1 << 63) }
            }
        case let (.date, .int32(values)):
            values.withUnsafeBufferPointer { values in
                fixed(4) { UInt64(UInt32(bitPattern: values[$0]) ^ (1 << 31)) }
            }
        case let (.float, .float64(values)):
            values.withUnsafeBufferPointer { values in fixed(8) { floatBits(values[$0]) } }
        case let (.text, .bytes(offsets, data)) where typed.type == .text:
            let invert: UInt8 = column.descending ? 0xFF : 0
            data.withUnsafeBufferPointer { data in
                for row in cursors.indices {
                    let start = cursors[row]
                    let index = typed.physical(row)
                    if source.isNull(index) {
                        base[start] = column.nullFlag
                        cursors[row] = start + 1
                        continue
                    }
                    base[start] = SortKeyColumn.valueFlag
                    let range = Int(offsets[index])..<Int(offsets[index + 1])
                    let end = escape(UnsafeBufferPointer(rebasing: data[range]), base, start + 1)
                    if invert != 0 { for index in (start + 1)..<end { base[index] ^= invert } }
                    cursors[row] = end
                }
            }
        default:
            return false
        }
        return true
    }

    /// PostgreSQL's float order as unsigned bits: NaN last, -0 as 0.
    @inline(__always) static func floatBits(_ value: Double) -> UInt64 {
        if value.isNaN { return .max }
        let bits = (value == 0 ? 0.0 : value).bitPattern
        return bits & (1 << 63) != 0 ? ~bits : bits | (1 << 63)
    }

    @inline(__always) static func store(_ value: UInt64, _ pointer: UnsafeMutablePointer<UInt8>) {
        UnsafeMutableRawPointer(pointer).storeBytes(of: value.bigEndian, as: UInt64.self)
    }

    @inline(__always) static func store(_ value: UInt32, _ pointer: UnsafeMutablePointer<UInt8>) {
        UnsafeMutableRawPointer(pointer).storeBytes(of: value.bigEndian, as: UInt32.self)
    }

    /// Bytes of `bytes` escaped (0x00 and 0x01 take two), without the terminator.
    @inline(__always) static func escapedLength(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var length = bytes.count
        for byte in bytes where byte <= 1 { length += 1 }
        return length
    }

    /// Writes `bytes` escaped (0x00 as 0x01 0x01, 0x01 as 0x01 0x02) and a 0x00 terminator; returns the end.
    @inline(__always) static func escape(
        _ bytes: UnsafeBufferPointer<UInt8>, _ base: UnsafeMutablePointer<UInt8>, _ start: Int
    ) -> Int {
        var cursor = start
        for byte in bytes {
            if byte <= 1 {
                base[cursor] = 1
                base[cursor + 1] = byte + 1
                cursor += 2
            } else {
                base[cursor] = byte
                cursor += 1
            }
        }
        base[cursor] = 0
        return cursor + 1
    }

    /// A numeric's value as sign, exponent and significant digits: `0.d1d2...dk * 10^exponent` with d1 and dk
    /// not zero (so 1.0 and 1.00 encode alike).
    static func numericParts(_ value: SQLNumeric) -> (sign: Int, exponent: Int, digits: [UInt8]) {
        if value.unscaled == 0 { return (0, 0, []) }
        var magnitude = value.unscaled.magnitude
        var trailing = 0
        while magnitude % 10 == 0 {
            magnitude /= 10
            trailing += 1
        }
        var digits: [UInt8] = []
        while magnitude > 0 {
            digits.append(UInt8(magnitude % 10))
            magnitude /= 10
        }
        digits.reverse()
        return (value.unscaled < 0 ? -1 : 1, digits.count + trailing - value.scale, digits)
    }

    /// Bytes of a numeric's encoding: a sign byte, then for non-zero values a 4-byte exponent, one byte per
    /// digit and a terminator.
    static func numericLength(_ value: SQLNumeric) -> Int {
        let parts = numericParts(value)
        return parts.sign == 0 ? 1 : 1 + 4 + parts.digits.count + 1
    }

    /// Sign byte (0 negative, 1 zero, 2 positive); then the exponent (big-endian, sign bit flipped) and the digits
    /// plus one with a 0 terminator, all inverted for negative values so larger magnitudes sort first.
    static func writeNumeric(_ value: SQLNumeric, _ base: UnsafeMutablePointer<UInt8>, _ start: Int) -> Int {
        let parts = numericParts(value)
        base[start] = UInt8(parts.sign + 1)
        if parts.sign == 0 { return start + 1 }
        let invert: UInt8 = parts.sign < 0 ? 0xFF : 0
        let exponent = UInt32(bitPattern: Int32(clamping: parts.exponent)) ^ (1 << 31)
        store(exponent, base + start + 1)
        var cursor = start + 5
        for digit in parts.digits {
            base[cursor] = digit + 1
            cursor += 1
        }
        base[cursor] = 0
        cursor += 1
        if invert != 0 { for index in (start + 1)..<cursor { base[index] ^= invert } }
        return cursor
    }
}
