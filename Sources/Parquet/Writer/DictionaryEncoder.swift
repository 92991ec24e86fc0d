#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Builds a dictionary for a leaf's values: the distinct values (in first-seen order) and one index per
/// value. Gives up (returns nil) when the dictionary's PLAIN size would pass `limit` bytes.
/// Uses open-addressing hash tables over raw bits / bytes (no per-value allocation, no SipHash).
enum DictionaryEncoder {
    struct Result {
        var dictionary: LeafValues
        var indices: [Int32]
    }

    static func build(_ values: LeafValues, limit: Int) -> Result? {
        switch values {
        case .boolean: return nil
        case let .int32(v):
            return buildNumeric(v, bits: { UInt64(UInt32(bitPattern: $0)) }, size: 4, limit: limit).map {
                Result(dictionary: .int32($0.0), indices: $0.1)
            }
        case let .float(v):
            return buildNumeric(v, bits: { UInt64($0.bitPattern) }, size: 4, limit: limit).map {
                Result(dictionary: .float($0.0), indices: $0.1)
            }
        case let .int64(v):
            return buildNumeric(v, bits: { UInt64(bitPattern: $0) }, size: 8, limit: limit).map {
                Result(dictionary: .int64($0.0), indices: $0.1)
            }
        case let .double(v):
            return buildNumeric(v, bits: { $0.bitPattern }, size: 8, limit: limit).map {
                Result(dictionary: .double($0.0), indices: $0.1)
            }
        case let .bytes(offsets, data):
            return buildBytes(count: offsets.count - 1, data: data, offsets: offsets, fixed: nil, limit: limit)
        case let .fixed(width, data):
            guard width > 0 else { return nil }
            return buildBytes(count: data.count / width, data: data, offsets: nil, fixed: width, limit: limit)
        }
    }

    @inline(__always)
    private static func mix(_ x: UInt64) -> UInt64 {
        // SplitMix64's finalizer: every input bit affects the low bits used for the slot.
        var z = (x ^ (x >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    private static func buildNumeric<T>(
        _ values: [T], bits: (T) -> UInt64, size: Int, limit: Int
    ) -> ([T], [Int32])? {
        let maxEntries = max(1, limit / size)
        var capacity = 1024
        var slots = [Int32](repeating: -1, count: capacity)
        var keys: [UInt64] = []
        var dictionary: [T] = []
        var indices = [Int32](repeating: 0, count: values.count)
        var ok = true
        values.withUnsafeBufferPointer { input in
            for i in 0..<input.count {
                let v = input[i]
                let k = bits(v)
                var slot = Int(truncatingIfNeeded: mix(k)) & (capacity - 1)
                while true {
                    let id = slots[slot]
                    if id < 0 {
                        guard dictionary.count < maxEntries else {
                            ok = false
                            return
                        }
                        let newID = Int32(dictionary.count)
                        slots[slot] = newID
                        keys.append(k)
                        dictionary.append(v)
                        indices[i] = newID
                        if keys.count * 2 > capacity {
                            capacity *= 2
                            slots = rehash(keys, capacity: capacity)
                        }
                        break
                    }
                    if keys[Int(id)] == k {
                        indices[i] = id
                        break
                    }
                    slot = (slot + 1) & (capacity - 1)
                }
            }
        }
        return ok ? (dictionary, indices) : nil
    }

    private static func rehash(_ keys: [UInt64], capacity: Int) -> [Int32] {
        var slots = [Int32](repeating: -1, count: capacity)
        for (id, k) in keys.enumerated() {
            var slot = Int(truncatingIfNeeded: mix(k)) & (capacity - 1)
            while slots[slot] >= 0 { slot = (slot + 1) & (capacity - 1) }
            slots[slot] = Int32(id)
        }
        return slots
    }

    /// A fast hash of a byte range (8 bytes at a time).
    @inline(__always)
    private static func hashBytes(_ p: UnsafeRawBufferPointer, _ start: Int, _ count: Int) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325 ^ UInt64(count)
        var i = 0
        while i + 8 <= count {
            h = mix(h ^ p.loadUnaligned(fromByteOffset: start + i, as: UInt64.self))
            i += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while i < count {
            tail |= UInt64(p[start + i]) << shift
            shift += 8
            i += 1
        }
        return mix(h ^ tail)
    }

    private static func buildBytes(
        count: Int, data: [UInt8], offsets: [Int32]?, fixed: Int?, limit: Int
    ) -> Result? {
        var capacity = 1024
        var slots = [Int32](repeating: -1, count: capacity)
        var hashes: [UInt64] = []
        var starts: [Int] = []
        var lengths: [Int] = []
        var indices = [Int32](repeating: 0, count: count)
        var size = 0
        var ok = true
        data.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else {
                // Empty data: every value is the empty byte string.
                if count > 0 {
                    starts.append(0)
                    lengths.append(0)
                    size = 4
                }
                return
            }
            for i in 0..<count {
                let start: Int
                let length: Int
                if let fixed {
                    start = i * fixed
                    length = fixed
                } else if let offsets {
                    start = Int(offsets[i])
                    length = Int(offsets[i + 1]) - start
                } else {
                    return
                }
                let h = hashBytes(raw, start, length)
                var slot = Int(truncatingIfNeeded: h) & (capacity - 1)
                while true {
                    let id = slots[slot]
                    if id < 0 {
                        size += length + 4
                        guard size <= limit else {
                            ok = false
                            return
                        }
                        let newID = Int32(starts.count)
                        slots[slot] = newID
                        hashes.append(h)
                        starts.append(start)
                        lengths.append(length)
                        indices[i] = newID
                        if starts.count * 2 > capacity {
                            capacity *= 2
                            slots = [Int32](repeating: -1, count: capacity)
                            for (k, hk) in hashes.enumerated() {
                                var s = Int(truncatingIfNeeded: hk) & (capacity - 1)
                                while slots[s] >= 0 { s = (s + 1) & (capacity - 1) }
                                slots[s] = Int32(k)
                            }
                        }
                        break
                    }
                    let e = Int(id)
                    if hashes[e] == h && lengths[e] == length
                        && (length == 0 || memcmp(base + starts[e], base + start, length) == 0)
                    {
                        indices[i] = id
                        break
                    }
                    slot = (slot + 1) & (capacity - 1)
                }
            }
        }
        guard ok else { return nil }
        var dictData: [UInt8] = []
        dictData.reserveCapacity(size)
        var dictOffsets: [Int32] = [0]
        dictOffsets.reserveCapacity(starts.count + 1)
        for (s, l) in zip(starts, lengths) {
            dictData.append(contentsOf: data[s..<s + l])
            dictOffsets.append(Int32(dictData.count))
        }
        if let fixed { return Result(dictionary: .fixed(width: fixed, data: dictData), indices: indices) }
        return Result(dictionary: .bytes(offsets: dictOffsets, data: dictData), indices: indices)
    }
}
