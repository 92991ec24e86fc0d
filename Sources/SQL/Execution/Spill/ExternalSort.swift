/// ORDER BY within the memory limit: an external merge sort. Rows (with their key values) are buffered while the
/// reservation fits; past the limit the buffer is sorted into a run and spilled. At the end a single buffer is
/// emitted directly; otherwise the runs are merged `fanIn` at a time until one merge emits the result. The sort is
/// stable: runs hold consecutive input, and a merge breaks ties by run order. Entries carry a normalized key
/// (`SortEntryOrdering`) where the key types have one, so sorting and merging compare bytes.
final class ExternalSortOperator: PhysicalOperator {
    let input: any PhysicalOperator
    let ordering: SortEntryOrdering
    let width: Int
    let context: ExecutionContext
    let reservation: MemoryReservation
    /// Runs merged at once (each holds one block in memory while it is read, outside the reservation).
    static let fanIn = 16
    private var started = false
    private var sorted: [[Datum]] = []
    private var emitted = 0
    private var merger: RunMerger?

    init(_ input: any PhysicalOperator, _ keys: [SortKey], width: Int, context: ExecutionContext) {
        self.input = input
        ordering = SortEntryOrdering(keys)
        self.width = width
        self.context = context
        reservation = MemoryReservation(context)
    }

    func next() async throws -> Chunk? {
        if !started {
            started = true
            try await consume()
        }
        let keyCount = ordering.keyWidth
        var rows: [[Datum]] = []
        if let merger {
            while rows.count < HybridHashAggregateOperator.outputRows, let entry = try await merger.next() {
                rows.append(Array(entry[keyCount...]))
            }
        } else {
            let end = min(sorted.count, emitted + HybridHashAggregateOperator.outputRows)
            rows = sorted[emitted..<end].map { Array($0[keyCount...]) }
            emitted = end
            if emitted == sorted.count {
                (sorted, emitted) = ([], 0)
                reservation.free()
            }
        }
        return rows.isEmpty ? nil : Chunk.fromRows(rows, width: width)
    }

    private func consume() async throws {
        var buffer: [[Datum]] = []
        var runs: [SpillRunID] = []
        while let chunk = try await input.next() {
            try context.checkCancellation()
            for entry in try ordering.entries(chunk) {
                let size = RowSize.row(entry)
                if !reservation.tryGrow(size) {
                    guard context.canSpill else { throw context.outOfMemory("a sort") }
                    if !buffer.isEmpty { runs.append(try await write(ordering.sorted(buffer))) }
                    buffer = []
                    reservation.free()
                    try reservation.grow(size, for: "a single row of a sort")
                }
                buffer.append(entry)
            }
        }
        if runs.isEmpty {
            sorted = ordering.sorted(buffer)
            return
        }
        if !buffer.isEmpty { runs.append(try await write(ordering.sorted(buffer))) }
        buffer = []
        reservation.free()
        merger = try await Self.merge(runs, ordering, width: width, context: context)
    }

    /// The final merge of sorted runs of entries (`width` columns after the keys), after as many passes as
    /// leave at most `fanIn` runs. Each pass merges consecutive groups of runs, so earlier input stays in
    /// earlier runs (stable).
    static func merge(_ runs: [SpillRunID], _ ordering: SortEntryOrdering, width: Int, context: ExecutionContext)
        async throws -> RunMerger
    {
        var runs = runs
        while runs.count > fanIn {
            var merged: [SpillRunID] = []
            for start in stride(from: 0, to: runs.count, by: fanIn) {
                let group = Array(runs[start..<min(start + fanIn, runs.count)])
                guard group.count > 1 else {
                    merged.append(contentsOf: group)
                    continue
                }
                let merging = RunMerger(context, group, ordering)
                let writer = try await SpillRunWriter.create(context, width: ordering.keyWidth + width)
                while let entry = try await merging.next() { try await writer.append(entry) }
                merged.append(try await writer.finish())
            }
            runs = merged
        }
        return RunMerger(context, runs, ordering)
    }

    private func write(_ entries: [[Datum]]) async throws -> SpillRunID {
        let writer = try await SpillRunWriter.create(context, width: ordering.keyWidth + width)
        for entry in entries { try await writer.append(entry) }
        return try await writer.finish()
    }
}

/// A k-way merge of sorted runs; ties go to the earlier run.
final class RunMerger {
    private let readers: [SpillRunReader]
    private var heads: [[Datum]?]
    /// Indices of runs with a head row, a binary min-heap by `less`.
    private var heap: [Int] = []
    private let ordering: SortEntryOrdering
    private var loaded = false

    init(_ context: ExecutionContext, _ runs: [SpillRunID], _ ordering: SortEntryOrdering) {
        readers = runs.map { SpillRunReader(context, $0) }
        heads = Array(repeating: nil, count: runs.count)
        self.ordering = ordering
    }

    func next() async throws -> [Datum]? {
        if !loaded {
            loaded = true
            for index in readers.indices {
                heads[index] = try await readers[index].next()
                if heads[index] != nil { push(index) }
            }
        }
        guard let top = heap.first, let row = heads[top] else { return nil }
        heads[top] = try await readers[top].next()
        if heads[top] == nil {
            heap.swapAt(0, heap.count - 1)
            heap.removeLast()
        }
        siftDown()
        return row
    }

    private func less(_ a: Int, _ b: Int) -> Bool {
        guard let x = heads[a], let y = heads[b] else { return heads[a] != nil }
        let order = ordering.compare(x, y)
        return order != 0 ? order < 0 : a < b
    }

    private func push(_ item: Int) {
        heap.append(item)
        var child = heap.count - 1
        while child > 0, less(heap[child], heap[(child - 1) / 2]) {
            heap.swapAt(child, (child - 1) / 2)
            child = (child - 1) / 2
        }
    }

    private func siftDown() {
        var parent = 0
        while true {
            let (left, right) = (2 * parent + 1, 2 * parent + 2)
            var best = parent
            if left < heap.count, less(heap[left], heap[best]) { best = left }
            if right < heap.count, less(heap[right], heap[best]) { best = right }
            if best == parent { return }
            heap.swapAt(parent, best)
            parent = best
        }
    }
}

/// ORDER BY with LIMIT: keeps the first `count` rows (limit + offset) in a heap and never spills; a heap that
/// outgrows the memory limit fails with `53200`. Entries carry a normalized key where the key types have one.
final class TopNOperator: PhysicalOperator {
    let input: any PhysicalOperator
    let ordering: SortEntryOrdering
    let count: Int
    let width: Int
    let context: ExecutionContext
    let reservation: MemoryReservation
    /// Above this many rows the planner sorts instead (a sort can spill).
    static let maxRows = 10_000
    private var done = false

    init(_ input: any PhysicalOperator, _ keys: [SortKey], count: Int, width: Int, context: ExecutionContext) {
        self.input = input
        ordering = SortEntryOrdering(keys)
        self.count = count
        self.width = width
        self.context = context
        reservation = MemoryReservation(context)
    }

    func next() async throws -> Chunk? {
        guard !done else { return nil }
        done = true
        // Entries with their input sequence number; the heap keeps the worst kept entry on top.
        var entries: [(row: [Datum], sequence: Int, bytes: Int)] = []
        var sequence = 0
        let ordering = self.ordering
        func worse(_ a: (row: [Datum], sequence: Int, bytes: Int), _ b: (row: [Datum], sequence: Int, bytes: Int))
            -> Bool
        {
            let order = ordering.compare(a.row, b.row)
            return order != 0 ? order > 0 : a.sequence > b.sequence
        }
        var heap: [Int] = []  // indices into `entries`, a max-heap by `worse`
        while count > 0, let chunk = try await input.next() {
            try context.checkCancellation()
            let normalized = try ordering.encode(chunk)
            let keyColumns =
                normalized != nil
                ? [] : try ordering.keys.map { try VectorEvaluator.evaluate($0.expression, chunk) }
            for row in 0..<chunk.count {
                defer { sequence += 1 }
                // A row whose keys do not beat the worst kept row is dropped before its datums are made.
                if heap.count >= count, let top = heap.first, !admits(normalized, keyColumns, row, entries[top].row) {
                    continue
                }
                let keys = normalized.map { [Datum.bytes($0.key(row))] } ?? keyColumns.map { $0[row] }
                let entry = keys + chunk.row(row)
                let candidate = (row: entry, sequence: sequence, bytes: RowSize.row(entry))
                if heap.count < count {
                    try reservation.grow(candidate.bytes, for: "ORDER BY with LIMIT \(count) (top-N)")
                    entries.append(candidate)
                    heap.append(entries.count - 1)
                    var child = heap.count - 1
                    while child > 0, worse(entries[heap[child]], entries[heap[(child - 1) / 2]]) {
                        heap.swapAt(child, (child - 1) / 2)
                        child = (child - 1) / 2
                    }
                } else if let top = heap.first, worse(entries[top], candidate) {
                    try reservation.grow(
                        max(0, candidate.bytes - entries[top].bytes), for: "ORDER BY with LIMIT \(count) (top-N)")
                    reservation.shrink(max(0, entries[top].bytes - candidate.bytes))
                    entries[top] = candidate
                    var parent = 0
                    while true {
                        let (l, r) = (2 * parent + 1, 2 * parent + 2)
                        var largest = parent
                        if l < heap.count, worse(entries[heap[l]], entries[heap[largest]]) { largest = l }
                        if r < heap.count, worse(entries[heap[r]], entries[heap[largest]]) { largest = r }
                        if largest == parent { break }
                        heap.swapAt(parent, largest)
                        parent = largest
                    }
                }
            }
        }
        let keyCount = ordering.keyWidth
        let rows = entries.sorted { worse($1, $0) }.map { Array($0.row[keyCount...]) }
        reservation.free()
        return Chunk.fromRows(rows, width: width)
    }

    /// Whether row `row` sorts strictly before the worst kept entry.
    private func admits(_ normalized: SortKeys?, _ keyColumns: [Vector], _ row: Int, _ worst: [Datum]) -> Bool {
        if let normalized {
            guard case let .bytes(key) = worst[0] else { return true }
            return normalized.compare(row, with: key) < 0
        }
        guard case let .datums(ordering) = ordering else { return true }
        return ordering.admits(keyColumns, row, over: worst)
    }
}
