import Columnar
import Foundation
import Testing

@testable import Parquet

/// A measurement, not a check: runs only with OUTFLOW_BENCH=1 (use a release build).
/// Prints Outflow's write/read times for 2M rows and DuckDB's single-threaded ZSTD write time.
@Suite struct WriteSpeedBenchmark {
    static var enabled: Bool { ProcessInfo.processInfo.environment["OUTFLOW_BENCH"] == "1" }

    static func batch(rows: Int) throws -> ColumnBatch {
        let schema = Schema([
            Field("id", .int64, nullable: false), Field("user", .string), Field("amount", .float64),
            Field("ts", .timestamp), Field("qty", .int32),
        ])
        var offsets: [Int32] = [0]
        var data: [UInt8] = []
        for i in 0..<rows {
            data.append(contentsOf: Array("user-\(i % 5000)".utf8))
            offsets.append(Int32(data.count))
        }
        var validity = Bitmap(repeating: true, count: rows)
        for i in stride(from: 0, to: rows, by: 10) { validity[i] = false }
        let columns = [
            Column(type: .int64, count: rows, validity: nil, storage: .int64((0..<rows).map { Int64($0) })),
            Column(type: .string, count: rows, validity: nil, storage: .bytes(offsets: offsets, data: data)),
            Column(
                type: .float64, count: rows, validity: nil,
                storage: .float64((0..<rows).map { Double($0 % 1000) * 0.25 })),
            Column(
                type: .timestamp, count: rows, validity: nil,
                storage: .int64((0..<rows).map { 1_700_000_000_000_000 + Int64($0) * 1_000_003 })),
            Column(type: .int32, count: rows, validity: validity, storage: .int32((0..<rows).map { Int32($0 % 100) })),
        ]
        return try ColumnBatch(schema: schema, columns: columns)
    }

    @Test(.enabled(if: enabled))
    func measureWriteAndReadSpeedAgainstDuckDB() throws {
        let rows = 2_000_000
        let batch = try Self.batch(rows: rows)
        let dir = try PythonRunner.temporaryDirectory("bench")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = "\(dir)/outflow.parquet"
        let start = Date()
        let summary = try ParquetWriter.write(
            batches: [batch], schema: batch.schema, to: path, options: .init(codec: .zstd))
        let writeSeconds = Date().timeIntervalSince(start)
        let readStart = Date()
        let read = try ParquetReader(path: path).readAll()
        let readSeconds = Date().timeIntervalSince(readStart)
        #expect(read.reduce(0) { $0 + $1.rowCount } == rows)
        let duck = try JSONValue.parse(try PythonRunner.run("duckdb_write_speed.py", [path, "\(dir)/duck.parquet"]))
        print(
            "BENCH outflow write \(rows) rows zstd: \(writeSeconds)s, \(summary.bytesWritten) bytes; read: \(readSeconds)s"
        )
        print("BENCH duckdb (1 thread) write zstd: \(duck)")
    }
}
