import Columnar
import Lake
import OutflowTestSupport
import QueryService
import SQL
import Storage

/// A lake in a temporary directory with a SQL session on sandbox prod.
struct QueryFixture {
    let directory = TestDirectory()
    let lake: Lake
    let store: SQLiteQueryStore
    let counters = ScanCounters()
    let session: QuerySession

    init() throws {
        lake = try Lake(dataDirectory: directory.path)
        store = try SQLiteQueryStore(lake: lake)
        session = QuerySession(lake: lake, sandbox: "prod", store: store, counters: counters)
    }

    /// Runs `sql` and returns the last statement's rows as PostgreSQL text, with its command tag.
    func rows(_ sql: String) async throws -> (rows: [[String?]], tag: String) {
        let result = try await session.run(sql)
        var rows: [[String?]] = []
        while let batch = try await result.next() { rows += batch.textRows }
        return (rows, result.commandTag)
    }

    /// The SQLSTATE `sql` fails with (nil when it succeeds).
    func state(_ sql: String) async -> String? {
        do {
            _ = try await rows(sql)
            return nil
        } catch let error as SQLError {
            return error.state.code
        } catch {
            return "not a SQLError: \(error)"
        }
    }

    /// An ingested (not derived) dataset `name` with fields `id` int64 and `v` string, one batch per element of
    /// `batches` (each a committed batch of its own: one file, one row group).
    @discardableResult
    func ingested(_ name: String, batches: [[(Int64, String?)]]) throws -> Dataset {
        let document = """
            {"title": "\(name)", "class": "Record", "fields": [
              {"name": "id", "type": "int64"}, {"name": "v", "type": "string"}]}
            """
        let dataset = try lake.createDataset(sandbox: "prod", name: name, schemaDocument: Array(document.utf8))
        var next = 0
        for rows in batches {
            let builders = dataset.schema.fields.map { ColumnBuilder(type: $0.type) }
            for (id, v) in rows {
                next += 1
                try builders[0].append(.string("row\(next)"))
                try builders[1].append(.int(id))
                try builders[2].append(v.map { .string($0) } ?? .null)
            }
            let batch = try ColumnBatch(schema: dataset.schema, columns: builders.map { $0.finish() })
            _ = try lake.appendBatch(sandbox: "prod", datasetId: dataset.id, batches: [batch])
        }
        return try lake.dataset(sandbox: "prod", idOrName: dataset.id)
    }
}
