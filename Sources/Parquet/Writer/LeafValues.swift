/// The non-null values of one leaf column, in Parquet physical form.
enum LeafValues: Sendable {
    case boolean([Bool])
    case int32([Int32])
    case int64([Int64])
    case float([Float])
    case double([Double])
    /// BYTE_ARRAY: value `i` is `data[offsets[i]..<offsets[i+1]]`.
    case bytes(offsets: [Int32], data: [UInt8])
    /// FIXED_LEN_BYTE_ARRAY (and INT96): `width` bytes per value.
    case fixed(width: Int, data: [UInt8])

    static func empty(for physical: PhysicalType, typeLength: Int) -> LeafValues {
        switch physical {
        case .boolean: return .boolean([])
        case .int32: return .int32([])
        case .int64: return .int64([])
        case .float: return .float([])
        case .double: return .double([])
        case .byteArray: return .bytes(offsets: [0], data: [])
        case .int96: return .fixed(width: 12, data: [])
        case .fixedLenByteArray: return .fixed(width: typeLength, data: [])
        }
    }

    var count: Int {
        switch self {
        case let .boolean(v): return v.count
        case let .int32(v): return v.count
        case let .int64(v): return v.count
        case let .float(v): return v.count
        case let .double(v): return v.count
        case let .bytes(offsets, _): return offsets.count - 1
        case let .fixed(width, data): return width > 0 ? data.count / width : 0
        }
    }

    /// Approximate PLAIN-encoded size in bytes.
    var byteSize: Int {
        switch self {
        case let .boolean(v): return (v.count + 7) / 8
        case let .int32(v): return v.count * 4
        case let .int64(v): return v.count * 8
        case let .float(v): return v.count * 4
        case let .double(v): return v.count * 8
        case let .bytes(offsets, data): return data.count + 4 * (offsets.count - 1)
        case let .fixed(_, data): return data.count
        }
    }

    /// Appends `other`'s values (same case). Each case moves its array out of `self` first (leaving a placeholder),
    /// so the append grows a uniquely referenced buffer in place instead of copying it.
    mutating func append(_ other: LeafValues) {
        switch self {
        case .boolean(var a):
            guard case let .boolean(b) = other else { return }
            self = .int32([])
            a.append(contentsOf: b)
            self = .boolean(a)
        case .int32(var a):
            guard case let .int32(b) = other else { return }
            self = .boolean([])
            a.append(contentsOf: b)
            self = .int32(a)
        case .int64(var a):
            guard case let .int64(b) = other else { return }
            self = .boolean([])
            a.append(contentsOf: b)
            self = .int64(a)
        case .float(var a):
            guard case let .float(b) = other else { return }
            self = .boolean([])
            a.append(contentsOf: b)
            self = .float(a)
        case .double(var a):
            guard case let .double(b) = other else { return }
            self = .boolean([])
            a.append(contentsOf: b)
            self = .double(a)
        case .bytes(var offsets, var data):
            guard case let .bytes(o2, d2) = other, o2.count > 1 else { return }
            self = .boolean([])
            let base = offsets[offsets.count - 1] &- o2[0]
            offsets.reserveCapacity(offsets.count + o2.count - 1)
            o2.withUnsafeBufferPointer { o in
                for k in 1..<o.count { offsets.append(base &+ o[k]) }
            }
            data.append(contentsOf: d2[Int(o2[0])..<Int(o2[o2.count - 1])])
            self = .bytes(offsets: offsets, data: data)
        case .fixed(let w, var data):
            guard case let .fixed(_, d2) = other else { return }
            self = .boolean([])
            data.append(contentsOf: d2)
            self = .fixed(width: w, data: data)
        }
    }

    /// PLAIN encoding of values `range`, appended to `out`.
    func appendPlain(_ range: Range<Int>, to out: inout [UInt8]) {
        switch self {
        case let .boolean(v):
            var byte: UInt8 = 0
            var bit = 0
            for i in range {
                if v[i] { byte |= 1 << UInt8(bit) }
                bit += 1
                if bit == 8 {
                    out.append(byte)
                    byte = 0
                    bit = 0
                }
            }
            if bit > 0 { out.append(byte) }
        case let .int32(v): v[range].withUnsafeBytes { out.append(contentsOf: $0) }
        case let .int64(v): v[range].withUnsafeBytes { out.append(contentsOf: $0) }
        case let .float(v): v[range].withUnsafeBytes { out.append(contentsOf: $0) }
        case let .double(v): v[range].withUnsafeBytes { out.append(contentsOf: $0) }
        case let .bytes(offsets, data):
            guard !range.isEmpty else { return }
            out.reserveCapacity(
                out.count + Int(offsets[range.upperBound] - offsets[range.lowerBound]) + 4 * range.count)
            for i in range {
                let start = Int(offsets[i])
                let end = Int(offsets[i + 1])
                let n = UInt32(end - start)
                out.append(UInt8(truncatingIfNeeded: n))
                out.append(UInt8(truncatingIfNeeded: n >> 8))
                out.append(UInt8(truncatingIfNeeded: n >> 16))
                out.append(UInt8(truncatingIfNeeded: n >> 24))
                out.append(contentsOf: data[start..<end])
            }
        case let .fixed(width, data):
            out.append(contentsOf: data[range.lowerBound * width..<range.upperBound * width])
        }
    }

    /// Encoded size of value `i` in PLAIN (for page splitting).
    @inline(__always)
    func plainSize(_ i: Int) -> Int {
        switch self {
        case .boolean: return 1
        case .int32, .float: return 4
        case .int64, .double: return 8
        case let .bytes(offsets, _): return 4 + Int(offsets[i + 1] - offsets[i])
        case let .fixed(width, _): return width
        }
    }
}
