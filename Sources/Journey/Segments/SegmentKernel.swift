/// Evaluates a compiled segment over events grouped by person and in time order, giving the events it includes
/// (CJA's container semantics). Only events in the reporting window take part (`inWindow`): the person container
/// is the person within the reporting window, metric totals are over window events, and context events before the
/// window never match. Units: `hits` each event, `visits` each session (a run of equal `session` codes), `visitors`
/// each person (`personStarts`).
///
/// A rule evaluated in a context gives an event mask; a unit's events share its value except under `without`:
/// - a leaf (`flag`, or `persisted` on a dimension's persisted value) holds for the units with a matching event; `metric` for units whose total passes the test;
/// - `and` / `or` combine masks; `not` is the complement at the unit;
/// - a nested container holds for the units containing an event it includes;
/// - `without(container)` removes the nested container's own events (hits: those events; visits: whole sessions);
///   `without(rule)` removes the units the rule holds for;
/// - `sequence`: the unit has distinct events matching the checkpoints in time order (ties in time in load order),
///   each within its `maxGap` and at least `minGap` after the previous checkpoint's event.
struct SegmentKernel {
    var time: [Int64]
    var session: [Int32]
    var personStarts: [Int]
    var inWindow: [Bool]
    /// Boolean leaf columns by `SegmentRule.flag` index.
    var flags: [[Bool]]
    /// Per-event metric values by `SegmentRule.metric` index (NaN: the metric does not occur on the event).
    var metrics: [[Double]]
    /// Comparisons on persisted dimension values by `SegmentRule.persisted` index.
    var persisted: [[Bool]] = []

    var count: Int { time.count }

    /// The events `rule` (a definition's top container) includes, within the window.
    func mask(_ rule: SegmentRule) -> [Bool] {
        var result: [Bool]
        if case let .container(context, inner) = rule {
            result = evaluate(inner, in: context)
        } else {
            result = evaluate(rule, in: .hits)
        }
        for index in 0..<count where !inWindow[index] { result[index] = false }
        return result
    }

    func evaluate(_ rule: SegmentRule, in context: SegmentContainer.Context) -> [Bool] {
        switch rule {
        case let .container(inner, pred):
            return closure(evaluate(pred, in: inner), in: context)
        case let .and(rules):
            var result = [Bool](repeating: true, count: count)
            for rule in rules {
                let mask = evaluate(rule, in: context)
                for index in 0..<count where !mask[index] { result[index] = false }
            }
            return result
        case let .or(rules):
            var result = [Bool](repeating: false, count: count)
            for rule in rules {
                let mask = evaluate(rule, in: context)
                for index in 0..<count where mask[index] { result[index] = true }
            }
            return result
        case let .not(rule):
            return closure(evaluate(rule, in: context), in: context).map { !$0 }
        case let .without(rule):
            if case let .container(inner, pred) = rule { return evaluate(pred, in: inner).map { !$0 } }
            return evaluate(rule, in: context).map { !$0 }
        case let .flag(column, negated):
            let values = flags[column]
            return closure((0..<count).map { inWindow[$0] && values[$0] != negated }, in: context)
        case let .persisted(column, negated):
            let values = persisted[column]
            return closure((0..<count).map { inWindow[$0] && values[$0] != negated }, in: context)
        case let .metric(column, test):
            return metric(metrics[column], test: test, in: context)
        case let .sequence(steps):
            return sequence(steps, in: context)
        }
    }

    /// Calls `body` with each unit's range of events.
    func forEachUnit(_ context: SegmentContainer.Context, _ body: (Range<Int>) -> Void) {
        switch context {
        case .hits:
            for index in 0..<count { body(index..<(index + 1)) }
        case .visitors:
            for person in 0..<(personStarts.count - 1) { body(personStarts[person]..<personStarts[person + 1]) }
        case .visits:
            guard count > 0 else { return }
            var start = 0
            for index in 1...count where index == count || session[index] != session[start] {
                if start < index { body(start..<index) }
                start = index
            }
        }
    }

    /// Every event of a unit with a masked event.
    func closure(_ mask: [Bool], in context: SegmentContainer.Context) -> [Bool] {
        guard context != .hits else { return mask }
        var result = [Bool](repeating: false, count: count)
        forEachUnit(context) { range in
            if range.contains(where: { mask[$0] }) {
                for index in range { result[index] = true }
            }
        }
        return result
    }

    private func metric(_ values: [Double], test: SegmentRule.MetricTest, in context: SegmentContainer.Context)
        -> [Bool]
    {
        var result = [Bool](repeating: false, count: count)
        forEachUnit(context) { range in
            var total = 0.0
            var occurs = false
            for index in range where inWindow[index] && !values[index].isNaN {
                total += values[index]
                if values[index] != 0 { occurs = true }
            }
            if test.holds(total: total, occurs: occurs) {
                for index in range { result[index] = true }
            }
        }
        return result
    }

    private func sequence(_ steps: [SegmentRule.Step], in context: SegmentContainer.Context) -> [Bool] {
        let masks = steps.map { step in
            let mask = evaluate(step.rule, in: .hits)
            return (0..<count).map { mask[$0] && inWindow[$0] }
        }
        var result = [Bool](repeating: false, count: count)
        // completed[k]: times of events that complete checkpoints 0...k (in time order, so sorted).
        var completed = [[Int64]](repeating: [], count: steps.count)
        forEachUnit(context) { range in
            for k in completed.indices { completed[k].removeAll(keepingCapacity: true) }
            var matched = false
            events: for index in range {
                for k in stride(from: steps.count - 1, through: 0, by: -1) where masks[k][index] {
                    if k > 0 {
                        guard Self.hasTime(in: completed[k - 1], for: time[index], step: steps[k]) else { continue }
                    }
                    if k == steps.count - 1 {
                        matched = true
                        break events
                    }
                    completed[k].append(time[index])
                }
            }
            if matched {
                for index in range { result[index] = true }
            }
        }
        return result
    }

    /// Whether `times` (sorted) holds a time in `[time - maxGap, time - minGap]`.
    static func hasTime(in times: [Int64], for time: Int64, step: SegmentRule.Step) -> Bool {
        let (earliest, overflow) = time.subtractingReportingOverflow(step.maxGap)
        let lower = overflow ? Int64.min : earliest
        let upper = time - step.minGap
        var low = 0
        var high = times.count
        while low < high {
            let middle = (low + high) / 2
            if times[middle] < lower { low = middle + 1 } else { high = middle }
        }
        return low < times.count && times[low] <= upper
    }
}
