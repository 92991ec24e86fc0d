import Columnar

@testable import Parquet

/// Builds batches from rows of values for tests.
enum Fixtures {
    static func batch(_ schema: Schema, _ rows: [[Value]]) throws -> ColumnBatch {
        let builders = schema.fields.map { ColumnBuilder(type: $0.type) }
        for row in rows {
            for (i, value) in row.enumerated() { try builders[i].append(value, path: schema.fields[i].name) }
        }
        return try ColumnBatch(schema: schema, columns: builders.map { $0.finish() })
    }

    static func write(_ schema: Schema, _ batches: [ColumnBatch], options: ParquetWriter.Options = .init()) throws
        -> [UInt8]
    {
        let sink = MemorySink()
        let writer = try ParquetWriter(sink: sink, schema: schema, options: options)
        for b in batches { try writer.write(b) }
        _ = try writer.close()
        return sink.bytes
    }

    static func readRows(_ bytes: [UInt8]) throws -> (Schema, [[Value]]) {
        let reader = try ParquetReader(bytes: bytes, name: "test.parquet")
        let batches = try reader.readAll()
        return (reader.schema, batches.flatMap(\.rows))
    }
}

/// A small deterministic generator (SplitMix64) so tests and fuzzing are reproducible.
struct SeededRandom: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
