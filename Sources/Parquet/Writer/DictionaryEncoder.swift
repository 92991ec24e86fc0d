/// Builds a dictionary for a leaf's values: the distinct values (in first-seen order) and one index per
/// value. Gives up (returns nil) when the dictionary's PLAIN size would pass `limit` bytes.
enum DictionaryEncoder {
    struct Result {
        var dictionary: LeafValues
        var indices: [Int32]
    }

    static func build(_ values: LeafValues, limit: Int) -> Result? {
        switch values {
        case .boolean: return nil
        case let .int32(v):
            return buildNumeric(v, key: { UInt32(bitPattern: $0) }, size: 4, limit: limit).map { Result(dictionary: .int32($0.0), indices: $0.1) }
        case let .float(v):
            return buildNumeric(v, key: { $0.bitPattern }, size: 4, limit: limit).map { Result(dictionary: .float($0.0), indices: $0.1) }
        case let .int64(v):
            return buildNumeric(v, key: { UInt64(bitPattern: $0) }, size: 8, limit: limit).map { Result(dictionary: .int64($0.0), indices: $0.1) }
        case let .double(v):
            return buildNumeric(v, key: { $0.bitPattern }, size: 8, limit: limit).map { Result(dictionary: .double($0.0), indices: $0.1) }
        case let .bytes(offsets, data):
            return buildBytes(count: offsets.count - 1, data: data, range: { Int(offsets[$0])..<Int(offsets[$0 + 1]) }, fixed: nil, limit: limit)
        case let .fixed(width, data):
            guard width > 0 else { return nil }
            return buildBytes(count: data.count / width, data: data, range: { $0 * width..<($0 + 1) * width }, fixed: width, limit: limit)
        }
    }

    private static func buildNumeric<T, K: Hashable>(
        _ values: [T], key: (T) -> K, size: Int, limit: Int
    ) -> ([T], [Int32])? {
        var map: [K: Int32] = [:]
        var dictionary: [T] = []
        var indices = [Int32](repeating: 0, count: values.count)
        let maxEntries = limit / size
        for (i, v) in values.enumerated() {
            let k = key(v)
            if let existing = map[k] {
                indices[i] = existing
            } else {
                guard dictionary.count < maxEntries else { return nil }
                let id = Int32(dictionary.count)
                map[k] = id
                dictionary.append(v)
                indices[i] = id
            }
        }
        return (dictionary, indices)
    }

    private static func buildBytes(
        count: Int, data: [UInt8], range: (Int) -> Range<Int>, fixed: Int?, limit: Int
    ) -> Result? {
        var map: [ArraySlice<UInt8>: Int32] = [:]
        var dictOffsets: [Int32] = [0]
        var dictData: [UInt8] = []
        var indices = [Int32](repeating: 0, count: count)
        var size = 0
        for i in 0..<count {
            let slice = data[range(i)]
            if let existing = map[slice] {
                indices[i] = existing
            } else {
                size += slice.count + 4
                guard size <= limit else { return nil }
                let id = Int32(dictOffsets.count - 1)
                map[slice] = id
                dictData.append(contentsOf: slice)
                dictOffsets.append(Int32(dictData.count))
                indices[i] = id
            }
        }
        if let fixed { return Result(dictionary: .fixed(width: fixed, data: dictData), indices: indices) }
        return Result(dictionary: .bytes(offsets: dictOffsets, data: dictData), indices: indices)
    }
}
