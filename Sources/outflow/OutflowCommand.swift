import ArgumentParser
import Foundation
import Parquet

/// `outflow`: the Outflow data platform's command line.
@main
struct OutflowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "outflow",
        abstract: "Outflow: a self-hosted data lake with AEP-style catalog, batch ingestion and exports.",
        discussion: """
            Exit codes: 0 ok, 1 runtime error, 2 usage error, 3 rejected input, 4 not found.
            Every command takes --data-dir (default ./.outflow, or env OUTFLOW_DATA_DIR).
            """,
        subcommands: [
            ServeCommand.self, DemoCommand.self, DatasetCommand.self, IngestCommand.self, ExportCommand.self,
            ParquetCommand.self, SecretsCommand.self, QueryCommand.self, ReportCommand.self, DataViewCommand.self,
            ConnectionCommand.self, SegmentCommand.self, CalculatedMetricCommand.self,
            BenchCommand.self,
        ]
    )

    /// Runs the command, reporting usage errors with exit code 2 (ArgumentParser's own is 64).
    static func main() async {
        // Keep freed column buffers for the next row group (see AllocatorTuning); OUTFLOW_KEEP_FREED_MEMORY=0 opts out.
        if ProcessInfo.processInfo.environment["OUTFLOW_KEEP_FREED_MEMORY"] != "0" {
            AllocatorTuning.keepFreedMemoryForReuse()
        }
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            if exitCode(for: error) == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}
