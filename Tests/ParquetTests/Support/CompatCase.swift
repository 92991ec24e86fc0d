import Codecs
import Columnar
import Testing

@testable import Parquet

/// One file Outflow writes for the compatibility and round-trip suites.
struct CompatCase: Sendable, CustomTestStringConvertible {
    var name: String
    var schema: Schema
    var rowCount: Int
    var options: ParquetWriter.Options
    var seed: UInt64

    var testDescription: String { name }

    var rows: [[Value]] {
        var g = ValueGenerator(seed: seed)
        return g.rows(schema, count: rowCount)
    }

    func batches() throws -> [ColumnBatch] {
        let all = rows
        // Two batches when there are rows, to exercise buffering across writes.
        let cut = all.count / 2
        if all.isEmpty { return [try Fixtures.batch(schema, [])] }
        return [try Fixtures.batch(schema, Array(all[..<cut])), try Fixtures.batch(schema, Array(all[cut...]))]
    }

    static let primitives: [(String, DataType)] = [
        ("bool", .boolean), ("int32", .int32), ("int64", .int64), ("float32", .float32), ("float64", .float64),
        ("dec5_2", .decimal(precision: 5, scale: 2)), ("dec18_6", .decimal(precision: 18, scale: 6)),
        ("dec38_10", .decimal(precision: 38, scale: 10)), ("dec20_0", .decimal(precision: 20, scale: 0)),
        ("string", .string), ("binary", .binary), ("date", .date), ("timestamp", .timestamp),
    ]

    static let nested: [(String, DataType)] = {
        let point = DataType.struct([Field("x", .int32), Field("label", .string, nullable: false)])
        return [
            ("struct", point),
            ("struct_of_struct", .struct([Field("inner", point), Field("n", .int64)])),
            ("list_int", .list(Field("element", .int64))),
            ("list_required_elements", .list(Field("element", .string, nullable: false))),
            ("list_of_struct", .list(Field("element", point))),
            ("list_of_list", .list(Field("element", .list(Field("element", .int32))))),
            ("map_string_int", .map(key: Field("key", .string, nullable: false), value: Field("value", .int64))),
            (
                "map_of_list",
                .map(
                    key: Field("key", .string, nullable: false),
                    value: Field("value", .list(Field("element", .float64))))
            ),
            (
                "struct_with_list_and_map",
                .struct([
                    Field("tags", .list(Field("element", .string))),
                    Field("attrs", .map(key: Field("key", .int32, nullable: false), value: Field("value", point))),
                ])
            ),
            (
                "deep",
                .list(
                    Field(
                        "element",
                        .struct([
                            Field(
                                "m",
                                .map(
                                    key: Field("key", .string, nullable: false),
                                    value: Field("value", .list(Field("element", point)))))
                        ])))
            ),
        ]
    }()

    /// Single-column schemas for every type, nullable and required, plus multi-column and option variants.
    static let all: [CompatCase] = {
        var cases: [CompatCase] = []
        var seed: UInt64 = 1
        for (name, type) in primitives + nested {
            for nullable in [true, false] {
                seed += 1
                let schema = Schema([Field("id", .int32, nullable: false), Field("v", type, nullable: nullable)])
                cases.append(
                    CompatCase(
                        name: "\(name)_\(nullable ? "nullable" : "required")", schema: schema, rowCount: 60,
                        options: .init(), seed: seed))
            }
        }
        let wide = Schema((primitives + nested).map { Field($0.0, $0.1) })
        for codec in CompressionCodecName.all {
            for version in [1, 2] {
                for dictionary in [true, false] {
                    seed += 1
                    let options = ParquetWriter.Options(
                        pageBytes: 512, codec: codec.codec, dictionary: dictionary, dataPageVersion: version,
                        writePageIndex: version == 2)
                    cases.append(
                        CompatCase(
                            name: "wide_\(codec.name)_v\(version)_\(dictionary ? "dict" : "plain")", schema: wide,
                            rowCount: 150,
                            options: options, seed: seed))
                }
            }
        }
        cases.append(CompatCase(name: "empty_file", schema: wide, rowCount: 0, options: .init(), seed: 99))
        cases.append(CompatCase(name: "single_row", schema: wide, rowCount: 1, options: .init(), seed: 98))
        cases.append(
            CompatCase(
                name: "many_row_groups", schema: wide, rowCount: 400,
                options: .init(rowGroupBytes: 4096, pageBytes: 256), seed: 97))
        return cases
    }()
}

/// Codecs with file-name-friendly names.
struct CompressionCodecName: Sendable {
    var name: String
    var codec: CompressionCodec

    static let all: [CompressionCodecName] = [
        .init(name: "none", codec: .none), .init(name: "snappy", codec: .snappy),
        .init(name: "gzip", codec: .gzip), .init(name: "zstd", codec: .zstd),
    ]
}
