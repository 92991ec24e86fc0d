/// Appending decoded page values to a leaf's values in place: PLAIN values straight from page bytes, and
/// dictionary entries gathered by index. One pass checks bounds, the next copies through raw pointers, so the
/// per-value work is a load and a store (no per-value bounds checks, appends or copy-on-write checks).
extension LeafValues {
    /// Appends `count` PLAIN values read from `page[position..<end]`; returns the position after them.
    mutating func appendPlain(
        _ page: UnsafeRawBufferPointer, at position: Int, end: Int, count: Int
    ) throws(ParquetError) -> Int {
        let available = max(0, min(end, page.count) - position)
        if case .fixed(let width, _) = self, width <= 0 { throw PlainDecoder.short(position) }
        guard count > 0 else { return position }
        switch self {
        case .boolean(var v):
            guard (count + 7) / 8 <= available else { throw PlainDecoder.short(position) }
            self = .int32([])
            v.reserveCapacity(v.count + count)
            for i in 0..<count { v.append(page[position + (i >> 3)] & (1 << UInt8(i & 7)) != 0) }
            self = .boolean(v)
            return position + (count + 7) / 8
        case .int32(var v):
            let next = try Self.appendRaw(&v, page, position, count, available, placeholder: &self)
            self = .int32(v)
            return next
        case .int64(var v):
            let next = try Self.appendRaw(&v, page, position, count, available, placeholder: &self)
            self = .int64(v)
            return next
        case .float(var v):
            let next = try Self.appendRaw(&v, page, position, count, available, placeholder: &self)
            self = .float(v)
            return next
        case .double(var v):
            let next = try Self.appendRaw(&v, page, position, count, available, placeholder: &self)
            self = .double(v)
            return next
        case .fixed(let width, var data):
            guard width > 0, count <= available / width else { throw PlainDecoder.short(position) }
            self = .boolean([])
            data.append(contentsOf: UnsafeRawBufferPointer(rebasing: page[position..<position + count * width]))
            self = .fixed(width: width, data: data)
            return position + count * width
        case .bytes(var offsets, var data):
            let end = position + available
            // Pass 1: every length and its bytes lie inside the page.
            var p = position
            var total = 0
            for _ in 0..<count {
                guard end - p >= 4 else { throw PlainDecoder.short(p) }
                let n = Int(page.loadUnaligned(fromByteOffset: p, as: UInt32.self).littleEndian)
                p += 4
                guard n <= end - p else { throw PlainDecoder.short(p) }
                p += n
                total += n
            }
            guard total <= Int(Int32.max) - data.count else {
                throw ParquetError(.unsupported, "byte array data over 2 GiB")
            }
            self = .boolean([])
            // Pass 2: copy.
            let firstOffset = offsets.count
            let firstByte = data.count
            offsets.append(contentsOf: repeatElement(0, count: count))
            data.append(contentsOf: repeatElement(0, count: total))
            offsets.withUnsafeMutableBufferPointer { o in
                data.withUnsafeMutableBytes { d in
                    guard let src = page.baseAddress, let dst = d.baseAddress, let out = o.baseAddress else { return }
                    var p = position
                    var w = firstByte
                    for k in 0..<count {
                        let n = Int(page.loadUnaligned(fromByteOffset: p, as: UInt32.self).littleEndian)
                        p += 4
                        (dst + w).copyMemory(from: src + p, byteCount: n)
                        p += n
                        w += n
                        out[firstOffset + k] = Int32(truncatingIfNeeded: w)
                    }
                }
            }
            self = .bytes(offsets: offsets, data: data)
            return p
        }
    }

    /// Copies `count` fixed-width values from raw page bytes to the end of `values`.
    private static func appendRaw<T>(
        _ values: inout [T], _ page: UnsafeRawBufferPointer, _ position: Int, _ count: Int, _ available: Int,
        placeholder: inout LeafValues
    ) throws(ParquetError) -> Int where T: Numeric {
        let size = MemoryLayout<T>.stride
        guard count <= available / size else { throw PlainDecoder.short(position) }
        placeholder = .boolean([])
        let old = values.count
        values.append(contentsOf: repeatElement(0, count: count))
        values.withUnsafeMutableBytes { dst in
            guard let to = dst.baseAddress, let from = page.baseAddress else { return }
            (to + old * size).copyMemory(from: from + position, byteCount: count * size)
        }
        return position + count * size
    }

    /// Bytes that gathering `indices` from this (byte-array) dictionary copies; 0 for other kinds.
    func gatheredByteCount(_ indices: UnsafeBufferPointer<Int32>) -> Int {
        guard case let .bytes(offsets, _) = self else { return 0 }
        return offsets.withUnsafeBufferPointer { o in
            var total = 0
            for i in indices { total &+= Int(o[Int(i) + 1] &- o[Int(i)]) }
            return total
        }
    }

    /// Appends `dictionary[indices[k]]` for every k. The caller checked every index against the dictionary's
    /// count and, for byte arrays, that the bytes fit (`gatheredByteCount`).
    mutating func appendGathered(_ dictionary: LeafValues, _ indices: UnsafeBufferPointer<Int32>) {
        func gather<T>(_ values: inout [T], _ source: [T], zero: T) {
            let old = values.count
            values.append(contentsOf: repeatElement(zero, count: indices.count))
            values.withUnsafeMutableBufferPointer { out in
                source.withUnsafeBufferPointer { src in
                    guard let o = out.baseAddress, let s = src.baseAddress else { return }
                    for k in 0..<indices.count { o[old + k] = s[Int(indices[k])] }
                }
            }
        }
        switch (self, dictionary) {
        case (.boolean(var v), .boolean(let d)):
            self = .int32([])
            gather(&v, d, zero: false)
            self = .boolean(v)
        case (.int32(var v), .int32(let d)):
            self = .boolean([])
            gather(&v, d, zero: 0)
            self = .int32(v)
        case (.int64(var v), .int64(let d)):
            self = .boolean([])
            gather(&v, d, zero: 0)
            self = .int64(v)
        case (.float(var v), .float(let d)):
            self = .boolean([])
            gather(&v, d, zero: 0)
            self = .float(v)
        case (.double(var v), .double(let d)):
            self = .boolean([])
            gather(&v, d, zero: 0)
            self = .double(v)
        case (.fixed(let width, var data), .fixed(_, let d)):
            self = .boolean([])
            let old = data.count
            data.append(contentsOf: repeatElement(0, count: indices.count * width))
            data.withUnsafeMutableBytes { out in
                d.withUnsafeBytes { src in
                    guard let o = out.baseAddress, let s = src.baseAddress else { return }
                    for k in 0..<indices.count {
                        (o + old + k * width).copyMemory(from: s + Int(indices[k]) * width, byteCount: width)
                    }
                }
            }
            self = .fixed(width: width, data: data)
        case (.bytes(var offsets, var data), .bytes(let dOffsets, let dData)):
            self = .boolean([])
            let total = dictionary.gatheredByteCount(indices)
            let firstOffset = offsets.count
            let firstByte = data.count
            offsets.append(contentsOf: repeatElement(0, count: indices.count))
            data.append(contentsOf: repeatElement(0, count: total))
            offsets.withUnsafeMutableBufferPointer { o in
                data.withUnsafeMutableBytes { out in
                    dOffsets.withUnsafeBufferPointer { so in
                        dData.withUnsafeBytes { sd in
                            guard let ob = o.baseAddress, let soBase = so.baseAddress else { return }
                            var w = firstByte
                            for k in 0..<indices.count {
                                let i = Int(indices[k])
                                let start = Int(soBase[i])
                                let n = Int(soBase[i + 1]) - start
                                if n > 0, let dst = out.baseAddress, let src = sd.baseAddress {
                                    (dst + w).copyMemory(from: src + start, byteCount: n)
                                }
                                w += n
                                ob[firstOffset + k] = Int32(truncatingIfNeeded: w)
                            }
                        }
                    }
                }
            }
            self = .bytes(offsets: offsets, data: data)
        default:
            break
        }
    }
}
