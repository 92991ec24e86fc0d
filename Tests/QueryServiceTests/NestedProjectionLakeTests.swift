import Columnar
import Lake
import OutflowTestSupport
import QueryService
import SQL
import Testing

/// Nested projection over the lake: a query reading struct fields decodes only their leaves' column chunks,
/// prunes row groups on the leaves' statistics, and answers with PostgreSQL's NULL semantics.
@Suite(.onDedicatedThreads) struct NestedProjectionLakeTests {
    /// Three committed batches (three row groups): US events; DE events with a NULL place and a NULL geo; FR
    /// events with NULL countries and a NULL device.
    func fixture() throws -> QueryFixture {
        let fixture = try QueryFixture()
        let document = """
            {"title": "events", "class": "Record", "fields": [
              {"name": "id", "type": "int64"},
              {"name": "placeContext", "type": "struct", "fields": [
                {"name": "geo", "type": "struct", "fields": [
                  {"name": "countryCode", "type": "string"}, {"name": "city", "type": "string"}]},
                {"name": "accuracy", "type": "int32"}]},
              {"name": "device", "type": "struct", "fields": [{"name": "type", "type": "string"}]},
              {"name": "items", "type": "array", "items": {"type": "struct", "fields": [
                {"name": "SKU", "type": "string"}]}}]}
            """
        let dataset = try fixture.lake.createDataset(
            sandbox: "prod", name: "events", schemaDocument: Array(document.utf8))
        let groups: [[[Value]]] = [
            [
                Self.row(1, place: .struct([.struct([.string("US"), .string("Boston")]), .int(5)]), device: "Mobile"),
                Self.row(2, place: .struct([.struct([.string("US"), .string("Austin")]), .null]), device: "Desktop"),
            ],
            [
                Self.row(3, place: .struct([.struct([.string("DE"), .string("Berlin")]), .int(2)]), device: "Mobile"),
                Self.row(4, place: .null, device: "Mobile"),
                Self.row(5, place: .struct([.null, .int(9)]), device: "Mobile"),
            ],
            [
                Self.row(6, place: .struct([.struct([.null, .string("Paris")]), .int(1)]), device: nil),
                Self.row(7, place: .struct([.struct([.string("FR"), .null]), .int(4)]), device: "Tablet"),
            ],
        ]
        var next = 0
        for rows in groups {
            let builders = dataset.schema.fields.map { ColumnBuilder(type: $0.type) }
            for row in rows {
                next += 1
                try builders[0].append(.string("row\(next)"))
                for (index, value) in row.enumerated() {
                    try builders[index + 1].append(value, path: dataset.schema.fields[index + 1].name)
                }
            }
            let batch = try ColumnBatch(schema: dataset.schema, columns: builders.map { $0.finish() })
            _ = try fixture.lake.appendBatch(sandbox: "prod", datasetId: dataset.id, batches: [batch])
        }
        return fixture
    }

    static func row(_ id: Int64, place: Value, device: String?) -> [Value] {
        [.int(id), place, device.map { .struct([.string($0)]) } ?? .null, .list([.struct([.string("sku\(id)")])])]
    }

    @Test func aFilterOnALeafPrunesRowGroupsByTheLeafsStatistics() async throws {
        let fixture = try fixture()
        let rows = try await fixture.rows(
            "SELECT id FROM events WHERE (placeContext).geo.countryCode = 'US' AND (device).type = 'Mobile'")
        #expect(rows.rows == [["1"]])
        #expect(fixture.counters.considered == 3)
        #expect(fixture.counters.decoded == 1)
        let explain = try await fixture.rows(
            "EXPLAIN SELECT id FROM events WHERE (placeContext).geo.countryCode = 'US'")
        let text = explain.rows.compactMap { $0.first ?? nil }.joined(separator: "\n")
        #expect(text.contains("Scan events [id, placeContext.geo.countryCode]"))
        let arrays = try await fixture.rows("EXPLAIN SELECT items, (device).type FROM events")
        #expect(arrays.rows.contains { ($0.first ?? nil)?.contains("Scan events [items, device.type]") == true })
    }

    @Test func fieldsReadOnlyTheirLeavesChunks() async throws {
        let leaf = try fixture()
        _ = try await leaf.rows("SELECT max((placeContext).geo.city) FROM events")
        let whole = try fixture()
        _ = try await whole.rows("SELECT max((placeContext).geo.city) FROM events WHERE placeContext IS NOT NULL")
        #expect(leaf.counters.bytesRead > 0)
        #expect(leaf.counters.bytesRead < whole.counters.bytesRead)
    }

    @Test func fieldsOfNullStructsAreNull() async throws {
        let fixture = try fixture()
        let rows = try await fixture.rows(
            "SELECT id, (placeContext).geo.countryCode, (placeContext).geo.city, (placeContext).accuracy, "
                + "(device).type, (placeContext).geo IS NULL, items IS NULL FROM events ORDER BY id")
        #expect(
            rows.rows == [
                ["1", "US", "Boston", "5", "Mobile", "false", "false"],
                ["2", "US", "Austin", nil, "Desktop", "false", "false"],
                ["3", "DE", "Berlin", "2", "Mobile", "false", "false"],
                ["4", nil, nil, nil, "Mobile", "true", "false"],
                ["5", nil, nil, "9", "Mobile", "true", "false"],
                ["6", nil, "Paris", "1", nil, "false", "false"],
                ["7", "FR", nil, "4", "Tablet", "false", "false"],
            ])
    }

    @Test func groupsJoinsAndWindowsOverFields() async throws {
        let fixture = try fixture()
        let grouped = try await fixture.rows(
            "SELECT (placeContext).geo.countryCode AS c, count(*), sum((placeContext).accuracy) FROM events "
                + "GROUP BY 1 ORDER BY 1")
        #expect(grouped.rows == [["DE", "1", "2"], ["FR", "1", "4"], ["US", "2", "5"], [nil, "3", "10"]])
        let joined = try await fixture.rows(
            "SELECT a.id, b.id FROM events a JOIN events b ON (a.device).type = (b.device).type "
                + "AND (a.placeContext).accuracy < (b.placeContext).accuracy WHERE (a.placeContext).geo.city IS NOT NULL "
                + "ORDER BY 1, 2")
        #expect(joined.rows == [["1", "5"], ["3", "1"], ["3", "5"]])
        let ranked = try await fixture.rows(
            "SELECT id, row_number() OVER (PARTITION BY (device).type ORDER BY (placeContext).accuracy DESC NULLS LAST, id) "
                + "FROM events WHERE id < 6 ORDER BY id")
        #expect(ranked.rows == [["1", "2"], ["2", "1"], ["3", "3"], ["4", "4"], ["5", "1"]])
    }
}
