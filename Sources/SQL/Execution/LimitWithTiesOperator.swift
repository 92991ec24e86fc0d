/// `OFFSET m FETCH FIRST n ROWS WITH TIES` over sorted input: skips m rows, returns n rows and then every
/// following row whose sort keys equal the n-th row's (its peers). Streams; holds one key.
final class LimitWithTiesOperator: PhysicalOperator {
    let input: any PhysicalOperator
    let keys: [BoundExpression]
    private var remaining: Int64
    private var skip: Int64
    /// The last returned row's keys once the limit is reached: the peers still to return.
    private var tie: RowKey?
    private var done = false

    init(_ input: any PhysicalOperator, limit: Int64, offset: Int64, keys: [BoundExpression]) {
        self.input = input
        self.keys = keys
        self.remaining = limit
        self.skip = offset
    }

    func next() async throws -> Chunk? {
        while !done, let chunk = try await input.next() {
            let columns = try keys.map { try Evaluator.evaluate($0, chunk) }
            var kept: [Int] = []
            for row in 0..<chunk.count {
                if skip > 0 {
                    skip -= 1
                    continue
                }
                let key = RowKey(values: columns.map { $0[row] })
                if remaining > 0 {
                    kept.append(row)
                    remaining -= 1
                    if remaining == 0 { tie = key }
                } else if key == tie {
                    kept.append(row)
                } else {
                    done = true
                    break
                }
            }
            if remaining == 0, tie == nil { done = true }
            if !kept.isEmpty { return chunk.gather(kept) }
        }
        return nil
    }
}
