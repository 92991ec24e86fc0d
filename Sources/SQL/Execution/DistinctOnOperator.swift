/// `SELECT DISTINCT ON (keys)`: over input sorted so that rows with equal keys are adjacent (the sort below it
/// puts the ORDER BY first), keeps the first row of each run of equal keys. Streams; holds one key.
final class DistinctOnOperator: PhysicalOperator {
    let input: any PhysicalOperator
    let keys: [BoundExpression]
    private var last: RowKey?

    init(_ input: any PhysicalOperator, keys: [BoundExpression]) {
        self.input = input
        self.keys = keys
    }

    func next() async throws -> Chunk? {
        while let chunk = try await input.next() {
            let columns = try keys.map { try Evaluator.evaluate($0, chunk) }
            var kept: [Int] = []
            for row in 0..<chunk.count {
                let key = RowKey(values: columns.map { $0[row] })
                if key != last {
                    kept.append(row)
                    last = key
                }
            }
            if !kept.isEmpty { return chunk.gather(kept) }
        }
        return nil
    }
}
