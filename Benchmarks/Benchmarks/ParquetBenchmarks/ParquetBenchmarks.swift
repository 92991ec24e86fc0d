import Benchmark
import Codecs
import Columnar
import Parquet

let benchmarks: @Sendable () -> Void = {
    let rows = 200_000
    let batch = syntheticBatch(rows: rows)
    for codec in [CompressionCodec.zstd, .snappy, .none] {
        Benchmark(
            "Parquet write \(codec.rawValue) \(rows) rows",
            configuration: .init(metrics: [.wallClock, .throughput, .mallocCountTotal], scalingFactor: .one)
        ) { benchmark in
            let sink = MemorySink()
            let writer = try ParquetWriter(sink: sink, schema: batch.schema, options: .init(codec: codec))
            try writer.write(batch)
            _ = try writer.close()
            blackHole(sink.bytesWritten)
        }
    }
}

/// A flat-and-nested batch shaped like clickstream events.
func syntheticBatch(rows: Int) -> ColumnBatch {
    let schema = Schema([
        Field("_id", .string, nullable: false),
        Field("timestamp", .timestamp, nullable: false),
        Field("page", .string),
        Field("views", .int64),
        Field("revenue", .decimal(precision: 18, scale: 2)),
    ])
    let builders = schema.fields.map { ColumnBuilder(type: $0.type, capacity: rows) }
    for i in 0..<rows {
        builders[0].append(string: "evt-\(i)")
        builders[1].append(int64: 1_790_000_000_000_000 + Int64(i) * 1_000_000)
        builders[2].append(string: "page \(i % 500)")
        builders[3].append(int64: Int64(i % 7))
        if i % 30 == 0 { builders[4].append(decimal: Int128(i)) } else { builders[4].appendNull() }
    }
    // The columns are built from the schema's own types, so the batch is always valid.
    return (try? ColumnBatch(schema: schema, columns: builders.map { $0.finish() })) ?? .empty(schema)
}
