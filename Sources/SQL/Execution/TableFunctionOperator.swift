import Columnar

/// Runs a `tableFunction` node: for each input row, its set-returning calls in lockstep (the shorter padded with
/// NULLs), each output row the input row, the calls' columns and the ordinality. Output comes in chunks of at
/// most `TableFunctionOperator.batchRows` rows and the statement's block size, so an unnest of a large array or a
/// long series streams. The chunk being built is reserved from the statement's memory budget row by row (the new
/// values, and one datum per copied input column, whose storage is shared): when the budget is taken (a blocking
/// operator above holds it until it spills), the chunk ends early, so the output never exceeds the limit by more
/// than one row and never fails for want of memory.
final class TableFunctionOperator: PhysicalOperator {
    static let batchRows = 1024

    let input: any PhysicalOperator
    let calls: [TableFunctionCall]
    let ordinality: Bool
    let leftJoin: BoundExpression?
    let reservation: MemoryReservation
    let byteLimit: Int
    let width: Int
    private var chunk: Chunk?
    private var row = 0
    /// The running calls of the current input row (nil before it starts), and its next ordinality.
    private var series: [SeriesState]?
    private var ordinal: Int64 = 0
    /// Whether the current input row has produced a row (a LEFT join pads one that has not).
    private var matched = false

    init(
        _ input: any PhysicalOperator, _ calls: [TableFunctionCall], ordinality: Bool, leftJoin: BoundExpression?,
        context: ExecutionContext
    ) {
        self.input = input
        self.calls = calls
        self.ordinality = ordinality
        self.leftJoin = leftJoin
        reservation = MemoryReservation(context)
        byteLimit = context.blockBytes
        width = calls.reduce(0) { $0 + $1.columns.count } + (ordinality ? 1 : 0)
    }

    func next() async throws -> Chunk? {
        var rows: [[Datum]] = []
        var bytes = 0
        defer { reservation.free() }
        while rows.count < TableFunctionOperator.batchRows, bytes < byteLimit {
            if chunk == nil || row >= (chunk?.count ?? 0) {
                if !rows.isEmpty { break }
                try Task.checkCancellation()
                guard let next = try await input.next() else { return nil }
                chunk = next
                row = 0
                series = nil
                continue
            }
            guard let current = chunk else { return nil }
            if series == nil {
                series = try calls.map { try SeriesState($0, Evaluator.evaluateArguments($0.arguments, current, row)) }
                ordinal = 0
                matched = false
            }
            var values: [Datum] = []
            values.reserveCapacity(width)
            var produced = false
            for index in calls.indices {
                if let next = try series?[index].next() {
                    produced = true
                    values.append(contentsOf: next)
                } else {
                    values.append(contentsOf: [Datum](repeating: .null, count: calls[index].columns.count))
                }
            }
            guard produced else {
                if leftJoin != nil, !matched {
                    matched = true
                    rows.append(current.row(row) + [Datum](repeating: .null, count: width))
                    continue
                }
                row += 1
                series = nil
                continue
            }
            ordinal += 1
            if ordinality { values.append(.int(ordinal)) }
            if let leftJoin {
                let joined = current.row(row) + values
                let single = Chunk.fromRows([joined], width: joined.count)
                guard case .boolean(true) = try Evaluator.value(leftJoin, single, 0) else { continue }
                matched = true
            }
            let size = RowSize.row(values) + RowSize.datumStride * current.columns.count
            let fits = reservation.tryGrow(size)
            bytes += size
            rows.append(current.row(row) + values)
            if !fits { break }
        }
        guard let current = chunk else { return nil }
        return Chunk.fromRows(rows, width: current.columns.count + width)
    }
}

/// One set-returning call's progress over one input row.
struct SeriesState {
    private enum Kind {
        case done
        case elements([Value], SQLType, fields: [SQLType]?, next: Int)
        case integers(next: Int64, stop: Int64, step: Int64)
        case numerics(next: SQLNumeric, stop: SQLNumeric, step: SQLNumeric)
        case timestamps(next: Int64, stop: Int64, step: SQLInterval, zone: SQLTimeZone?)
    }

    private var kind: Kind

    init(_ call: TableFunctionCall, _ values: [Datum]) throws {
        if values.contains(where: \.isNull) {
            kind = .done
            return
        }
        switch call.function {
        case .unnest:
            guard case let .nested(.list(items)) = values[0] else {
                kind = .done
                return
            }
            let element = call.arguments[0].type.arrayBase.element
            let flat = call.arguments[0].type.arrayBase.dimensions > 1 ? ArrayKernels.leaves(values[0]) : items
            kind = .elements(flat, element, fields: call.expandsRecord ? call.columns : nil, next: 0)
        case .regexpMatches, .regexpSplitToTable:
            let type = call.columns[0]
            kind = .elements(try RegexKernels.rows(call.function, values), type, fields: nil, next: 0)
        case .generateSeries:
            let step = values.count > 2 ? values[2] : .int(1)
            switch (values[0], values[1], step) {
            case let (.int(start), .int(stop), .int(step)):
                guard step != 0 else { throw SeriesState.zeroStep() }
                kind = .integers(next: start, stop: stop, step: step)
            case let (.numeric(start), .numeric(stop), .numeric(step)):
                guard step != SQLNumeric(0) else { throw SeriesState.zeroStep() }
                kind = .numerics(next: start, stop: stop, step: step)
            case let (.timestamp(start), .timestamp(stop), .interval(step)):
                guard step != SQLInterval(months: 0, days: 0, micros: 0) else { throw SeriesState.zeroStep() }
                let zone = call.arguments[0].type == .timestamptz ? SessionContext.current.timeZone : nil
                kind = .timestamps(next: start, stop: stop, step: step, zone: zone)
            default:
                kind = .done
            }
        }
    }

    static func zeroStep() -> SQLError { SQLError(.invalidParameterValue, "step size cannot equal zero") }

    /// The next row's columns, or nil when the call has no more rows.
    mutating func next() throws -> [Datum]? {
        switch kind {
        case .done:
            return nil
        case let .elements(items, element, fields, index):
            guard index < items.count else {
                kind = .done
                return nil
            }
            kind = .elements(items, element, fields: fields, next: index + 1)
            guard let fields else { return [Datum(items[index], type: element)] }
            guard case let .struct(parts) = items[index] else { return [Datum](repeating: .null, count: fields.count) }
            return zip(parts, fields).map { Datum($0, type: $1) }
        case let .integers(value, stop, step):
            guard step > 0 ? value <= stop : value >= stop else {
                kind = .done
                return nil
            }
            let (following, overflow) = value.addingReportingOverflow(step)
            kind = overflow ? .done : .integers(next: following, stop: stop, step: step)
            return [.int(value)]
        case let .numerics(value, stop, step):
            guard step > SQLNumeric(0) ? value <= stop : value >= stop else {
                kind = .done
                return nil
            }
            kind = .numerics(next: try value + step, stop: stop, step: step)
            return [.numeric(value)]
        case let .timestamps(value, stop, step, zone):
            guard step > SQLInterval(months: 0, days: 0, micros: 0) ? value <= stop : value >= stop else {
                kind = .done
                return nil
            }
            kind = .timestamps(
                next: try DateTimeKernels.add(step, to: value, zone: zone), stop: stop, step: step, zone: zone)
            return [.timestamp(value)]
        }
    }
}

extension Evaluator {
    static func evaluateArguments(_ arguments: [BoundExpression], _ chunk: Chunk, _ row: Int) throws -> [Datum] {
        try arguments.map { try value($0, chunk, row) }
    }
}
