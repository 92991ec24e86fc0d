/// Field-based stitching as pure kernels over event arrays (CJA's documented rules).
///
/// Stitched person codes: a transient id's code `t` stays `t`; a device never authenticated (up to that event)
/// is `transientCount + d` for its persistent id code `d`. An event with neither id has no person (-1).
///
/// - Live: an event with a transient id is that person; an anonymous event of a device gets the transient id last
///   seen on that device at or before it (so on a shared device, the last person who authenticated before it).
/// - Replay: additionally, anonymous events of a device before its first authenticated event, at most
///   `lookbackMicros` before it, go to that first person (on a shared device the next one to authenticate,
///   since live stitching already gave every later anonymous event to the previous one).
enum StitchingKernel {
    struct Result: Sendable, Equatable {
        var live: [Int32]
        var replay: [Int32]
    }

    static func stitch(
        device: [Int32], transient: [Int32], time: [Int64], deviceCount: Int, transientCount: Int,
        lookbackMicros: Int64
    ) -> Result {
        let count = time.count
        var live = [Int32](repeating: -1, count: count)
        for index in 0..<count where device[index] < 0 { live[index] = transient[index] }
        let order = PersonOrder(keys: device, time: time, keyCount: deviceCount)
        for deviceCode in 0..<deviceCount {
            let range = order.starts[deviceCode]..<order.starts[deviceCode + 1]
            var last = Int32(transientCount + deviceCode)
            for slot in range {
                let event = Int(order.positions[slot])
                if transient[event] >= 0 { last = transient[event] }
                live[event] = last
            }
        }
        var replay = live
        for deviceCode in 0..<deviceCount {
            let range = order.starts[deviceCode]..<order.starts[deviceCode + 1]
            guard let first = range.first(where: { transient[Int(order.positions[$0])] >= 0 }) else { continue }
            let firstEvent = Int(order.positions[first])
            let (person, authenticatedAt) = (transient[firstEvent], time[firstEvent])
            for slot in range.lowerBound..<first {
                let event = Int(order.positions[slot])
                if authenticatedAt - time[event] <= lookbackMicros { replay[event] = person }
            }
        }
        return Result(live: live, replay: replay)
    }
}
