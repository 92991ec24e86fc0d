/// Hashes of group keys: 64-bit mixes of integers, normalized float bits and UTF-8 bytes, combined column by
/// column. Equal keys under `GroupKeyEquality` hash equally.
enum GroupKeyHash {
    static let seed: UInt64 = 0x243F_6A88_85A3_08D3
    static let null: UInt64 = 0x9E37_79B9_7F4A_7C15
    /// The bits every NaN hashes and compares as (PostgreSQL: all NaNs are equal).
    static let nanBits: UInt64 = 0x7FF8_0000_0000_0000

    @inline(__always)
    static func mix(_ value: UInt64) -> UInt64 {
        var x = value
        x ^= x >> 33
        x &*= 0xFF51_AFD7_ED55_8CCD
        x ^= x >> 33
        x &*= 0xC4CE_B9FE_1A85_EC53
        x ^= x >> 33
        return x
    }

    @inline(__always)
    static func join(_ hash: UInt64, _ value: UInt64) -> UInt64 {
        (hash ^ value) &* 0x100_0000_01B3 &+ (hash >> 29)
    }

    static func finish(_ hash: UInt64) -> UInt64 { mix(hash) }

    /// The bits a float compares by: every NaN the same, `-0.0` as `0.0`.
    @inline(__always)
    static func floatBits(_ value: Double) -> UInt64 {
        if value.isNaN { return nanBits }
        if value == 0 { return 0 }
        return value.bitPattern
    }

    static func bytes(_ data: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> UInt64 {
        var hash = seed ^ UInt64(end - start)
        var index = start
        let raw = UnsafeRawBufferPointer(data)
        while index + 8 <= end {
            hash = join(hash, mix(raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)))
            index += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while index < end {
            tail |= UInt64(data[index]) << shift
            shift += 8
            index += 1
        }
        return mix(join(hash, tail))
    }

    static func text(_ text: String) -> UInt64 {
        var text = text
        return text.withUTF8 { bytes($0, 0, $0.count) }
    }

    /// A datum's hash under `GroupKeyEquality`: NaNs and zeros normalized, text by its bytes.
    static func datum(_ value: Datum) -> UInt64 {
        switch value {
        case .null: return null
        case let .int(v): return mix(UInt64(bitPattern: v))
        case let .float(v): return mix(floatBits(v) ^ 0x5555)
        case let .text(v): return self.text(v)
        default:
            var hasher = Hasher()
            hasher.combine(value)
            return UInt64(bitPattern: Int64(hasher.finalize()))
        }
    }

    /// Folds a column's per-row hashes into `hashes`.
    static func combine(_ hashes: inout [UInt64], _ column: GroupKeyInput, _ kind: GroupKeyKind) {
        switch kind {
        case .integer:
            for row in hashes.indices {
                let value = column.isNull(row) ? null : mix(UInt64(bitPattern: column.ints[row]))
                hashes[row] = join(hashes[row], value)
            }
        case .float:
            for row in hashes.indices {
                let value = column.isNull(row) ? null : mix(floatBits(column.floats[row]) ^ 0x5555)
                hashes[row] = join(hashes[row], value)
            }
        case .text:
            guard let text = column.text else { return }
            text.data.withUnsafeBufferPointer { data in
                for row in hashes.indices {
                    if column.isNull(row) {
                        hashes[row] = join(hashes[row], null)
                        continue
                    }
                    let physical = text.selection?[row] ?? row
                    let value = bytes(data, Int(text.offsets[physical]), Int(text.offsets[physical + 1]))
                    hashes[row] = join(hashes[row], value)
                }
            }
        case .datum:
            for row in hashes.indices { hashes[row] = join(hashes[row], datum(column.datums[row])) }
        }
    }
}

/// Key equality as GROUP BY, DISTINCT and the set operations need it: SQL equality of values (`1.0 = 1.00`),
/// NULLs equal to each other, floats equal when both are NaN (and `-0.0 = 0.0`), text equal by UTF-8 bytes (the
/// C collation, so canonically equivalent but differently encoded strings stay apart, as in PostgreSQL).
enum GroupKeyEquality {
    static func same(_ a: Datum, _ b: Datum) -> Bool {
        switch (a, b) {
        case let (.float(x), .float(y)): return x == y || (x.isNaN && y.isNaN)
        case let (.text(x), .text(y)): return x.utf8.elementsEqual(y.utf8)
        default: return a == b
        }
    }

    static func same(_ a: [Datum], _ b: [Datum]) -> Bool {
        guard a.count == b.count else { return false }
        for index in a.indices where !same(a[index], b[index]) { return false }
        return true
    }
}
