/// Computes window functions: materializes its input, sorts it once per distinct (PARTITION BY, ORDER BY)
/// pair (functions sharing one share the sort), computes each function per partition, and returns the input
/// columns followed by one column per function, in the order of the last sort.
final class WindowOperator: PhysicalOperator {
    let input: any PhysicalOperator
    let functions: [BoundWindowFunction]
    let width: Int
    var done = false

    init(_ input: any PhysicalOperator, _ functions: [BoundWindowFunction], width: Int) {
        self.input = input
        self.functions = functions
        self.width = width
    }

    func next() async throws -> Chunk? {
        guard !done else { return nil }
        done = true
        // PostgreSQL checks frame offsets when the node starts, before any row.
        let frames = try functions.map { try FrameBounds.resolve($0.window.frame) }
        let data = Chunk.concatenating(try await input.drain(), width: width)
        let count = data.count
        var orderings: [(partitionBy: [BoundExpression], orderBy: [SortKey], members: [Int])] = []
        for (index, function) in functions.enumerated() {
            let window = function.window
            if let existing = orderings.firstIndex(where: {
                $0.partitionBy == window.partitionBy && $0.orderBy == window.orderBy
            }) {
                orderings[existing].members.append(index)
            } else {
                orderings.append((window.partitionBy, window.orderBy, [index]))
            }
        }
        // Windows without a sort first, so the output follows the last real sort.
        orderings.sort {
            $0.partitionBy.isEmpty && $0.orderBy.isEmpty && !($1.partitionBy.isEmpty && $1.orderBy.isEmpty)
        }
        var results = [[Datum]](repeating: [], count: functions.count)
        var outputOrder = Array(0..<count)
        for ordering in orderings {
            try Task.checkCancellation()
            let layout = try WindowLayout(data, partitionBy: ordering.partitionBy, orderBy: ordering.orderBy)
            for member in ordering.members {
                let sorted = try compute(functions[member], frames[member], data, layout)
                var scattered = [Datum](repeating: .null, count: count)
                for (position, row) in layout.permutation.enumerated() { scattered[row] = sorted[position] }
                results[member] = scattered
            }
            outputOrder = layout.permutation
        }
        let columns = (data.columns + results).map { column in outputOrder.map { column[$0] } }
        return Chunk(columns: columns, count: count)
    }

    /// One function's values in the layout's sorted order.
    func compute(
        _ function: BoundWindowFunction, _ frame: (FrameBound, FrameBound), _ data: Chunk, _ layout: WindowLayout
    ) throws -> [Datum] {
        let arguments = try function.arguments.map { try Evaluator.evaluate($0, data) }
        switch function.function {
        case .rowNumber, .rank, .denseRank, .percentRank, .cumeDist:
            return WindowFunctions.ranking(function.function, layout)
        case .ntile:
            return try WindowFunctions.ntile(arguments[0], layout)
        case .lag, .lead:
            return WindowFunctions.shift(function, arguments, layout)
        case .firstValue, .lastValue, .nthValue, .aggregate:
            let bounds = try FrameBounds(
                layout, units: function.window.frame.units, start: frame.0, end: frame.1,
                order: function.window.orderBy.first)
            guard let aggregate = function.aggregate else {
                return try WindowFunctions.frameValue(function, arguments, layout, bounds)
            }
            let filter = try function.filter.map { try Evaluator.evaluate($0, data) }
            return try WindowAggregates.compute(function, aggregate, arguments, filter, layout, bounds)
        }
    }
}

extension Chunk {
    /// The chunks' rows in one chunk of `width` columns.
    static func concatenating(_ chunks: [Chunk], width: Int) -> Chunk {
        if chunks.count == 1, let only = chunks.first { return only }
        var columns = [[Datum]](repeating: [], count: width)
        let total = chunks.reduce(0) { $0 + $1.count }
        for index in 0..<width {
            columns[index].reserveCapacity(total)
            for chunk in chunks { columns[index].append(contentsOf: chunk.columns[index]) }
        }
        return Chunk(columns: columns, count: total)
    }
}
