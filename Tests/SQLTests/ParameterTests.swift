import Columnar
import SQL
import Testing

/// `$n` parameters of the extended query protocol: types declared or inferred from their use (Describe), values
/// bound like literals of their type, or like untyped literals when the context decides.
@Suite struct ParameterTests {
    static func query(_ sql: String) throws -> Query {
        guard case let .query(query) = try SQLParser.parseStatement(sql) else {
            throw SQLError(.syntaxError, "not a query")
        }
        return query
    }

    static func describe(_ sql: String, _ types: [SQLType?]) throws -> (columns: [PlanColumn], types: [SQLType]) {
        let described = try SQLEngine().describe(
            try query(sql), catalog: try EngineTests.lakeCatalog(), parameters: types)
        return (described.columns, described.parameterTypes)
    }

    static func run(_ sql: String, _ types: [SQLType?], _ values: [String?]) async throws -> [[String?]] {
        var engine = SQLEngine()
        engine.parameters = StatementParameters(types: types, values: values)
        let catalog = try EngineTests.lakeCatalog()
        let cursor = try engine.open(try engine.bind(try query(sql), catalog: catalog))
        var rows: [[String?]] = []
        while let batch = try await cursor.next() { rows += batch.textRows }
        return rows
    }

    @Test func undeclaredParametersTakeTheTypeTheirUseGivesThem() throws {
        let described = try Self.describe(
            "SELECT value + $1, eventType FROM webEvents WHERE eventType = $2 AND timestamp < $3 LIMIT $4",
            [nil, nil, nil, nil])
        #expect(described.types == [.bigint, .text, .timestamptz, .bigint])
        #expect(described.columns.map(\.type) == [.bigint, .text])
    }

    @Test func aParameterNothingTypesIsText() throws {
        #expect(try Self.describe("SELECT $1", [nil]).types == [.text])
        #expect(try Self.describe("SELECT $1", [nil]).columns.map(\.type) == [.text])
    }

    @Test func declaredTypesStandAndTypeTheResult() throws {
        let described = try Self.describe("SELECT $1 + 1, $2", [.integer, .date])
        #expect(described.types == [.integer, .date])
        #expect(described.columns.map(\.type) == [.integer, .date])
    }

    @Test func valuesBindLikeLiteralsOfTheirType() async throws {
        #expect(
            try await Self.run("SELECT $1 + 1, $2", [.integer, .date], ["41", "2024-02-29"]) == [["42", "2024-02-29"]])
        #expect(
            try await Self.run("SELECT value FROM webEvents WHERE value > $1 ORDER BY 1", [nil], ["15"]) == [
                ["20"], ["30"],
            ])
        #expect(try await Self.run("SELECT $1 IS NULL, $2", [.bigint, nil], [nil, "it's"]) == [["true", "it's"]])
    }

    @Test func aValueThatIsNotOfItsTypeIsRefused() async throws {
        await #expect(throws: SQLError.self) { try await Self.run("SELECT $1", [.integer], ["forty"]) }
    }

    @Test func aParameterBeyondTheDeclaredOnesIsUndefined() throws {
        #expect(throws: SQLError.self) { try Self.describe("SELECT $2", [nil]) }
        let error = #expect(throws: SQLError.self) { try Self.describe("SELECT $1", []) }
        #expect(error?.state == .undefinedParameter)
    }

    @Test func parameterTypeOIDsMapToEngineTypes() {
        #expect(SQLType(postgresTypeOID: 23) == .integer)
        #expect(SQLType(postgresTypeOID: 1007).map(\.postgresTypeOID) == 1007)
        #expect(SQLType(postgresTypeOID: 705) == nil)
        #expect(SQLType(postgresTypeOID: 0) == nil)
        #expect(SQLType(postgresTypeOID: 1184) == .timestamptz)
    }
}
