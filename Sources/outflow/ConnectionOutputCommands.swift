import ArgumentParser
import Exports
import Foundation
import Journey
import Lake
import OutflowServer

extension CommonOptions {
    /// The journey service and its outputs (replay runs, privacy deletions, report exports) of the configured data
    /// directory.
    func journeyOutputs() throws -> (JourneyService, JourneyOutputs) {
        let configuration = self.configuration()
        let logger = self.logger(configuration)
        let lake = try openLake(configuration, logger: logger)
        let services = try CLIFailure.mapping { () throws(ExportsError) in
            try OutflowServices(lake: lake, configuration: configuration, logger: logger)
        }
        let journey = try CLIFailure.mapping { () throws(LakeError) in try services.journey() }
        let outputs = try CLIFailure.mapping { () throws(LakeError) in try services.journeyOutputs(journey: journey) }
        return (journey, outputs)
    }
}

extension ConnectionCommand {
    /// `outflow connection replay <id>`: replays the connection's stitching now and writes its stitched datasets.
    struct Replay: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Replay a stitched connection now: restitch every event and write its stitched dataset(s).",
            discussion: """
                Prints the run's id, status, counts and the stitched datasets (each also readable as the view \
                <connection>_stitched). Exit 1 when the run fails, 3 without stitching settings, 4 unknown id.
                """)

        @OptionGroup var common: CommonOptions

        @Argument(help: "The connection's id (dg_…).")
        var id: String

        func run() async throws {
            let (_, outputs) = try common.journeyOutputs()
            let sandbox = common.sandbox
            let bar = ProgressBar(label: "replay")
            let run = try await CLIFailure.mapping { () async throws(JourneyError) in
                try await outputs.stitching.replay(connectionId: id, sandbox: sandbox) { run in
                    bar.update(
                        done: Int64(run.progress.eventsWritten), total: Int64(run.progress.eventsRead), unit: "events")
                }
            }
            bar.finish()
            var lines = [
                "run \(run.id) \(run.status.rawValue): \(run.progress.eventsRead) events read, "
                    + "\(run.progress.eventsWritten) written"
            ]
            for dataset in run.stitchedDataSets {
                lines.append("stitched dataset \(dataset.name) (\(dataset.datasetId)), view \(dataset.view)")
            }
            FileHandle.standardOutput.write(Data((lines.joined(separator: "\n") + "\n").utf8))
            if run.status == .failed {
                CLIFailure.printError("error: \(run.error ?? "the run failed")")
                throw ExitCode.failure
            }
        }
    }

    /// `outflow connection forget <id> --transient-id X`: a privacy deletion.
    struct Forget: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Forget a person of a stitched connection by transient id (a privacy deletion).",
            discussion: """
                From now on reports treat the transient id as unknown (its events revert to their device id); the \
                next replay rewrites the stitched dataset without it.
                """)

        @OptionGroup var common: CommonOptions

        @Argument(help: "The connection's id (dg_…).")
        var id: String

        @Option(name: .customLong("transient-id"), help: "The person's transient id (login, CRM id).")
        var transientId: String

        func run() async throws {
            let (_, outputs) = try common.journeyOutputs()
            let sandbox = common.sandbox
            let deletion = try await CLIFailure.mapping { () async throws(JourneyError) in
                try await outputs.stitching.forget(connectionId: id, sandbox: sandbox, transientId: transientId)
            }
            FileHandle.standardOutput.write(Data("privacy deletion \(deletion.id) recorded\n".utf8))
        }
    }
}

/// `outflow report … --save-as NAME`: CJA's full-table export into a dataset.
enum ReportSaving {
    static func save(_ request: ReportRequest, as name: String, common: CommonOptions) async throws {
        let (_, outputs) = try common.journeyOutputs()
        let sandbox = common.sandbox
        let export = try await CLIFailure.mapping { () async throws(JourneyError) in
            try await outputs.reports.export(request, name: name, sandbox: sandbox)
        }
        let line =
            "saved \(export.rowCount) rows as dataset \(export.name) (\(export.datasetId)): "
            + export.columns.joined(separator: ", ") + "\n"
        FileHandle.standardOutput.write(Data(line.utf8))
    }
}
