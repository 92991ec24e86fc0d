/// Groups events by a dense key (the person, or a device for stitching) and orders each group by time: a counting
/// sort by key (stable, so events keep their load order within a key), then a per-group sort by (time, load
/// position) that is skipped when the group is already in time order. Ties in time keep load order, which is the
/// connection's dataset order and each dataset's scan order: deterministic for the same lake.
struct PersonOrder: Sendable {
    /// Event positions (into the loaded arrays), grouped by key and in time order within a key.
    var positions: [Int32]
    /// `positions[starts[k]..<starts[k + 1]]` are key `k`'s events; `starts.count == keyCount + 1`.
    var starts: [Int]

    /// Orders the events whose `keys` are in `0..<keyCount`; events with a key of -1 are left out.
    init(keys: [Int32], time: [Int64], keyCount: Int) {
        var starts = [Int](repeating: 0, count: keyCount + 1)
        for key in keys where key >= 0 { starts[Int(key) + 1] += 1 }
        for index in 0..<keyCount { starts[index + 1] += starts[index] }
        var next = starts
        var positions = [Int32](repeating: 0, count: starts[keyCount])
        for (position, key) in keys.enumerated() where key >= 0 {
            positions[next[Int(key)]] = Int32(position)
            next[Int(key)] += 1
        }
        for key in 0..<keyCount {
            let range = starts[key]..<starts[key + 1]
            guard range.count > 1, !Self.isOrdered(positions[range], time: time) else { continue }
            positions[range].sort { a, b in
                let (ta, tb) = (time[Int(a)], time[Int(b)])
                return ta != tb ? ta < tb : a < b
            }
        }
        self.positions = positions
        self.starts = starts
    }

    var keyCount: Int { starts.count - 1 }

    private static func isOrdered(_ positions: ArraySlice<Int32>, time: [Int64]) -> Bool {
        var previous = Int64.min
        for position in positions {
            let value = time[Int(position)]
            if value < previous { return false }
            previous = value
        }
        return true
    }
}
