import Foundation
import Testing

@testable import SQL

/// EXPLAIN ANALYZE runs the statement and shows every operator with the rows it returned and its time.
@Suite struct ExplainAnalyzeTests {
    static func lines(_ sql: String, _ options: SQLEngine.Options = .init()) async throws -> [String] {
        let catalog = InMemoryCatalog([try SpillTestData.table("u", rows: 20_000, groups: 2_000)])
        let result = try await SQLEngine(options: options).execute(sql, catalog: catalog)
        return result.textRows.map { $0.first.flatMap { $0 } ?? "" }
    }

    static func rows(_ line: String) -> Int? {
        guard let range = line.range(of: "actual rows=") else { return nil }
        return Int(line[range.upperBound...].prefix(while: \.isNumber))
    }

    @Test func everyOperatorShowsItsRowsAndTime() async throws {
        let lines = try await Self.lines(
            "EXPLAIN ANALYZE SELECT g, count(*) FROM u WHERE id % 2 = 0 GROUP BY g ORDER BY 2 DESC, g LIMIT 3")
        // With parallel workers, each has its own scan and filter: their rows add up.
        let scans = lines.filter { $0.contains("Scan u") }.compactMap(Self.rows)
        let filters = lines.filter { $0.contains("Filter") }.compactMap(Self.rows)
        let aggregate = try #require(lines.first { $0.contains("HashAggregate") })
        #expect(!scans.isEmpty && scans.reduce(0, +) == 20_000)
        #expect(!filters.isEmpty && filters.reduce(0, +) == 10_000)
        #expect((Self.rows(aggregate) ?? 0) > 3)
        #expect(Self.rows(lines[0]) == 3)
        #expect(lines.allSatisfy { $0.contains("time=") || $0.hasPrefix("Peak memory") || $0.hasPrefix("Execution") })
        #expect(lines.last?.hasPrefix("Execution Time: ") == true)
        #expect(lines.contains { $0.hasPrefix("Peak memory: ") })
    }

    @Test func spillingAndSubqueriesAreShown() async throws {
        let storage = InMemorySpillStorage()
        let lines = try await Self.lines(
            "EXPLAIN ANALYZE SELECT s, count(*) FROM u WHERE id > (SELECT min(id) FROM u) GROUP BY s",
            .init(memoryLimit: 32 << 10, spillStorage: storage))
        #expect(lines.contains { $0.hasPrefix("Spilled: ") })
        #expect(lines.contains { $0.contains("Scan u") })
        #expect(await storage.liveRunCount == 0)
        // Errors of the statement are the statement's.
        await #expect(throws: SQLError.self) { _ = try await Self.lines("EXPLAIN ANALYZE SELECT 1 / 0") }
    }
}
