extension SQLError {
    /// PostgreSQL's message for a cancelled statement.
    static let canceledByUser = SQLError(.queryCanceled, "canceling statement due to user request")
    /// PostgreSQL's message for a statement past `statement_timeout`.
    static let canceledByTimeout = SQLError(.queryCanceled, "canceling statement due to statement timeout")
}

extension SQLEngine {
    /// Runs `body` in a child task that is cancelled after `timeout`; the statement then fails with `57014`
    /// "canceling statement due to statement timeout" once the body has cleaned up (its spill runs deleted).
    static func withStatementTimeout<T: Sendable>(
        _ timeout: Duration?, _ body: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        guard let timeout else { return try await body() }
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await body() }
            group.addTask {
                try await Task.sleep(for: timeout)
                return nil
            }
            var timedOut = false
            do {
                while let result = try await group.next() {
                    if let value = result {
                        group.cancelAll()
                        return value
                    }
                    timedOut = true
                    group.cancelAll()
                }
            } catch {
                group.cancelAll()
                if timedOut { throw SQLError.canceledByTimeout }
                if error is CancellationError { throw SQLError.canceledByUser }
                throw error
            }
            throw SQLError.canceledByTimeout
        }
    }
}
