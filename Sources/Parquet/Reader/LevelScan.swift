/// Whole-page scans over levels and dictionary indices, written as plain loops over buffers so the compiler
/// vectorizes them (no early exits inside the loop).
enum LevelScan {
    /// How many levels equal `level`, and the highest level seen.
    static func countEqual(_ levels: UnsafeBufferPointer<UInt8>, to level: UInt8) -> (count: Int, highest: UInt8) {
        var count = 0
        var highest: UInt8 = 0
        for l in levels {
            count &+= l == level ? 1 : 0
            highest = max(highest, l)
        }
        return (count, highest)
    }

    /// The highest level.
    static func highest(_ levels: UnsafeBufferPointer<UInt8>) -> UInt8 {
        var highest: UInt8 = 0
        for l in levels { highest = max(highest, l) }
        return highest
    }

    /// True when every index is in `0..<count`.
    static func allBelow(_ indices: UnsafeBufferPointer<Int32>, _ count: Int) -> Bool {
        var bad: UInt32 = 0
        let limit = UInt32(clamping: count)
        for i in indices { bad |= UInt32(bitPattern: i) >= limit ? 1 : 0 }
        return bad == 0
    }
}
