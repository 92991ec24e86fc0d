/// The report over loaded events: stitching (when the connection has it), person order, sessions, persistence,
/// then one metric column per requested metric. Pure: events in, columns out.
struct ReportComputation: Sendable {
    let plan: ReportPlan
    let dataView: DataView
    let stitching: StitchingSettings?
    let window: ReportWindow

    struct Columns: Sendable {
        /// The dimension's values by item code; the code `items.count` is "Unspecified".
        var items: [String]
        /// Per metric: values by item code (with "Unspecified" last) and the total.
        var metrics: [MetricKernel.Column]
        /// True for item codes that a window event reports or that got credit.
        var present: [Bool]
    }

    func run(_ loaded: EventColumns) throws(JourneyError) -> Columns {
        var columns = loaded
        var personCount = columns.people.count
        if let stitching {
            let stitched = StitchingKernel.stitch(
                device: columns.device, transient: columns.transient, time: columns.time,
                deviceCount: columns.devices.count, transientCount: columns.transients.count,
                lookbackMicros: Int64(stitching.replayLookbackDays) * 86_400_000_000)
            columns.person = stitched.replay
            personCount = columns.transients.count + columns.devices.count
        }
        let order = PersonOrder(keys: columns.person, time: columns.time, keyCount: personCount)
        var events = SortedEvents(columns, order: order, window: window)
        let timeout = Int64(max(dataView.session.timeoutMinutes, 0)) * 60_000_000
        (events.session, events.sessionCount) = SessionKernel.sessions(
            time: events.time, startsSession: events.startsSession, personStarts: events.personStarts,
            timeoutMicros: timeout)
        try persist(&events)
        let masks = try FilterMasks(
            plan.filters, events: events, loaded: columns, order: order, fields: plan.fields, window: window)
        events.counted = masks.global
        let metrics = zip(plan.metrics, masks.metrics).map { metric, mask in
            var filtered = events
            filtered.counted = mask
            return MetricKernel(events: filtered).column(metric.measure, attribution: metric.component.attribution)
        }
        var present = [Bool](repeating: false, count: events.itemCount + 1)
        for index in 0..<events.count where events.inWindow(index) {
            events.forEachReported(index) { present[$0] = true }
        }
        for metric in metrics {
            for (slot, value) in metric.values.enumerated() where value != 0 { present[slot] = true }
        }
        return Columns(items: columns.items.values, metrics: metrics, present: present)
    }

    /// The items events report after the dimension's persistence (`persisted`, or `itemSets` for allocation `all`).
    private func persist(_ events: inout SortedEvents) throws(JourneyError) {
        let occurs = MetricKernel(events: events)
        var input = PersistenceKernel.Events(
            time: events.time, item: events.item, session: events.session, personStarts: events.personStarts,
            window: window, binding: events.binding)
        if let expiration = plan.expiration { input.expires = occurs.occurs(expiration) }
        if let binding = plan.bindingMetric { input.binds = occurs.occurs(binding) }
        do throws(JourneyError) {
            if let persistence = plan.dimension.persistence, persistence.allocation == .all {
                events.itemSets = try PersistenceKernel.sets(
                    input, persistence: persistence, itemCount: events.itemCount)
            } else {
                events.persisted = try PersistenceKernel.persisted(input, persistence: plan.dimension.persistence)
            }
        } catch {
            throw .invalid("variables/\(plan.dimension.id).\(error.field ?? "persistence")", error.message)
        }
    }
}
