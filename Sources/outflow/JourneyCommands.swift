import ArgumentParser
import Exports
import Foundation
import Journey
import Lake
import Logging
import OutflowServer

extension CommonOptions {
    /// The journey service of the configured data directory (`OutflowServices.journey()`); bootstraps logging, so
    /// a command that already did passes its lake.
    func journeyService() throws -> JourneyService {
        let configuration = self.configuration()
        let logger = self.logger(configuration)
        return try journeyService(lake: try openLake(configuration, logger: logger), logger: logger)
    }

    /// The journey service on an opened lake.
    func journeyService(lake: Lake, logger: Logger) throws -> JourneyService {
        let configuration = self.configuration()
        let services = try CLIFailure.mapping { () throws(ExportsError) in
            try OutflowServices(lake: lake, configuration: configuration, logger: logger)
        }
        return try CLIFailure.mapping { () throws(LakeError) in try services.journey() }
    }
}

/// `outflow connection list`: the sandbox's CJA connections.
struct ConnectionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "connection", abstract: "Journey connections (datasets combined for reports).",
        subcommands: [List.self, Replay.self, Forget.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the sandbox's connections.")

        @OptionGroup var common: CommonOptions

        func run() async throws {
            try await JourneyListing.run(
                common, header: ["ID", "NAME", "VERSION", "DATASETS"],
                { journey, sandbox async throws(JourneyError) in try await journey.connections(sandbox: sandbox) }
            ) { connection in
                [
                    connection.id, connection.name, String(connection.version),
                    connection.dataSets.map { "\($0.datasetId) (\($0.type.rawValue))" }.joined(separator: ", "),
                ]
            }
        }
    }
}

/// `outflow dataview list`: the sandbox's CJA data views.
struct DataViewCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dataview", abstract: "Journey data views (components reports use).", subcommands: [List.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the sandbox's data views.")

        @OptionGroup var common: CommonOptions

        func run() async throws {
            try await JourneyListing.run(
                common, header: ["ID", "NAME", "CONNECTION", "VERSION", "DIMENSIONS", "METRICS"],
                { journey, sandbox async throws(JourneyError) in try await journey.dataViews(sandbox: sandbox) }
            ) { view in
                [
                    view.id, view.name, view.parentDataGroupId, String(view.version),
                    view.dimensions.map(\.id).joined(separator: ","), view.metrics.map(\.id).joined(separator: ","),
                ]
            }
        }
    }
}

/// The `list` commands: the sandbox's definitions as left-aligned columns separated by two spaces.
enum JourneyListing {
    /// Prints `header` and a line per item `fetch` returns.
    static func run<Item>(
        _ common: CommonOptions, header: [String],
        _ fetch: (JourneyService, String) async throws(JourneyError) -> [Item], line: (Item) -> [String]
    ) async throws {
        let journey = try common.journeyService()
        let sandbox = common.sandbox
        let items = try await CLIFailure.mapping { () async throws(JourneyError) in try await fetch(journey, sandbox) }
        print(render(header, items.map(line)))
    }

    static func render(_ header: [String], _ lines: [[String]]) -> String {
        let rows = [header] + lines
        let widths = header.indices.map { index in rows.map { $0[index].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { index, field in
                index == row.count - 1 ? field : field.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }
}
