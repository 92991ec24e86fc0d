extension PersistenceKernel {
    /// Allocation `all` (CJA: every value persists equally and each gets full credit): each event reports every
    /// value set on or before it that has not expired, in the order they were first set. Setting a value again
    /// renews its expiration. No binding: a set of values binds to nothing.
    static func sets(_ events: Events, persistence: Persistence, itemCount: Int) throws(JourneyError) -> ItemSets {
        guard persistence.bindingDimension == nil, persistence.bindingMetric == nil else {
            throw .invalid("persistence.bindingDimension", "allocation 'all' takes no binding")
        }
        try checkTriggers(events, persistence: persistence)
        let expiration = Expiry(persistence.expiration)
        var sets = ItemSets()
        sets.offsets.reserveCapacity(events.item.count + 1)
        var active = ActiveItems(itemCount: itemCount)
        for person in 0..<(events.personStarts.count - 1) {
            active.removeAll()
            var previousSession: Int32 = -1
            var inWindow = false
            for index in events.personStarts[person]..<events.personStarts[person + 1] {
                let time = events.time[index]
                if expiration.bySession, events.session[index] != previousSession { active.removeAll() }
                previousSession = events.session[index]
                if expiration.byWindow, !inWindow, time >= events.window.start {
                    inWindow = true
                    active.removeAll()
                }
                if expiration.afterMicros != Int64.max { active.removeSet(before: time - expiration.afterMicros) }
                let raw = events.item[index]
                if raw >= 0 { active.set(raw, at: time) }
                sets.append(active.items)
                if expiration.byMetric, events.expires[index] { active.removeAll() }
            }
        }
        return sets
    }

    /// The values in force for one person: items in the order first set, when each was last set, and each item's
    /// position (so setting a value again is O(1)).
    struct ActiveItems {
        private(set) var items: [Int32] = []
        private var setAt: [Int64] = []
        private var position: [Int32]

        init(itemCount: Int) {
            position = [Int32](repeating: -1, count: itemCount)
        }

        mutating func set(_ item: Int32, at time: Int64) {
            let slot = position[Int(item)]
            if slot >= 0 {
                setAt[Int(slot)] = time
            } else {
                position[Int(item)] = Int32(items.count)
                items.append(item)
                setAt.append(time)
            }
        }

        /// Drops the values last set before `limit`.
        mutating func removeSet(before limit: Int64) {
            guard setAt.contains(where: { $0 < limit }) else { return }
            var kept = 0
            for slot in items.indices {
                if setAt[slot] < limit {
                    position[Int(items[slot])] = -1
                } else {
                    items[kept] = items[slot]
                    setAt[kept] = setAt[slot]
                    position[Int(items[kept])] = Int32(kept)
                    kept += 1
                }
            }
            items.removeLast(items.count - kept)
            setAt.removeLast(setAt.count - kept)
        }

        mutating func removeAll() {
            for item in items { position[Int(item)] = -1 }
            items.removeAll(keepingCapacity: true)
            setAt.removeAll(keepingCapacity: true)
        }
    }
}
