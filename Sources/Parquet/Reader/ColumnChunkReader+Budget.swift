/// Charging the file's decode budget before each allocation a page asks for, and dictionary lookups (whose
/// output a small page can make far larger than the page).
extension ColumnChunkReader {
    /// Charges `bytes` about to be decoded at `position` (chunk-relative) for `what`.
    func charge(_ bytes: Int, _ what: String, _ position: Int) throws(ParquetError) {
        do {
            try budget.charge(bytes, for: what)
        } catch {
            var located = error
            located.offset = baseOffset + position
            located.fieldPath = leaf.dottedPath
            throw located
        }
    }

    /// Charges `count` decoded values of this leaf's physical type (byte arrays: their 4-byte offsets; the bytes
    /// themselves come from the page, already charged, or are charged where they are replicated).
    func charge(values count: Int, _ what: String, _ position: Int) throws(ParquetError) {
        let width: Int
        switch leaf.physical {
        case .boolean: width = 1
        case .int32, .float, .byteArray: width = 4
        case .int64, .double: width = 8
        case .int96: width = 12
        case .fixedLenByteArray: width = max(1, leaf.typeLength)
        }
        let (bytes, overflow) = max(0, count).multipliedReportingOverflow(by: width)
        try charge(overflow ? .max : bytes, what, position)
    }

    /// Charges one level byte per entry for each level stream this leaf has.
    func chargeLevels(_ count: Int, _ position: Int) throws(ParquetError) {
        let streams = (leaf.maxRepetition > 0 ? 1 : 0) + (leaf.maxDefinition > 0 ? 1 : 0)
        if streams > 0 { try charge(count * streams, "levels", position) }
    }

    /// The dictionary values at `indices`. The values were charged as `indices.count` plain values; the bytes
    /// that byte-array entries replicate are charged here, before they are copied.
    func gather(_ dict: LeafValues, _ indices: [Int32], _ position: Int) throws(ParquetError) -> LeafValues {
        let n = dict.count
        for i in indices where i < 0 || Int(i) >= n { throw corruptIndex(position) }
        func pick<T>(_ v: [T]) -> [T] { v.withUnsafeBufferPointer { p in indices.map { p[Int($0)] } } }
        switch dict {
        case let .boolean(v): return .boolean(pick(v))
        case let .int32(v): return .int32(pick(v))
        case let .int64(v): return .int64(pick(v))
        case let .float(v): return .float(pick(v))
        case let .double(v): return .double(pick(v))
        case let .fixed(width, data):
            var out: [UInt8] = []
            out.reserveCapacity(indices.count * width)
            for i in indices { out.append(contentsOf: data[Int(i) * width..<(Int(i) + 1) * width]) }
            return .fixed(width: width, data: out)
        case let .bytes(offsets, data):
            var total = 0
            for i in indices { total += Int(offsets[Int(i) + 1] - offsets[Int(i)]) }
            guard total <= Int(Int32.max) else {
                throw ParquetError(.unsupported, "byte array data over 2 GiB", fieldPath: leaf.dottedPath)
            }
            try charge(total, "dictionary values", position)
            var newOffsets: [Int32] = [0]
            newOffsets.reserveCapacity(indices.count + 1)
            var out: [UInt8] = []
            out.reserveCapacity(total)
            for i in indices {
                out.append(contentsOf: data[Int(offsets[Int(i)])..<Int(offsets[Int(i) + 1])])
                newOffsets.append(Int32(out.count))
            }
            return .bytes(offsets: newOffsets, data: out)
        }
    }

    private func corruptIndex(_ position: Int) -> ParquetError {
        ParquetError(
            .corruptPage, "dictionary index out of range", offset: baseOffset + position, fieldPath: leaf.dottedPath)
    }
}
