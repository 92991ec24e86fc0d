extension PersistenceKernel {
    /// A binding dimension (CJA's "binding dimension"; a search term bound to the product it found): a value binds
    /// to the binding dimension's item on the event that sets it, or, with a binding metric, on every event where
    /// that metric occurs (binding the value in force there). An event with a binding item reports the value bound
    /// to that item (none if nothing is bound or the binding expired); an event without one reports the value as
    /// persistence without binding would. `original` keeps the first binding of an item until it expires; expiration
    /// applies to each binding from when it was made (session: within its session; person: a binding made before the
    /// reporting window does not reach into it; metric: until the metric next occurs).
    static func bound(_ events: Events, original: Bool, expiration: Expiry) -> [Int32] {
        let plain = carried(events, original: original, expiration: expiration)
        let bindingCount = Int(events.binding.max() ?? -1) + 1
        var value = [Int32](repeating: -1, count: bindingCount)
        var boundAt = [Int64](repeating: 0, count: bindingCount)
        var boundSession = [Int32](repeating: -1, count: bindingCount)
        var boundEpoch = [Int](repeating: 0, count: bindingCount)
        var touched: [Int32] = []
        var out = plain
        for person in 0..<(events.personStarts.count - 1) {
            for binding in touched { value[Int(binding)] = -1 }
            touched.removeAll(keepingCapacity: true)
            var epoch = 0
            for index in events.personStarts[person]..<events.personStarts[person + 1] {
                let time = events.time[index]
                let binding = Int(events.binding[index])
                func live() -> Bool {
                    guard value[binding] >= 0 else { return false }
                    if expiration.bySession, boundSession[binding] != events.session[index] { return false }
                    if expiration.byWindow, boundAt[binding] < events.window.start, time >= events.window.start {
                        return false
                    }
                    if time - boundAt[binding] > expiration.afterMicros { return false }
                    return !expiration.byMetric || boundEpoch[binding] == epoch
                }
                if binding >= 0 {
                    let trigger = events.binds.isEmpty ? events.item[index] >= 0 : events.binds[index]
                    let candidate = events.binds.isEmpty ? events.item[index] : plain[index]
                    if trigger, candidate >= 0, !original || !live() {
                        if value[binding] < 0 { touched.append(Int32(binding)) }
                        value[binding] = candidate
                        (boundAt[binding], boundSession[binding], boundEpoch[binding]) =
                            (time, events.session[index], epoch)
                    }
                    out[index] = live() ? value[binding] : -1
                }
                if expiration.byMetric, events.expires[index] { epoch += 1 }
            }
        }
        return out
    }
}
