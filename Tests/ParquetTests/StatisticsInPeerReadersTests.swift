import Columnar
import OutflowTestSupport
import Testing

@testable import Parquet

/// Column-chunk statistics Outflow writes are what pyarrow decodes, and match the data.
@Suite(.onDedicatedThreads, .tags(.peers), .needsPeers) struct StatisticsInPeerReadersTests {
    static let cases = CompatCase.all.filter { $0.name.hasPrefix("wide_") || $0.name == "single_row" }

    @Test(arguments: cases)
    func pyarrowSeesCorrectMinMaxAndNullCounts(_ c: CompatCase) async throws {
        let results = try await OutflowFilesInPeerReadersTests.peerResults.value.get()
        let stats = try #require(results["\(c.name).parquet"]?["stats"], "no statistics for \(c.name)")
        // Row group 0 holds all rows in these cases.
        let rows = c.rows
        for (index, field) in c.schema.fields.enumerated() where !field.type.isNested {
            let values = rows.map { $0[index] }
            let present = values.filter { !$0.isNull }
            guard let entry = stats[field.name], case let .array(triple) = entry, triple.count == 3 else {
                Issue.record("\(c.name).\(field.name): no statistics")
                continue
            }
            #expect(
                triple[2].mismatch(.int(Int64(values.count - present.count)), .int64) == nil,
                "\(c.name).\(field.name) null count")
            var lo: Value?
            var hi: Value?
            let scale: Int
            if case let .decimal(_, s) = field.type { scale = s } else { scale = 0 }
            for v in present {
                if lo.map({ ValueOrder.compare(v, $0, scale: scale) ?? 0 < 0 }) ?? true { lo = v }
                if hi.map({ ValueOrder.compare(v, $0, scale: scale) ?? 0 > 0 }) ?? true { hi = v }
            }
            if let lo, let hi {
                if let m = triple[0].mismatch(lo, field.type, path: "\(c.name).\(field.name).min") {
                    Issue.record("\(m)")
                }
                if let m = triple[1].mismatch(hi, field.type, path: "\(c.name).\(field.name).max") {
                    Issue.record("\(m)")
                }
            }
        }
    }
}

extension StatisticsInPeerReadersTests {
    /// DuckDB prunes row groups with Outflow's statistics; filtered counts must still be right.
    @Test func duckDBFiltersWithPruningCountCorrectly() async throws {
        let results = try await OutflowFilesInPeerReadersTests.peerResults.value.get()
        guard case let .object(filters)? = results["many_row_groups.parquet"]?["filters"] else {
            Issue.record("no filter checks: \(results["many_row_groups.parquet"]?["page_index"] ?? .null)")
            return
        }
        #expect(filters.count >= 8)
        for (column, pair) in filters {
            guard case let .array(counts) = pair, counts.count == 2, case let .int(got) = counts[0],
                case let .int(expected) = counts[1]
            else {
                Issue.record("\(column): bad check \(pair)")
                continue
            }
            #expect(got == expected, "DuckDB count for \(column) >= pivot")
        }
    }
}
