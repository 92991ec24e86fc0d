import Columnar
import Testing

@testable import SQL

/// Operators of one statement share its memory limit: a spilling operator must not starve the operators beside
/// it. Regressions for an INTERSECT under a DISTINCT that failed with 53200 about once in 40 runs (the hash seed
/// decided whether the DISTINCT above held the whole limit while the set operation below needed it) and for a
/// top-N above a GROUP BY that failed with 53200 on 10M rows (the aggregate held the whole limit while emitting).
@Suite struct SpillSharingTests {
    /// Distinct rows `0..<count` in chunks of 100; records the context's reservations each time it is pulled.
    final class CountingInput: PhysicalOperator {
        let context: ExecutionContext
        let count: Int
        var produced = 0
        var reservedWhenPulled: [Int] = []

        init(_ context: ExecutionContext, count: Int) {
            self.context = context
            self.count = count
        }

        func next() async throws -> Chunk? {
            reservedWhenPulled.append(context.reserved)
            guard produced < count else { return nil }
            let end = min(count, produced + 100)
            let values = (produced..<end).map { Datum.int(Int64($0)) }
            produced = end
            return Chunk(columns: [values, values.map { .text("row \($0)") }], count: values.count)
        }
    }

    @Test func distinctThatSpillsGivesItsMemoryBackToItsInput() async throws {
        let context = ExecutionContext(memoryLimit: 16 << 10, spillStorage: InMemorySpillStorage())
        let input = CountingInput(context, count: 5_000)
        let distinct = HybridDistinctOperator(input, width: 2, context: context)
        var rows = 0
        while let chunk = try await distinct.next() { rows += chunk.count }
        #expect(rows == 5_000)
        #expect(context.statistics.spilledRows > 0)
        // Once the first level spills, the input runs with nothing of the DISTINCT reserved.
        let afterSpill = input.reservedWhenPulled.suffix(10)
        #expect(afterSpill.allSatisfy { $0 == 0 }, "\(afterSpill)")
        #expect(context.reserved == 0)
    }

    @Test func distinctRowsEmittedBeforeTheSpillAreNotEmittedAgain() async throws {
        // Every value twice, far apart, so that many second copies arrive after the first level has spilled.
        let catalog = InMemoryCatalog([try SpillTestData.table("t", rows: 20_000, groups: 2_000)])
        let sql = "SELECT DISTINCT g, s FROM (SELECT g, s FROM t UNION ALL SELECT g, s FROM t) x"
        let expected = try await SQLEngine().execute(sql, catalog: catalog)
        let storage = InMemorySpillStorage()
        let actual = try await SQLEngine(options: .init(memoryLimit: 16 << 10, spillStorage: storage))
            .execute(sql, catalog: catalog)
        #expect(SpillTests.sortedRows(actual) == SpillTests.sortedRows(expected))
        #expect(actual.statistics.spilledRows > 0)
        #expect(await storage.liveRunCount == 0)
    }

    @Test func spillingOperatorsLeaveTheLastEighthToThoseThatCannotSpill() {
        let context = ExecutionContext(memoryLimit: 8_000, spillStorage: nil)
        let spilling = MemoryReservation(context)
        #expect(spilling.tryGrow(7_000))
        #expect(!spilling.tryGrow(1))
        let topN = MemoryReservation(context)
        #expect((try? topN.grow(1_000, for: "top-N")) != nil)
        #expect(context.reserved == 8_000)
        #expect((try? topN.grow(1, for: "top-N")) == nil)
    }

    @Test func topNAboveAnAggregateThatFilledItsShareCompletes() async throws {
        try await SpillTests.compare(
            "SELECT g, count(*), count(DISTINCT s) AS n FROM t GROUP BY g ORDER BY n DESC, g LIMIT 10",
            limit: 64 << 10, ordered: true)
        try await SpillTests.compare(
            "SELECT g, s FROM u INTERSECT SELECT g, s FROM w ORDER BY g, s LIMIT 5", limit: 16 << 10, ordered: true)
    }
}
