import Columnar
import QueryService
import SQL
import Testing

@Suite struct ResultRendererTests {
    func render(_ format: ResultFormat, _ columns: [PlanColumn], _ rows: [[Datum]], tag: String = "SELECT 2")
        throws -> String
    {
        let renderer = ResultRenderer(format: format)
        var out = renderer.start(columns)
        out += renderer.add(try QueryResult(columns: columns, rows: rows))
        return out + renderer.finish(commandTag: tag, returnsRows: true)
    }

    let columns = [
        PlanColumn("id", .integer), PlanColumn("name", .text), PlanColumn("n", .numeric(precision: 5, scale: 2)),
        PlanColumn("ts", .timestamptz), PlanColumn("f", .double),
    ]
    var rows: [[Datum]] {
        [
            [
                .int(1), .text("a,\"b\""), .numeric(SQLNumeric(unscaled: 250, scale: 2)),
                .timestamp(1_706_695_200_500_000),
                .float(.nan),
            ],
            [.int(22), .text(""), .null, .null, .float(0.5)],
        ]
    }

    @Test func ndjsonIsOneObjectPerRowWithExactNumbersAndRFC3339Timestamps() throws {
        let text = try render(.ndjson, columns, rows)
        let expected =
            #"{"id":1,"name":"a,\"b\"","n":2.50,"ts":"2024-01-31T10:00:00.5Z","f":"NaN"}"# + "\n"
            + #"{"id":22,"name":"","n":null,"ts":null,"f":0.5}"# + "\n"
        #expect(text == expected)
    }

    @Test func csvHasAHeaderAndTellsEmptyFromNull() throws {
        let text = try render(.csv, columns, rows)
        #expect(text == "id,name,n,ts,f\n1,\"a,\"\"b\"\"\",2.50,2024-01-31 10:00:00.5+00,NaN\n22,\"\",,,0.5\n")
    }

    @Test func tableIsAlignedLikePsqlWithARowCountFooter() throws {
        let text = try render(
            .table, [PlanColumn("id", .integer), PlanColumn("name", .text)],
            [
                [.int(1), .text("alpha")], [.int(100), .null],
            ])
        #expect(text == " id  | name\n-----+-------\n   1 | alpha\n 100 |\n(2 rows)\n\n")
        let command = ResultRenderer(format: .table)
        #expect(command.finish(commandTag: "INSERT 0 3", returnsRows: false) == "INSERT 0 3\n")
    }

    @Test func nestedValuesAreJSON() throws {
        let record = SQLType.record([Field("a", .int64), Field("tags", .list(Field("item", .string)))])
        let value = Datum.nested(.struct([.int(1), .list([.string("x"), .null])]))
        #expect(JSONValueWriter.value(value, type: record) == #"{"a":1,"tags":["x",null]}"#)
    }
}
