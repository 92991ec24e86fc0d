/// Semi, anti and mark joins (the joins subqueries become): the right input is hashed on `keys` (NULL keys
/// never match: such a row is not in the subquery's result for any outer row); for each left row the matching
/// right rows that make `residual` TRUE are the subquery's rows, and `mark` is evaluated over them with
/// three-valued ANY/ALL semantics. Left rows stream through in their order.
final class SemiJoinOperator: PhysicalOperator {
    let left: any PhysicalOperator
    let right: any PhysicalOperator
    let kind: SemiJoinKind
    let keys: [(BoundExpression, BoundExpression)]
    let residual: BoundExpression?
    let mark: BoundExpression?
    var built = false
    var rightRows: [[Datum]] = []
    var table: [RowKey: [Int]] = [:]

    init(
        left: any PhysicalOperator, right: any PhysicalOperator, kind: SemiJoinKind,
        keys: [(BoundExpression, BoundExpression)], residual: BoundExpression?, mark: BoundExpression?
    ) {
        self.left = left
        self.right = right
        self.kind = kind
        self.keys = keys
        self.residual = residual
        self.mark = mark
    }

    private func build() async throws {
        built = true
        for chunk in try await right.drain() {
            let keyColumns = try keys.map { try Evaluator.evaluate($0.1, chunk) }
            for row in 0..<chunk.count {
                let key = keyColumns.map { $0[row] }
                let index = rightRows.count
                rightRows.append(chunk.row(row))
                if !keys.isEmpty, !key.contains(where: \.isNull) {
                    table[RowKey(values: key), default: []].append(index)
                }
            }
        }
    }

    func next() async throws -> Chunk? {
        if !built { try await build() }
        while let chunk = try await left.next() {
            try Task.checkCancellation()
            let keyColumns = try keys.map { try Evaluator.evaluate($0.0, chunk) }
            var selection: [Int] = []
            var marks: [Datum] = []
            for row in 0..<chunk.count {
                let candidates: [Int]
                if keys.isEmpty {
                    candidates = Array(rightRows.indices)
                } else {
                    let key = keyColumns.map { $0[row] }
                    candidates = key.contains(where: \.isNull) ? [] : table[RowKey(values: key)] ?? []
                }
                let value = try evaluate(chunk.row(row), candidates)
                switch kind {
                case .semi: if case .boolean(true) = value { selection.append(row) }
                case .anti: if case .boolean(false) = value { selection.append(row) }
                case .markAny, .markAll: marks.append(value)
                }
            }
            switch kind {
            case .semi, .anti:
                if !selection.isEmpty { return chunk.gather(selection) }
            case .markAny, .markAll:
                return Chunk(columns: chunk.columns + [marks], count: chunk.count)
            }
        }
        return nil
    }

    /// EXISTS (no mark), ANY or ALL of `mark` over the candidates that pass the residual.
    private func evaluate(_ leftRow: [Datum], _ candidates: [Int]) throws -> Datum {
        let all = kind == .markAll
        var sawNull = false
        for candidate in candidates {
            let joined = leftRow + rightRows[candidate]
            let single = Chunk.fromRows([joined], width: joined.count)
            if let residual {
                guard case .boolean(true) = try Evaluator.value(residual, single, 0) else { continue }
            }
            guard let mark else { return .boolean(true) }
            switch try Evaluator.value(mark, single, 0) {
            case .boolean(let b) where b != all: return .boolean(b)
            case .null: sawNull = true
            default: break
            }
        }
        if mark == nil { return .boolean(false) }
        return sawNull ? .null : .boolean(all)
    }
}
