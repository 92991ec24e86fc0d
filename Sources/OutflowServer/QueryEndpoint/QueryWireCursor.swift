import PostgresWire
import QueryService
import SQL

/// A statement's rows as the server pulls them: one engine batch at a time, each batch's engine work in a
/// cancellable task of the session.
final class QueryWireCursor: WireResultCursor, @unchecked Sendable {
    private let owner: QueryWireSession
    private let statement: Statement
    private let result: Unchecked<StatementResult>
    private let settingsBefore: [String: String]
    private let types: [SQLType]

    init(owner: QueryWireSession, statement: Statement, result: StatementResult, settingsBefore: [String: String]) {
        self.owner = owner
        self.statement = statement
        self.result = Unchecked(result)
        self.settingsBefore = settingsBefore
        self.types = result.columns.map(\.type)
    }

    func next() async throws -> WireResultPart {
        let result = self.result
        let batch = try await owner.cancellable { Unchecked(try await result.value.next()) }.value
        guard let batch else {
            owner.finished(self)
            return .complete(completion())
        }
        return .rows(WireValues.rows(batch, types: types))
    }

    /// Ends the statement early (the session ended before its rows were read): its resources are released.
    func close() async {
        await result.value.close()
    }

    /// The CommandComplete of the finished statement.
    private func completion() -> WireCompletion {
        let tag = result.value.commandTag
        let count = tag.split(separator: " ").last.flatMap { Int($0) }
        switch statement {
        case .query: return WireCompletion(command: "SELECT")
        case .createTableAs: return WireCompletion(command: "CREATE TABLE AS", rowCount: count)
        case .insert: return WireCompletion(command: "INSERT", rowCount: count)
        case .copy: return WireCompletion(command: "COPY", rowCount: result.value.rowCount)
        case .set, .reset:
            return WireCompletion(command: tag, parameterChanges: owner.parameterChanges(since: settingsBefore))
        default: return WireCompletion(command: tag)
        }
    }
}

/// FETCH and MOVE: rows of an open cursor, a batch at a time.
final class FetchCursor: WireResultCursor, @unchecked Sendable {
    private let owner: QueryWireSession
    private let cursor: OpenCursor
    private var remaining: Int?
    private let move: Bool
    private var total = 0
    private var exhausted = false

    init(owner: QueryWireSession, cursor: OpenCursor, count: Int?, move: Bool) {
        self.owner = owner
        self.cursor = cursor
        self.remaining = count
        self.move = move
    }

    func next() async throws -> WireResultPart {
        while remaining.map({ $0 > 0 }) ?? true, !exhausted {
            let chunk = min(remaining ?? 4_096, 4_096)
            let (rows, count) = try await cursor.take(chunk, in: owner, keep: !move)
            total += count
            remaining = remaining.map { $0 - count }
            if count < chunk { exhausted = true }
            if !rows.isEmpty { return .rows(rows) }
        }
        return .complete(WireCompletion(command: move ? "MOVE" : "FETCH", rowCount: total))
    }
}

/// The result of a statement answered without the engine.
final class FixedCursor: WireResultCursor, Sendable {
    let completion: WireCompletion

    init(completion: WireCompletion) { self.completion = completion }

    func next() async throws -> WireResultPart { .complete(completion) }
}
