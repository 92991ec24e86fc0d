import Columnar

/// A physical operator: pulls chunks from its inputs, returns its own, nil at the end.
protocol PhysicalOperator: AnyObject {
    func next() async throws -> Chunk?
}

extension PhysicalOperator {
    func drain() async throws -> [Chunk] {
        var out: [Chunk] = []
        while let chunk = try await next() {
            try Task.checkCancellation()
            out.append(chunk)
        }
        return out
    }

    func drainRows() async throws -> [[Datum]] {
        try await drain().flatMap { chunk in (0..<chunk.count).map { chunk.row($0) } }
    }
}

final class ScanOperator: PhysicalOperator {
    let table: any TableProvider
    let request: ScanRequest
    let types: [SQLType]
    var partitions: [any BatchStream]?

    init(table: any TableProvider, request: ScanRequest, types: [SQLType]) {
        self.table = table
        self.request = request
        self.types = types
    }

    func next() async throws -> Chunk? {
        if partitions == nil { partitions = try await table.scan(request) }
        while let stream = partitions?.first {
            // Every pipeline starts at a scan: the statement's cancellation and timeout are checked, and the
            // cooperative pool's other tasks get a turn, once per batch even where no operator above looks.
            try ExecutionContext.current?.checkCancellation()
            await Task.yield()
            if let batch = try await stream.next() { return Chunk(batch, types: types) }
            partitions?.removeFirst()
        }
        return nil
    }
}

final class RowsOperator: PhysicalOperator {
    var chunk: Chunk?

    init(_ chunk: Chunk) { self.chunk = chunk }

    func next() async throws -> Chunk? {
        defer { chunk = nil }
        return chunk
    }
}

final class FilterOperator: PhysicalOperator {
    let input: any PhysicalOperator
    let predicate: BoundExpression

    init(_ input: any PhysicalOperator, _ predicate: BoundExpression) {
        self.input = input
        self.predicate = predicate
    }

    func next() async throws -> Chunk? {
        while let chunk = try await input.next() {
            let selection = try VectorEvaluator.select(predicate, chunk)
            if selection.count == chunk.count, chunk.count > 0 { return chunk }
            if !selection.isEmpty { return chunk.gather(selection) }
            // A run of batches without a match: let other tasks run between them.
            try Task.checkCancellation()
            await Task.yield()
        }
        return nil
    }
}

final class ProjectOperator: PhysicalOperator {
    let input: any PhysicalOperator
    let expressions: [BoundExpression]

    init(_ input: any PhysicalOperator, _ expressions: [BoundExpression]) {
        self.input = input
        self.expressions = expressions
    }

    func next() async throws -> Chunk? {
        guard let chunk = try await input.next() else { return nil }
        return Chunk(vectors: try expressions.map { try VectorEvaluator.evaluate($0, chunk) }, count: chunk.count)
    }
}

final class LimitOperator: PhysicalOperator {
    let input: any PhysicalOperator
    var remaining: Int64?
    var skip: Int64

    init(_ input: any PhysicalOperator, limit: Int64?, offset: Int64) {
        self.input = input
        self.remaining = limit
        self.skip = offset
    }

    func next() async throws -> Chunk? {
        while true {
            if let remaining, remaining <= 0 { return nil }
            guard let chunk = try await input.next() else { return nil }
            var start = 0
            if skip > 0 {
                let dropped = Int(min(skip, Int64(chunk.count)))
                skip -= Int64(dropped)
                start = dropped
            }
            var end = chunk.count
            if let remaining { end = min(end, start + Int(min(remaining, Int64(Int32.max)))) }
            if start >= end { continue }
            remaining = remaining.map { $0 - Int64(end - start) }
            return chunk.gather(Array(start..<end))
        }
    }
}

/// A hashable key of datums with the equality of GROUP BY and DISTINCT (`GroupKeyEquality`: numeric 1.0 = 1.00,
/// NULLs equal to each other, all NaNs equal, text by its bytes).
struct RowKey: Hashable {
    var values: [Datum]

    static func == (a: RowKey, b: RowKey) -> Bool { GroupKeyEquality.same(a.values, b.values) }

    func hash(into hasher: inout Hasher) {
        hasher.combine(values.count)
        for value in values {
            // Every NaN hashes alike; other values as `Datum` does (which agrees with the byte equality of text).
            if case let .float(v) = value, v.isNaN {
                hasher.combine(GroupKeyHash.nanBits)
            } else {
                hasher.combine(value)
            }
        }
    }
}
