import ArgumentParser
import Codecs
import Foundation
import Parquet

extension ParquetCommand {
    /// `outflow parquet rewrite IN OUT`: reads with Outflow's reader and writes with Outflow's writer,
    /// one row group at a time, keeping every value and the schema.
    struct Rewrite: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Rewrite a Parquet file with Outflow's writer (codec, dictionary, row-group size).",
            discussion: """
                The output is written to a temporary name and renamed into place, so OUT is either the old
                file or the complete new one. Exit 3 when IN is not valid Parquet, 4 when it does not exist.
                """
        )

        @Argument(help: "Input Parquet file.") var input: String
        @Argument(help: "Output Parquet file.") var output: String
        @Option(help: "none, snappy, gzip or zstd.") var codec: String = "zstd"
        @Option(help: "on or off.") var dictionary: String = "on"
        @Option(name: .customLong("row-group-mib"), help: "Target row-group size in MiB.") var rowGroupMiB: Int = 128

        func validate() throws {
            guard CompressionCodec(rawValue: codec) != nil else {
                throw ValidationError("--codec must be none, snappy, gzip or zstd")
            }
            guard dictionary == "on" || dictionary == "off" else {
                throw ValidationError("--dictionary must be on or off")
            }
            guard (1...1024).contains(rowGroupMiB) else { throw ValidationError("--row-group-mib must be 1...1024") }
        }

        func run() async throws {
            try ParquetCommand.requireFile(input)
            let temporary = output + ".tmp-\(UUID().uuidString)"
            do {
                let reader = try ParquetReader(path: input)
                let options = ParquetWriter.Options(
                    rowGroupBytes: rowGroupMiB << 20, codec: CompressionCodec(rawValue: codec) ?? .zstd,
                    dictionary: dictionary == "on")
                let sink = try FileSink(path: temporary)
                let writer = try ParquetWriter(sink: sink, schema: reader.schema, options: options)
                for group in 0..<reader.rowGroupCount {
                    try await writer.write(try reader.readRowGroup(group))
                }
                let summary = try await writer.close()
                try sink.close(sync: true)
                if rename(temporary, output) != 0 {
                    throw FileIOError(path: output, operation: "rename", errno: errno)
                }
                print(
                    "\(output): \(summary.rowCount) rows, \(summary.rowGroups) row groups, \(summary.bytesWritten) bytes"
                )
            } catch {
                try? FileManager.default.removeItem(atPath: temporary)
                CLIFailure.printError("error: \(input): \(error)")
                throw error is FileIOError ? ExitCode.failure : CLIFailure.rejected
            }
        }
    }
}
