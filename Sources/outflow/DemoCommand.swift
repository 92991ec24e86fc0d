import ArgumentParser
import Demo
import Foundation
import Journey
import Lake
import Logging
import OutflowServer

/// `outflow demo`: creates the demo datasets and fills them with generated data.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Create the demo datasets (web_events, customer_profiles, product_catalog) and generate data.",
        discussion: """
            Events are deterministic for a seed. If the demo datasets already exist the command prints their \
            summary and exits 0; --force deletes and regenerates them. Either way the journey connection and data \
            view named 'demo' are created (or brought back to their definitions), so 'outflow report --data-view \
            demo ...' runs at once.
            """
    )

    @OptionGroup var common: CommonOptions

    @Option(help: "Number of web events to generate.")
    var events: Int = 1_000_000

    @Option(help: "Random seed; the same seed gives the same data.")
    var seed: UInt64 = 42

    @Flag(help: "Delete and regenerate existing demo datasets.")
    var force = false

    func validate() throws {
        guard events >= 0 else { throw ValidationError("--events must be >= 0") }
    }

    func run() async throws {
        let configuration = common.configuration()
        let logger = common.logger(configuration)
        let lake = try common.openLake(configuration, logger: logger)
        let loader = DemoLoader(lake: lake, sandbox: common.sandbox)
        let existing = try CLIFailure.mapping { () throws(LakeError) in try loader.existingDatasets() }
        if !existing.isEmpty, !force {
            print("Demo datasets already exist in sandbox '\(common.sandbox)' (use --force to regenerate).")
            let summary = try CLIFailure.mapping { () throws(LakeError) in try loader.currentSummary() }
            print(Self.render(summary))
            try await installJourney(lake: lake, logger: logger)
            return
        }
        let bar = ProgressBar(label: "demo")
        let total = Int64(events)
        let summary: DemoSummary
        do {
            summary = try await loader.load(events: events, seed: seed) { written in
                bar.update(done: Int64(written), total: total, unit: "events")
            }
        } catch let error as LakeError {
            bar.finish()
            CLIFailure.printError("error: \(error)")
            throw CLIFailure.exitCode(for: error)
        }
        bar.finish()
        print(Self.render(summary))
        try await installJourney(lake: lake, logger: logger)
    }

    /// The demo connection and data view (`DemoJourney`), idempotent.
    func installJourney(lake: Lake, logger: Logger) async throws {
        let journey = try common.journeyService(lake: lake, logger: logger)
        let sandbox = common.sandbox
        let (connection, view) = try await CLIFailure.mapping { () async throws(JourneyError) in
            try await DemoJourney.install(on: journey, sandbox: sandbox)
        }
        print("connection: \(connection.name) \(connection.id) (version \(connection.version))")
        print("data view: \(view.name) \(view.id) (version \(view.version))")
    }

    static func render(_ summary: DemoSummary) -> String {
        var lines = [
            "DATASET".padding(toLength: 20, withPad: " ", startingAt: 0) + " "
                + "ID".padding(toLength: 24, withPad: " ", startingAt: 0)
                + " " + "ROWS".leftPadded(12) + " " + "BATCHES".leftPadded(8)
        ]
        for line in summary.datasets {
            lines.append(
                line.name.padding(toLength: 20, withPad: " ", startingAt: 0) + " " + line.id + " "
                    + String(line.rows).leftPadded(12) + " " + String(line.batches).leftPadded(8)
            )
        }
        lines.append("datasets: \(summary.datasets.count)")
        lines.append("batches: \(summary.datasets.reduce(0) { $0 + $1.batches })")
        if summary.eventsGenerated > 0 {
            lines.append("events: \(summary.eventsGenerated)")
            lines.append(
                String(format: "elapsed: %.2f s (%.0f events/s)", summary.elapsedSeconds, summary.eventsPerSecond))
        }
        return lines.joined(separator: "\n")
    }
}

extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
