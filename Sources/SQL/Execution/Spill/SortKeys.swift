/// Normalized sort keys of rows (`SortKeyLayout.encode`): one byte string per row whose unsigned lexicographic
/// order is the sort's order, so sorting, merging and boundary detection compare bytes instead of datums.
struct SortKeys {
    var bytes: [UInt8]
    /// Start of each row's key, then the end of the last one.
    var offsets: [Int]
    /// End of each row's PARTITION BY prefix (a window's keys), empty otherwise.
    var partitionEnds: [Int]

    var count: Int { offsets.count - 1 }

    static let empty = SortKeys(bytes: [], offsets: [0], partitionEnds: [])

    func key(_ row: Int) -> [UInt8] { Array(bytes[offsets[row]..<offsets[row + 1]]) }

    /// -1, 0 or 1 comparing two byte strings (8 bytes at a time, as big-endian words).
    @inline(__always)
    static func compare(
        _ base: UnsafePointer<UInt8>, _ a: Int, _ aEnd: Int, _ bBase: UnsafePointer<UInt8>, _ b: Int, _ bEnd: Int
    ) -> Int {
        let (aLength, bLength) = (aEnd - a, bEnd - b)
        let common = min(aLength, bLength)
        var offset = 0
        while offset + 8 <= common {
            let x = UnsafeRawPointer(base + a + offset).loadUnaligned(as: UInt64.self).bigEndian
            let y = UnsafeRawPointer(bBase + b + offset).loadUnaligned(as: UInt64.self).bigEndian
            if x != y { return x < y ? -1 : 1 }
            offset += 8
        }
        while offset < common {
            let (x, y) = (base[a + offset], bBase[b + offset])
            if x != y { return x < y ? -1 : 1 }
            offset += 1
        }
        return aLength == bLength ? 0 : (aLength < bLength ? -1 : 1)
    }

    /// -1, 0 or 1 comparing two keys.
    static func compare(_ a: [UInt8], _ b: [UInt8]) -> Int {
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                guard let x = a.baseAddress, let y = b.baseAddress else {
                    return a.count == b.count ? 0 : (a.isEmpty ? -1 : 1)
                }
                return compare(x, 0, a.count, y, 0, b.count)
            }
        }
    }

    /// -1, 0 or 1 comparing the key of `row` with `other`.
    func compare(_ row: Int, with other: [UInt8]) -> Int {
        bytes.withUnsafeBufferPointer { keys in
            other.withUnsafeBufferPointer { other in
                guard let x = keys.baseAddress, let y = other.baseAddress else {
                    return offsets[row + 1] - offsets[row] == other.count ? 0 : (other.isEmpty ? 1 : -1)
                }
                return SortKeys.compare(x, offsets[row], offsets[row + 1], y, 0, other.count)
            }
        }
    }

    /// The rows in key order, rows with equal keys in input order (a stable sort). Input already in order, as a
    /// window's over the output of a window with the same keys, is recognized in one pass and left as it is.
    func sortedPermutation() -> [Int] {
        var permutation = Array(0..<count)
        guard count > 1, !bytes.isEmpty else { return permutation }
        let offsets = self.offsets
        bytes.withUnsafeBufferPointer { keys in
            guard let base = keys.baseAddress else { return }
            var ordered = true
            for row in 1..<count
            where SortKeys.compare(base, offsets[row - 1], offsets[row], base, offsets[row], offsets[row + 1]) > 0 {
                ordered = false
                break
            }
            if ordered { return }
            offsets.withUnsafeBufferPointer { offsets in
                permutation.withUnsafeMutableBufferPointer { rows in
                    rows.sort { a, b in
                        let order = SortKeys.compare(base, offsets[a], offsets[a + 1], base, offsets[b], offsets[b + 1])
                        return order != 0 ? order < 0 : a < b
                    }
                }
            }
        }
        return permutation
    }

    /// A window's partition and peer-group boundaries over `permutation` (sorted by these keys): a new partition
    /// where the PARTITION BY prefixes differ, a new peer group where the keys differ.
    func boundaries(
        _ permutation: [Int], _ partitionStarts: inout [Int], _ group: inout [Int], _ groupStarts: inout [Int]
    ) {
        guard permutation.count > 1, !bytes.isEmpty else { return }
        let offsets = self.offsets
        let partitionEnds = self.partitionEnds
        bytes.withUnsafeBufferPointer { keys in
            guard let base = keys.baseAddress else { return }
            var previous = permutation[0]
            for position in 1..<permutation.count {
                let current = permutation[position]
                let newPartition =
                    !partitionEnds.isEmpty
                    && SortKeys.compare(
                        base, offsets[previous], partitionEnds[previous], base, offsets[current], partitionEnds[current]
                    )
                        != 0
                if newPartition { partitionStarts.append(position) }
                if newPartition
                    || SortKeys.compare(
                        base, offsets[previous], offsets[previous + 1], base, offsets[current], offsets[current + 1])
                        != 0
                {
                    groupStarts.append(position)
                }
                group[position] = groupStarts.count - 1
                previous = current
            }
        }
    }
}
