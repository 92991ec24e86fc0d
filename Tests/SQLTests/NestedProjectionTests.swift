import Columnar
import SQL
import Testing

/// Nested projection (`LogicalPlan.pushingIntoScans`): struct fields read only through field accesses become
/// scan columns of their own, with PostgreSQL's NULL semantics (a field of a NULL struct is NULL), in every
/// kind of node; the answers equal those of a provider that reads the structs whole.
@Suite struct NestedProjectionTests {
    static let geo = DataType.struct([Field("countryCode", .string), Field("city", .string)])
    static let place = DataType.struct([Field("geo", geo), Field("accuracy", .int32)])
    static let device = DataType.struct([Field("type", .string)])
    static let items = DataType.list(Field("element", .struct([Field("SKU", .string), Field("quantity", .int32)])))

    /// Events with a NULL place, a place with a NULL geo, a geo with a NULL country, and a NULL device.
    static func events(name: String = "events") throws -> InMemoryTable {
        let schema = Schema([
            Field("id", .int32), Field("placeContext", place), Field("device", device), Field("items", items),
        ])
        func placeValue(_ country: String?, _ city: String?, _ accuracy: Int64?) -> Value {
            let geo = Value.struct([country.map { .string($0) } ?? .null, city.map { .string($0) } ?? .null])
            return .struct([geo, accuracy.map { .int($0) } ?? .null])
        }
        let rows: [[Value]] = [
            [
                .int(1), placeValue("US", "Boston", 5), .struct([.string("Mobile")]),
                .list([.struct([.string("a"), .int(1)])]),
            ],
            [.int(2), placeValue("DE", "Berlin", nil), .struct([.string("Desktop")]), .null],
            [.int(3), .null, .struct([.string("Mobile")]), .list([])],
            [.int(4), .struct([.null, .int(7)]), .null, .null],
            [.int(5), placeValue(nil, "Paris", 3), .struct([.null]), .null],
            [.int(6), placeValue("US", nil, 1), .struct([.string("Mobile")]), .null],
        ]
        return try InMemoryTable(name: name, schema: schema, rows: rows)
    }

    static func catalog(nested: Bool = true) throws -> InMemoryCatalog {
        let tables: [any TableProvider] = [try events(), try events(name: "others")]
        return InMemoryCatalog(tables.map { nested ? $0 : WholeStructTable(base: $0) })
    }

    static func explain(_ sql: String) async throws -> String {
        let result = try await SQLEngine().execute("EXPLAIN " + sql, catalog: try catalog())
        return result.textRows.compactMap { $0.first ?? nil }.joined(separator: "\n")
    }

    static func text(_ sql: String, nested: Bool = true) async throws -> [[String?]] {
        try await SQLEngine().execute(sql, catalog: try catalog(nested: nested)).textRows
    }

    @Test func aFilteredFieldIsAScanColumnOfItsOwn() async throws {
        let sql = "SELECT count(*) FROM events WHERE (placeContext).geo.countryCode = 'US' AND (device).type = 'Mobile'"
        let plan = try await Self.explain(sql)
        #expect(plan.contains("Scan events [placeContext.geo.countryCode, device.type]"))
        #expect(plan.contains("filters: (#0 = 'US'::text)") || plan.contains("filters: "))
        #expect(try await Self.text(sql) == [["2"]])
    }

    @Test func aStructNeededWholeIsReadWhole() async throws {
        let plan = try await Self.explain("SELECT placeContext, (placeContext).geo.city FROM events")
        #expect(plan.contains("Scan events [placeContext]"))
        #expect(!plan.contains("placeContext.geo"))
    }

    @Test func aFieldUnderAnotherReadFieldComesFromIt() async throws {
        let sql = "SELECT (placeContext).geo, (placeContext).geo.city FROM events ORDER BY id"
        #expect(try await Self.explain(sql).contains("Scan events [id, placeContext.geo]"))
        #expect(try await Self.text(sql) == (try await Self.text(sql, nested: false)))
    }

    @Test func arraysOfStructsAreReadWhole() async throws {
        let plan = try await Self.explain("SELECT items, (device).type FROM events")
        #expect(plan.contains("Scan events [items, device.type]"))
    }

    @Test func fieldsOfNullStructsAreNull() async throws {
        let rows = try await Self.text(
            "SELECT id, (placeContext).geo.countryCode, (placeContext).geo.city IS NULL, (placeContext).accuracy "
                + "FROM events ORDER BY id")
        #expect(
            rows == [
                ["1", "US", "false", "5"], ["2", "DE", "false", nil], ["3", nil, "true", nil], ["4", nil, "true", "7"],
                ["5", nil, "false", "3"], ["6", "US", "true", "1"],
            ])
    }

    @Test func viewsAndSubqueriesPassFieldAccessesDown() async throws {
        let sql = "SELECT (p).geo.city FROM (SELECT placeContext AS p, id FROM events WHERE id > 1) s ORDER BY id"
        #expect(try await Self.explain(sql).contains("Scan events [id, placeContext.geo.city]"))
        #expect(try await Self.text(sql) == [["Berlin"], [nil], [nil], ["Paris"], [nil]])
    }

    /// Every node kind reads the fields from the scan's columns and answers as reading the structs whole.
    @Test(arguments: [
        "SELECT (placeContext).geo.countryCode AS c, count(*), max((placeContext).accuracy) FROM events GROUP BY 1 ORDER BY 1",
        "SELECT id FROM events WHERE (placeContext).geo.countryCode IS NULL ORDER BY (placeContext).geo.city DESC, id",
        "SELECT id, sum((placeContext).accuracy) OVER (PARTITION BY (device).type ORDER BY id) FROM events ORDER BY id",
        "SELECT e.id, o.id FROM events e JOIN others o ON (e.placeContext).geo.countryCode = (o.placeContext).geo.countryCode "
            + "AND (e.device).type = (o.device).type AND e.id <> o.id ORDER BY 1, 2",
        "SELECT e.id, (o.device).type, (e.placeContext).geo.city FROM events e LEFT JOIN others o "
            + "ON (o.placeContext).accuracy = e.id ORDER BY 1",
        "SELECT (device).type FROM events UNION SELECT (placeContext).geo.countryCode FROM others ORDER BY 1",
        "SELECT DISTINCT (device).type FROM events ORDER BY 1",
        "SELECT id, (placeContext).geo.city FROM events ORDER BY (placeContext).accuracy NULLS FIRST, id LIMIT 3",
        "SELECT id FROM events e WHERE EXISTS (SELECT 1 FROM others o WHERE (o.placeContext).geo.city = (e.placeContext).geo.city) ORDER BY 1",
        "SELECT count(DISTINCT (placeContext).geo.countryCode), string_agg((device).type, ',') FROM events",
    ])
    func answersEqualReadingStructsWhole(sql: String) async throws {
        let nested = try await Self.text(sql)
        #expect(nested == (try await Self.text(sql, nested: false)))
        #expect(!nested.isEmpty)
    }

    @Test func joinsAndWindowsReadFieldsFromTheScans() async throws {
        let join = try await Self.explain(
            "SELECT e.id, (o.device).type FROM events e JOIN others o ON (e.placeContext).geo.countryCode = "
                + "(o.placeContext).geo.countryCode")
        #expect(join.contains("Scan events [id, placeContext.geo.countryCode]"))
        #expect(join.contains("Scan others [placeContext.geo.countryCode, device.type]"))
        let window = try await Self.explain(
            "SELECT id, rank() OVER (PARTITION BY (device).type ORDER BY (placeContext).accuracy) FROM events")
        #expect(window.contains("Scan events [id, placeContext.accuracy, device.type]"))
    }
}

/// A provider that cannot read struct fields on their own (the default): its scans read structs whole.
struct WholeStructTable: TableProvider {
    let base: any TableProvider
    var name: String { base.name }
    var schema: Schema { base.schema }
    var statistics: TableStatistics { base.statistics }
    func scan(_ request: ScanRequest) async throws -> [any BatchStream] { try await base.scan(request) }
}
