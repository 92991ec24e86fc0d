import PostgresWire
import QueryService
import SQL

/// A cursor `DECLARE` opened: its statement's rows, read forward as FETCH and MOVE ask.
final class OpenCursor {
    let result: StatementResult
    let columns: [WireColumn]
    private var pending: [WireRow] = []
    private var pendingStart = 0
    private var finished = false

    init(result: StatementResult) {
        self.result = result
        columns = result.columns.map(WireValues.column)
    }

    /// Up to `count` rows (nil: all the rest; rows are converted batch by batch as the engine yields them).
    func take(_ count: Int?, in session: QueryWireSession, keep: Bool) async throws -> (rows: [WireRow], count: Int) {
        var rows: [WireRow] = []
        var taken = 0
        while count.map({ taken < $0 }) ?? true {
            if pendingStart == pending.count {
                if finished { break }
                let result = Unchecked(self.result)
                let batch = try await session.cancellable { Unchecked(try await result.value.next()) }.value
                guard let batch else {
                    finished = true
                    break
                }
                pending = WireValues.rows(batch, types: self.result.columns.map(\.type))
                pendingStart = 0
                continue
            }
            let available = pending.count - pendingStart
            let wanted = min(available, count.map { $0 - taken } ?? available)
            if keep { rows += pending[pendingStart..<(pendingStart + wanted)] }
            pendingStart += wanted
            taken += wanted
        }
        return (rows, taken)
    }
}
