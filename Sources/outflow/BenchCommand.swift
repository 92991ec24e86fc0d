import ArgumentParser
import Codecs
import Columnar
import Foundation
import Parquet

/// `outflow bench`: measures Outflow's own encoders and reader on given Parquet input, for the
/// comparison scripts in Benchmarks/ (which time DuckDB, pyarrow and polars on the same rows).
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure Parquet/NDJSON writing, Parquet reading, whole exports and S3 uploads.",
        subcommands: [Write.self, Read.self, Export.self, S3Put.self]
    )

    struct Write: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Load FILEs into memory, then time writing their rows; prints one JSON line.")

        @Option(help: "parquet or ndjson.") var format: String = "parquet"
        @Option(help: "none, snappy, gzip or zstd.") var codec: String = "zstd"
        @Option(help: "Writer tasks; rows are split between that many output files.") var threads: Int = 1
        @Option(help: "Folder for the output files (default: a new temp folder, removed afterwards).")
        var outDir: String?
        @Argument(help: "Input Parquet files.") var files: [String]

        func run() async throws {
            guard let codec = CompressionCodec(rawValue: codec) else {
                throw ValidationError("unknown codec \(self.codec)")
            }
            guard format == "parquet" || format == "ndjson" else { throw ValidationError("unknown format \(format)") }
            let batches = try files.flatMap { try ParquetReader(path: $0).readAll() }
            let rows = batches.reduce(0) { $0 + $1.rowCount }
            let folder = outDir ?? NSTemporaryDirectory() + "outflow-bench-\(UUID().uuidString)"
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            defer { if outDir == nil { try? FileManager.default.removeItem(atPath: folder) } }
            let groups = (0..<max(1, threads)).map { t in
                stride(from: t, to: batches.count, by: max(1, threads)).map { batches[$0] }
            }
            let format = format
            let clock = ContinuousClock()
            let start = clock.now
            let bytes = try await withThrowingTaskGroup(of: Int.self) { group in
                for (index, part) in groups.enumerated() where !part.isEmpty {
                    let path = "\(folder)/part-\(index).\(format == "parquet" ? "parquet" : "json")"
                    group.addTask { try Self.write(part, to: path, format: format, codec: codec) }
                }
                return try await group.reduce(0, +)
            }
            let seconds = (clock.now - start).seconds
            print(
                BenchResult(
                    tool: "outflow", operation: "write-\(format)-\(codec.rawValue)", threads: threads,
                    rows: rows, bytes: bytes, seconds: seconds
                ).json)
        }

        static func write(_ batches: [ColumnBatch], to path: String, format: String, codec: CompressionCodec) throws
            -> Int
        {
            guard let schema = batches.first?.schema else { return 0 }
            let sink = try FileSink(path: path)
            if format == "parquet" {
                let writer = try ParquetWriter(sink: sink, schema: schema, options: .init(codec: codec))
                for batch in batches { try writer.write(batch) }
                _ = try writer.close()
            } else {
                let writer = try NDJSONWriter(sink: sink, schema: schema, compression: codec)
                for batch in batches { try writer.write(batch) }
                _ = try writer.close()
            }
            try sink.close(sync: false)
            return sink.bytesWritten
        }
    }

    struct Read: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Time reading FILEs (optionally a projection).")

        @Option(help: "Comma-separated top-level columns (default: all).") var columns: String?
        @Option(help: "Reader tasks; files are split between them.") var threads: Int = 1
        @Argument(help: "Parquet files.") var files: [String]

        func run() async throws {
            let projection = columns.map { $0.split(separator: ",").map(String.init) }
            let tasks = max(1, threads)
            let files = files
            let clock = ContinuousClock()
            let start = clock.now
            let (rows, bytes) = try await withThrowingTaskGroup(of: (Int, Int).self) { group in
                for t in 0..<tasks {
                    let mine = stride(from: t, to: files.count, by: tasks).map { files[$0] }
                    group.addTask { try Self.read(mine, columns: projection) }
                }
                var total = (0, 0)
                for try await (rows, bytes) in group { total = (total.0 + rows, total.1 + bytes) }
                return total
            }
            let seconds = (clock.now - start).seconds
            print(
                BenchResult(
                    tool: "outflow", operation: "read", threads: tasks, rows: rows, bytes: bytes, seconds: seconds
                ).json)
        }

        /// Reads `files` one after the other; returns rows and file bytes.
        static func read(_ files: [String], columns: [String]?) throws -> (Int, Int) {
            var rows = 0
            var bytes = 0
            for file in files {
                let reader = try ParquetReader(path: file)
                for batch in try reader.readAll(columns: columns) { rows += batch.rowCount }
                bytes += (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
            }
            return (rows, bytes)
        }
    }
}

/// One measurement, printed as a JSON line.
struct BenchResult: Encodable {
    var tool: String
    var operation: String
    var threads: Int
    var rows: Int
    var bytes: Int
    var seconds: Double

    var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}

extension Duration {
    var seconds: Double {
        let (s, attos) = components
        return Double(s) + Double(attos) / 1e18
    }
}
