import Columnar

/// Builds test batches from rows of values.
enum TestBatches {
    static func batch(_ schema: Schema, _ rows: [[Value]]) throws -> ColumnBatch {
        let builders = schema.fields.map { ColumnBuilder(type: $0.type) }
        for row in rows {
            for (i, value) in row.enumerated() { try builders[i].append(value, path: schema.fields[i].name) }
        }
        return try ColumnBatch(schema: schema, columns: builders.map { $0.finish() })
    }

    /// A demo-like nested schema (web event with products and attributes).
    static let eventSchema = Schema([
        Field("id", .int64, nullable: false),
        Field("ts", .timestamp, nullable: false),
        Field("day", .date),
        Field("user", .string),
        Field("score", .float64),
        Field("flag", .boolean),
        Field("revenue", .decimal(precision: 18, scale: 4)),
        Field("payload", .binary),
        Field(
            "web",
            .struct([
                Field("page", .struct([Field("name", .string), Field("url", .string)])),
                Field("durationMs", .int32),
            ])),
        Field(
            "products",
            .list(
                Field(
                    "element",
                    .struct([
                        Field("sku", .string, nullable: false),
                        Field("qty", .int32),
                        Field("price", .decimal(precision: 10, scale: 2)),
                    ])))),
        Field("tags", .list(Field("element", .string))),
        Field("attrs", .map(key: Field("key", .string, nullable: false), value: Field("value", .string))),
    ])

    /// Deterministic pseudo-random event rows, with nulls, escapes, non-ASCII and edge numbers mixed in.
    static func eventRows(_ count: Int, seed: UInt64 = 42) -> [[Value]] {
        var state = seed
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 17
        }
        let names = ["home", "cart", "caf\u{e9} \u{1F600}", "quote \" back \\ slash", "tab\tnew\nline\u{1}", ""]
        var rows: [[Value]] = []
        for i in 0..<count {
            let r = next()
            let micros = Int64(1_700_000_000_000_000) + Int64(r % 100_000_000_000) * (r % 3 == 0 ? 1_000_000 : 1)
            let products: Value =
                r % 5 == 0
                ? .null
                : .list(
                    (0..<Int(r % 4)).map { j in
                        .struct([
                            .string("sku-\(i)-\(j)"), j == 1 ? .null : .int(Int64(j + 1)),
                            .decimal(Int128(r % 100_000) - 50_000),
                        ])
                    })
            rows.append([
                .int(i == 0 ? Int64.max : (i == 1 ? Int64.min : Int64(bitPattern: r &* 2_654_435_761))),
                .timestamp(i == 2 ? -1 : micros),
                r % 7 == 0 ? .null : .date(Int32(r % 40_000) - 5000),
                r % 6 == 0 ? .null : .string(names[Int(r % UInt64(names.count))]),
                r % 4 == 0 ? .null : .float(Double(Int64(r % 2_000_001) - 1_000_000) / 64.0),
                r % 3 == 0 ? .null : .boolean(r % 2 == 0),
                .decimal(Int128(Int64(bitPattern: r)) * 1_000 + Int128(r % 1000)),
                r % 8 == 0
                    ? .null : .binary((0..<Int(r % 7)).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ Int(r % 256)) }),
                r % 9 == 0 ? .null : .struct([.struct([.string("p\(r % 10)"), .null]), .int(Int64(r % 100_000))]),
                products,
                .list(r % 2 == 0 ? [] : [.string("a"), .null, .string("b")]),
                r % 3 == 1
                    ? .null
                    : .map([
                        MapEntry(key: .string("k"), value: .string("v\(r % 10)")),
                        MapEntry(key: .string("n"), value: .null),
                    ]),
            ])
        }
        return rows
    }
}
