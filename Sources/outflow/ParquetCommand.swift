import ArgumentParser
import Foundation
import Parquet

/// `outflow parquet`: looks into Parquet files with Outflow's own reader.
struct ParquetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parquet",
        abstract: "Read Parquet files with Outflow's reader.",
        subcommands: [Inspect.self, Cat.self, Rewrite.self]
    )

    struct Inspect: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Describe a Parquet file: schema, row groups, column chunks, encodings, statistics.",
            discussion: "Exit 3 when the file is not valid Parquet, 4 when it does not exist."
        )

        @Argument(help: "Parquet file.")
        var file: String

        func run() async throws {
            try ParquetCommand.requireFile(file)
            do {
                print(try ParquetInspector.describe(path: file))
            } catch {
                CLIFailure.printError("error: \(file): \(error)")
                throw CLIFailure.rejected
            }
        }
    }

    struct Cat: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the rows of a Parquet file as NDJSON (nulls omitted, maps as objects).",
            discussion: "Exit 3 when the file is not valid Parquet, 4 when it does not exist."
        )

        @Argument(help: "Parquet file.")
        var file: String

        func run() async throws {
            try ParquetCommand.requireFile(file)
            do {
                let reader = try ParquetReader(path: file)
                let sink = StandardOutputSink()
                let writer = try NDJSONWriter(sink: sink, schema: reader.schema, omitNulls: true)
                for group in 0..<reader.rowGroupCount {
                    try await writer.write(try reader.readRowGroup(group))
                }
                _ = try writer.close()
            } catch let error as ParquetError {
                CLIFailure.printError("error: \(file): \(error)")
                throw CLIFailure.rejected
            } catch let error as NDJSONError {
                CLIFailure.printError("error: \(file): \(error)")
                throw CLIFailure.rejected
            }
        }
    }

    /// Exits with 4 (not found) when `path` does not exist.
    static func requireFile(_ path: String) throws {
        guard FileManager.default.fileExists(atPath: path) else {
            CLIFailure.printError("error: no such file '\(path)'")
            throw CLIFailure.notFound
        }
    }
}
