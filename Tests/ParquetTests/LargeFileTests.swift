import Columnar
import Foundation
import OutflowTestSupport
import Testing

@testable import Parquet

/// 5M-row files both ways: Outflow's file read by pyarrow and DuckDB, pyarrow's file read by Outflow,
/// compared through exact aggregates over every value.
@Suite(.serialized, .onDedicatedThreads, .tags(.peers), .needsPeers) struct LargeFileTests {
    static let rowCount = 5_000_000

    static let schema = Schema([
        Field("id", .int64, nullable: false),
        Field("ts", .timestamp, nullable: false),
        Field("name", .string),
        Field("amount", .decimal(precision: 18, scale: 2)),
        Field("flag", .boolean, nullable: false),
    ])

    /// The aggregates the python script prints, computed from Outflow's columns.
    struct Aggregates: Codable, Equatable {
        var rows = 0
        var sum_id = 0
        var sum_amount_cents = 0
        var null_names = 0
        var name_bytes = 0
        var min_ts = Int.max
        var max_ts = Int.min
        var flags = 0

        mutating func add(_ batch: ColumnBatch) {
            rows += batch.rowCount
            guard case let .int64(ids) = batch.columns[0].storage, case let .int64(ts) = batch.columns[1].storage,
                case let .decimal(amounts) = batch.columns[3].storage,
                case let .boolean(flagBits) = batch.columns[4].storage
            else { return }
            let names = batch.columns[2]
            for i in 0..<batch.rowCount {
                sum_id += Int(ids[i])
                min_ts = min(min_ts, Int(ts[i]))
                max_ts = max(max_ts, Int(ts[i]))
                if !batch.columns[3].isNull(i) { sum_amount_cents += Int(amounts[i]) }
                if names.isNull(i) { null_names += 1 } else { name_bytes += names.bytes(at: i)?.count ?? 0 }
                if flagBits[i] { flags += 1 }
            }
        }
    }

    static func generate(rows: Int, chunk: Int = 500_000) throws -> [ColumnBatch] {
        let names = (0..<1000).map { "name-\($0)" }
        return try stride(from: 0, to: rows, by: chunk).map { start in
            let end = min(rows, start + chunk)
            let b = schema.fields.map { ColumnBuilder(type: $0.type, capacity: end - start) }
            for i in start..<end {
                b[0].append(int64: Int64(i))
                b[1].append(int64: 1_700_000_000_000_000 + Int64(i) * 1_000)
                if i % 7 == 0 { b[2].appendNull() } else { b[2].append(string: names[i % 1000]) }
                if i % 11 == 0 { b[3].appendNull() } else { b[3].append(decimal: Int128(i % 10_000)) }
                b[4].append(bool: i % 3 == 0)
            }
            return try ColumnBatch(schema: schema, columns: b.map { $0.finish() })
        }
    }

    @Test func fiveMillionRowsWrittenByOutflowReadIdenticallyByPyarrowAndDuckDB() async throws {
        let dir = try PythonRunner.temporaryDirectory("large")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/outflow.parquet"
        // Seconds of CPU in a debug build: on a thread of its own, off the cooperative pool.
        let (expected, ours) = try await DedicatedThread.run { () throws -> (Aggregates, Aggregates) in
            let batches = try Self.generate(rows: Self.rowCount)
            var expected = Aggregates()
            for batch in batches { expected.add(batch) }
            _ = try ParquetWriter.write(batches: batches, to: path, options: .init(rowGroupBytes: 32 << 20))
            var ours = Aggregates()
            for batch in try ParquetReader(path: path).readAll() { ours.add(batch) }
            return (expected, ours)
        }
        #expect(ours == expected)

        let output = try await PythonRunner.run("large_file.py", ["aggregate", path])
        let peers = try JSONDecoder().decode([String: Aggregates].self, from: output)
        #expect(peers["pyarrow"] == expected)
        #expect(peers["duckdb"] == expected)
    }

    @Test func fiveMillionRowsWrittenByPyarrowReadIdenticallyByOutflow() async throws {
        let dir = try PythonRunner.temporaryDirectory("large")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/pyarrow.parquet"
        let output = try await PythonRunner.run("large_file.py", ["write", path, String(Self.rowCount)])
        let expected = try JSONDecoder().decode(Aggregates.self, from: output)
        let reader = try ParquetReader(path: path)
        #expect(reader.rowGroupCount == 2)
        let ours = try await DedicatedThread.run { () throws -> Aggregates in
            var ours = Aggregates()
            for index in 0..<reader.rowGroupCount { ours.add(try reader.readRowGroup(index)) }
            return ours
        }
        #expect(ours == expected)
        #expect(ours.rows == Self.rowCount)
    }
}
