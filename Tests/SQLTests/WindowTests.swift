import Columnar
import Testing

@testable import SQL

/// Window functions beyond what `windows.slt` states as data: EXPLAIN, partitioned scans, and the O(n) frame
/// algorithms (prefix sums, monotone deque, RANGE pointers, segment tree) against a brute-force reference.
@Suite struct WindowTests {
    static func table(_ rows: [(Int64, Int64?)]) throws -> InMemoryCatalog {
        let schema = Schema([Field("k", .int64), Field("v", .int64)])
        let table = try InMemoryTable(
            name: "r", schema: schema, rows: rows.map { [.int($0.0), $0.1.map { .int($0) } ?? .null] })
        return InMemoryCatalog([table])
    }

    @Test func explainShowsTheWindowNode() async throws {
        let result = try await SQLEngine().execute(
            "EXPLAIN SELECT k, row_number() OVER w, sum(v) OVER (w ROWS 2 PRECEDING) FROM r WINDOW w AS (ORDER BY k)",
            catalog: try Self.table([]))
        let text = result.textRows.compactMap { $0.first ?? nil }.joined(separator: "\n")
        #expect(
            text.contains("WindowAgg [row_number()] OVER (ORDER BY #0 NULLS LAST RANGE BETWEEN UNBOUNDED PRECEDING"))
        #expect(text.contains("[sum(#1)] OVER (ORDER BY #0 NULLS LAST ROWS BETWEEN "))
        #expect(text.contains(" PRECEDING AND CURRENT ROW)"))
        #expect(text.contains("Scan r"))
    }

    @Test func windowsSeeEveryPartitionOfTheScan() async throws {
        let rows = try await EngineTests.text("SELECT n, row_number() OVER (ORDER BY n), count(*) OVER () FROM parts")
        #expect(rows == [["1", "1", "4"], ["2", "2", "4"], ["10", "3", "4"], ["20", "4", "4"]])
    }

    @Test func aWindowOverAScanReadsOnlyTheColumnsItUses() async throws {
        let schema = Schema([Field("k", .int64), Field("v", .int64), Field("unused", .string)])
        let table = try InMemoryTable(name: "w3", schema: schema, rows: [[.int(1), .int(2), .string("x")]])
        let catalog = InMemoryCatalog([table])
        let sql = "SELECT k, lag(v) OVER (PARTITION BY k ORDER BY v) FROM w3"
        let plan = try SQLEngine().plan(sql, catalog: catalog).pushingIntoScans()
        func scans(_ plan: LogicalPlan) -> [[Int]] {
            if case let .scan(_, columns, _) = plan.node { return [columns] }
            return plan.inputs.flatMap(scans)
        }
        #expect(scans(plan) == [[0, 1]])
        let rows = try await SQLEngine().execute(sql, catalog: catalog).textRows
        #expect(rows == [["1", nil]])
    }

    /// Deterministic pseudo-random rows: keys with duplicates, values with NULLs.
    static func rows(_ count: Int, seed: UInt64) -> [(Int64, Int64?)] {
        var state = seed
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 33
        }
        return (0..<count).map { _ in
            let key = Int64(next() % 40)
            let value = next() % 7 == 0 ? nil : Int64(next() % 1000) - 500
            return (key, value)
        }
    }

    /// sum, count, min, max over `frame` (ORDER BY k, id) computed by brute force over the sorted rows.
    static func reference(
        _ rows: [(Int64, Int64?)], frame: (Int, [(Int64, Int64?)]) -> Range<Int>
    ) -> [[String?]] {
        let sorted = rows.sorted { $0.0 < $1.0 }
        return sorted.indices.map { index in
            let values = frame(index, sorted)[...].compactMap { sorted[$0].1 }
            return [
                String(sorted[index].0), values.isEmpty ? nil : String(values.reduce(0, +)), String(values.count),
                values.min().map(String.init), values.max().map(String.init),
            ]
        }
    }

    @Test(arguments: [1, 2, 3])
    func slidingFramesMatchBruteForce(seed: UInt64) async throws {
        let rows = Self.rows(300, seed: seed)
        let catalog = try Self.table(rows)
        func run(_ frame: String) async throws -> [[String?]] {
            let sql =
                "SELECT k, sum(v) OVER f, count(v) OVER f, min(v) OVER f, max(v) OVER f FROM r "
                + "WINDOW f AS (ORDER BY k \(frame))"
            return try await SQLEngine().execute(sql, catalog: catalog).textRows
        }
        // ROWS frames depend on the order of ties, so compare their multiset of per-key sums only via RANGE and
        // GROUPS, which treat ties alike; ROWS is checked with distinct keys below.
        let range = try await run("RANGE BETWEEN 3 PRECEDING AND 2 FOLLOWING")
        let expectedRange = Self.reference(rows) { index, sorted in
            let key = sorted[index].0
            let lower = sorted.firstIndex { $0.0 >= key - 3 } ?? sorted.count
            let upper = sorted.firstIndex { $0.0 > key + 2 } ?? sorted.count
            return lower..<upper
        }
        #expect(range.sorted { "\($0)" < "\($1)" } == expectedRange.sorted { "\($0)" < "\($1)" })
        let groups = try await run("GROUPS BETWEEN 2 PRECEDING AND 1 FOLLOWING")
        let keys = Array(Set(rows.map(\.0))).sorted()
        let expectedGroups = Self.reference(rows) { index, sorted in
            let position = keys.firstIndex(of: sorted[index].0) ?? 0
            let low = keys[max(0, position - 2)]
            let high = keys[min(keys.count - 1, position + 1)]
            let lower = sorted.firstIndex { $0.0 >= low } ?? sorted.count
            let upper = sorted.firstIndex { $0.0 > high } ?? sorted.count
            return lower..<upper
        }
        #expect(groups.sorted { "\($0)" < "\($1)" } == expectedGroups.sorted { "\($0)" < "\($1)" })
        let distinct = Array(rows.enumerated().map { (Int64($0.offset), $0.element.1) })
        let catalogDistinct = try Self.table(distinct)
        let sql =
            "SELECT k, sum(v) OVER f, count(v) OVER f, min(v) OVER f, max(v) OVER f FROM r "
            + "WINDOW f AS (ORDER BY k ROWS BETWEEN 5 PRECEDING AND 3 FOLLOWING) ORDER BY k"
        let rowsResult = try await SQLEngine().execute(sql, catalog: catalogDistinct).textRows
        let expectedRows = Self.reference(distinct) { index, sorted in
            max(0, index - 5)..<min(sorted.count, index + 4)
        }
        #expect(rowsResult == expectedRows)
    }
}
