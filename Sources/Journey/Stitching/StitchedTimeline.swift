/// The replayed person of every event, looked up by its ids and time, so that a stitched dataset's rows can be
/// written in whatever order a scan yields them. Built once from all of a connection's events by
/// `StitchingKernel` (the same replay as reports): an event with a transient id is that person; a device's
/// anonymous events take the person `StitchingKernel` gave them (the last person authenticated on the device at or
/// before the event, or within the replay lookback the first person who authenticated on it later); a device
/// never authenticated keeps its persistent id. Forgotten transient ids (privacy deletions) are unknown here.
struct StitchedTimeline: Sendable {
    /// A stitched id and the field whose value it is (`transient` or `persistent`).
    struct Stitched: Sendable, Equatable {
        enum Source: Sendable, Equatable {
            case transient, persistent
        }

        var id: String
        var source: Source
    }

    private let transients: [String]
    private let devices: ValueDictionary
    private let forgotten: Set<String>
    /// Per device code: its anonymous events' times (ascending) and replayed person codes, at
    /// `starts[d]..<starts[d + 1]`.
    private let starts: [Int]
    private let times: [Int64]
    private let persons: [Int32]

    /// Stitches `events` (persistent and transient id codes and times; forgotten ids already masked to -1).
    init(_ events: EventColumns, lookbackMicros: Int64, forgotten: Set<String>) {
        let stitched = StitchingKernel.stitch(
            device: events.device, transient: events.transient, time: events.time,
            deviceCount: events.devices.count, transientCount: events.transients.count,
            lookbackMicros: lookbackMicros)
        let order = PersonOrder(keys: events.device, time: events.time, keyCount: events.devices.count)
        var starts = [0]
        var times: [Int64] = []
        var persons: [Int32] = []
        starts.reserveCapacity(events.devices.count + 1)
        for device in 0..<events.devices.count {
            for slot in order.starts[device]..<order.starts[device + 1] {
                let event = Int(order.positions[slot])
                guard events.transient[event] < 0 else { continue }
                times.append(events.time[event])
                persons.append(stitched.replay[event])
            }
            starts.append(times.count)
        }
        self.transients = events.transients.values
        self.devices = events.devices
        self.forgotten = forgotten
        self.starts = starts
        self.times = times
        self.persons = persons
    }

    /// Whether `transient` was forgotten by a privacy deletion.
    func isForgotten(_ transient: String) -> Bool { forgotten.contains(transient) }

    /// The stitched id of an event with these ids at `time` (microseconds); nil when it has neither id.
    func stitched(persistent: String?, transient: String?, time: Int64?) -> Stitched? {
        if let transient, !forgotten.contains(transient) { return Stitched(id: transient, source: .transient) }
        guard let persistent else { return nil }
        guard let time, let device = devices.existingCode(persistent) else {
            return Stitched(id: persistent, source: .persistent)
        }
        let range = starts[Int(device)]..<starts[Int(device) + 1]
        guard !range.isEmpty else { return Stitched(id: persistent, source: .persistent) }
        // The last anonymous event at or before `time` (the event itself when it was loaded).
        var (low, high) = (range.lowerBound, range.upperBound)
        while low < high {
            let middle = (low + high) / 2
            if times[middle] <= time { low = middle + 1 } else { high = middle }
        }
        let person = Int(persons[max(low - 1, range.lowerBound)])
        if person < transients.count { return Stitched(id: transients[person], source: .transient) }
        return Stitched(id: devices.values[person - transients.count], source: .persistent)
    }
}
