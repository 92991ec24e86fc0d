import Testing

@testable import SQL

/// A cursor's statement timeout counts from `open` and is checked at every scan batch, so a query whose
/// operators never look at the clock (a filter that keeps nothing) still ends with 57014.
@Suite struct CursorTimeoutTests {
    @Test func cursorPastItsStatementTimeoutFailsWith57014() async throws {
        // A watchdog, so that a missing check fails the test instead of hanging it.
        let task = Task {
            let catalog = InMemoryCatalog([EndlessTable(name: "endless")])
            let engine = SQLEngine(options: .init(statementTimeout: .milliseconds(200)))
            let cursor = try engine.open(try engine.plan("SELECT id FROM endless WHERE id < 0", catalog: catalog))
            return try await cursor.next()?.rows.count
        }
        let watchdog = Task {
            try await Task.sleep(for: .seconds(120))
            task.cancel()
        }
        defer { watchdog.cancel() }
        do {
            _ = try await task.value
            Issue.record("the cursor should time out")
        } catch let error as SQLError {
            #expect(error == SQLError(.queryCanceled, "canceling statement due to statement timeout"))
        }
    }
}
