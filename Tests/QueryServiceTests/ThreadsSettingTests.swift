import SQL
import Testing

@testable import QueryService

/// `SET threads` / `SHOW threads` / `RESET threads` in a session: the engine owns the value, the process's
/// default (`SQLEngine.Options.threads`) comes back on RESET.
@Suite struct ThreadsSettingTests {
    @Test func threadsIsShownSetAndResetToTheProcessDefault() async throws {
        let fixture = try QueryFixture()
        let session = QuerySession(
            lake: fixture.lake, sandbox: "prod", store: fixture.store, options: SQLEngine.Options(threads: 3))
        func show(_ sql: String) async throws -> [[String?]] {
            let result = try await session.run(sql)
            var rows: [[String?]] = []
            while let batch = try await result.next() { rows += batch.textRows }
            return rows
        }
        #expect(try await show("SHOW threads") == [["3"]])
        #expect(try await show("SET threads = 1; SHOW threads") == [["1"]])
        #expect(session.engine.threads == 1)
        #expect(try await show("SET threads TO DEFAULT; SHOW threads") == [["3"]])
        #expect(try await show("SET threads = '2'; RESET threads; SHOW threads") == [["3"]])
        #expect(try await show("SET threads = 2; RESET ALL; SHOW threads") == [["3"]])
        for bad in ["SET threads = 0", "SET threads = 65", "SET threads = 'all'"] {
            await #expect(throws: SQLError.self) { _ = try await session.run(bad) }
        }
        #expect(try await show("SHOW threads") == [["3"]])
        #expect(try await fixture.rows("SHOW threads").rows == [[String(SessionSettings.defaultThreads)]])
    }
}
