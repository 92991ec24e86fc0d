import ArgumentParser
import Foundation
import Journey

/// `outflow calculatedmetric list|create`: the sandbox's calculated metrics (CJA's shape); a report names one by its
/// id (`outflow report --metric cm_…`).
struct CalculatedMetricCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calculatedmetric", abstract: "Journey calculated metrics (formulas over a data view's metrics).",
        subcommands: [List.self, Create.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the sandbox's calculated metrics.")

        @OptionGroup var common: CommonOptions

        func run() async throws {
            try await JourneyListing.run(
                common, header: ["ID", "NAME", "DATA VIEW", "VERSION", "TYPE"],
                { journey, sandbox async throws(JourneyError) in try await journey.calculatedMetrics(sandbox: sandbox) }
            ) { metric in
                [metric.id, metric.name, metric.dataId, String(metric.version), metric.type.rawValue]
            }
        }
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a calculated metric from a JSON file in CJA's shape; prints its id.",
            discussion: """
                The file holds {"name": …, "dataId": "<data view id or name>", "definition": {"formula": {…}}}; \
                errors name the formula's path (exit 3 invalid, 4 not found).
                """)

        @OptionGroup var common: CommonOptions

        @Option(help: "The JSON file.")
        var file: String

        func run() async throws {
            let journey = try common.journeyService()
            let sandbox = common.sandbox
            let path = file
            let created = try await CLIFailure.mapping { () async throws(JourneyError) in
                let draft = try await journey.calculatedMetricDraft(file: path)
                return try await journey.createCalculatedMetric(draft.metric, sandbox: sandbox)
            }
            print(created.id)
        }
    }
}
