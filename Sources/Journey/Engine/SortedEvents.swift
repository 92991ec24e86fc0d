/// A report's events grouped by person and in time order (the order every kernel walks once): the loaded arrays
/// permuted by `PersonOrder`, with sessions and the dimension's persisted items. Events before `windowStart` are
/// context (earlier events within the longest lookback or expiration): they are touch points and carry persisted
/// values, but nothing is counted on them.
struct SortedEvents: Sendable {
    var time: [Int64]
    /// The dimension's raw value (-1: none).
    var item: [Int32]
    /// The item the event reports after persistence (-1: none).
    var persisted: [Int32] = []
    /// With allocation `all`: every item each event reports (then `persisted` is unused).
    var itemSets: ItemSets?
    /// The persistence binding dimension's raw value (-1: none); empty without binding.
    var binding: [Int32]
    var session: [Int32] = []
    var sessionCount = 0
    var numbers: [[Double]]
    var personStarts: [Int]
    var windowStart: Int64
    /// The window's end (exclusive): later events (read for stitching's replay) are not counted either.
    var windowEnd: Int64
    /// Dimension items (codes `0..<itemCount`); the code `itemCount` stands for "Unspecified".
    var itemCount: Int

    var count: Int { time.count }
    var personCount: Int { personStarts.count - 1 }
    var unspecified: Int32 { Int32(itemCount) }

    /// The events the report's filters include (empty: all); the others are context like events outside the window.
    var counted: [Bool] = []

    /// Whether event `index` is in the reporting window and passes the filters (counted), not context.
    func inWindow(_ index: Int) -> Bool {
        time[index] >= windowStart && time[index] < windowEnd && (counted.isEmpty || counted[index])
    }

    /// Calls `body` with each item slot event `index` reports: its persisted item, every item of its set with
    /// allocation `all`, or "Unspecified" (`itemCount`) when it has none.
    @inline(__always)
    func forEachReported(_ index: Int, _ body: (Int) -> Void) {
        if let itemSets {
            let range = itemSets.range(index)
            if range.isEmpty { body(itemCount) }
            for position in range { body(Int(itemSets.items[position])) }
        } else {
            let item = persisted[index]
            body(item >= 0 ? Int(item) : itemCount)
        }
    }

    /// `columns` in `order`, with everything outside `window` as context.
    init(_ columns: EventColumns, order: PersonOrder, window: ReportWindow) {
        let positions = order.positions
        time = positions.map { columns.time[Int($0)] }
        item = positions.map { columns.item[Int($0)] }
        startsSession = columns.startsSession.isEmpty ? [] : positions.map { columns.startsSession[Int($0)] }
        numbers = columns.numbers.map { values in positions.map { values[Int($0)] } }
        binding = columns.binding.isEmpty ? [] : positions.map { columns.binding[Int($0)] }
        personStarts = order.starts
        windowStart = window.start
        windowEnd = window.end
        itemCount = columns.items.count
    }

    /// True where the event matches a `newSessionOn` rule (empty when the data view has none).
    var startsSession: [Bool]
}
