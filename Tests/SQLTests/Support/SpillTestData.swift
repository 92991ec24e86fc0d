import Columnar
import SQL

/// Generated tables for the spilling tests, built column-wise in batches of 2,048 rows (fast in debug builds).
enum SpillTestData {
    static let schema = Schema([
        Field("id", .int64), Field("g", .int64), Field("s", .string), Field("v", .float64),
    ])

    /// `name(id bigint, g bigint, s text, v double precision)`: `g` cycles through `groups` values (NULL every
    /// 4,999th row), `s` through 1,013 strings, `v` through 1,000 values.
    static func table(_ name: String, rows: Int, groups: Int, offset: Int = 0) throws -> InMemoryTable {
        var batches: [ColumnBatch] = []
        var start = 0
        while start < rows {
            let end = min(rows, start + 2048)
            let builders = schema.fields.map { ColumnBuilder(type: $0.type, capacity: end - start) }
            for row in start..<end {
                let i = row + offset
                builders[0].append(int64: Int64(i))
                if i % 4999 == 0 {
                    builders[1].appendNull()
                } else {
                    builders[1].append(int64: Int64((i &* 7919) % groups))
                }
                builders[2].append(string: "k\(i % 1013)")
                builders[3].append(float64: Double(i % 1000) / 4)
            }
            batches.append(try ColumnBatch(schema: schema, columns: builders.map { $0.finish() }))
            start = end
        }
        return InMemoryTable(name: name, schema: schema, batches: batches)
    }
}

/// A table whose scan never ends: a batch per call until the task is cancelled (for cancellation and timeouts).
struct EndlessTable: TableProvider {
    let name: String
    var schema: Schema { SpillTestData.schema }
    var statistics: TableStatistics { TableStatistics() }

    func scan(_ request: ScanRequest) async throws -> [any BatchStream] {
        let source = try SpillTestData.table(name, rows: 2048, groups: 1_000_000)
        return [EndlessStream(batch: source.batches[0], projection: request.projection)]
    }
}

final class EndlessStream: BatchStream {
    let batch: ColumnBatch
    let projection: [Int]
    var round: Int64 = 0

    init(batch: ColumnBatch, projection: [Int]) {
        self.batch = batch
        self.projection = projection
    }

    func next() async throws -> ColumnBatch? {
        await Task.yield()
        round += 1
        // New ids (and so new groups) every round.
        let ids = ColumnBuilder(type: .int64, capacity: batch.rowCount)
        for i in 0..<Int64(batch.rowCount) { ids.append(int64: round * 1_000_000 + i) }
        let columns = [ids.finish()] + batch.columns.dropFirst()
        let fields = projection.map { SpillTestData.schema.fields[$0] }
        return try ColumnBatch(schema: Schema(fields), columns: projection.map { columns[$0] })
    }
}
