import Columnar
import OutflowTestSupport
import Testing

@testable import Parquet

@Suite(.onDedicatedThreads) struct RoundTripSmokeTests {
    @Test func flatColumnsSurviveWriteAndRead() throws {
        let schema = Schema([
            Field("id", .int64, nullable: false),
            Field("name", .string),
            Field("score", .float64),
            Field("ok", .boolean),
        ])
        let rows: [[Value]] = [
            [.int(1), .string("a"), .float(1.5), .boolean(true)],
            [.int(2), .null, .float(-2), .null],
            [.int(3), .string("ccc"), .null, .boolean(false)],
        ]
        let bytes = try Fixtures.write(schema, [try Fixtures.batch(schema, rows)])
        let (readSchema, readRows) = try Fixtures.readRows(bytes)
        #expect(readSchema == schema)
        #expect(readRows == rows)
    }

    @Test func nestedColumnsSurviveWriteAndRead() throws {
        let point = DataType.struct([Field("x", .int32), Field("y", .list(Field("element", .string)))])
        let schema = Schema([
            Field("p", point),
            Field("l", .list(Field("element", point))),
            Field(
                "m",
                .map(
                    key: Field("key", .string, nullable: false), value: Field("value", .list(Field("element", .int64))))
            ),
        ])
        let rows: [[Value]] = [
            [.struct([.int(1), .list([.string("a"), .null])]), .list([]), .map([])],
            [.null, .null, .null],
            [
                .struct([.null, .null]), .list([.null, .struct([.int(5), .list([])])]),
                .map([
                    MapEntry(key: .string("k"), value: .list([.int(1), .null])),
                    MapEntry(key: .string("z"), value: .null),
                ]),
            ],
        ]
        let bytes = try Fixtures.write(schema, [try Fixtures.batch(schema, rows)])
        let (readSchema, readRows) = try Fixtures.readRows(bytes)
        #expect(readSchema == schema)
        #expect(readRows == rows)
    }
}
