import ArgumentParser
import Destinations
import Exports
import Foundation
import Lake
import Logging
import OutflowServer

/// `outflow export`: creates and runs dataset-export flows from the command line, lists flows and runs.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export datasets to a local folder or the Data Landing Zone (Flow Service flows and runs).",
        discussion: """
            Exit codes: 0 ok, 1 the run failed (its errors on stderr), 2 usage error, 3 rejected (a run of the \
            flow is in progress), 4 dataset, flow or run not found.
            """,
        subcommands: [ExportRunCommand.self, ExportListCommand.self, ExportRunsCommand.self, ExportRetryCommand.self]
    )
}

/// What every `export` subcommand opens: the composition root's services (the lake, the export store and the
/// runner, with the same retry policy and destination fault hook (`OUTFLOW_EXPORT_FAULT`) as `serve`).
struct ExportContext {
    let configuration: OutflowConfiguration
    let logger: Logger
    let services: OutflowServices
    var lake: Lake { services.lake }
    var store: any FlowStore { services.store }
    var runner: ExportRunner { services.runner }

    init(common: CommonOptions) throws {
        configuration = common.configuration()
        if let unknown = configuration.unknownExportFault {
            CLIFailure.printError(
                "error: OUTFLOW_EXPORT_FAULT '\(unknown)' is not one of \(ExportFault.names.joined(separator: ", "))"
                    + " (OUTFLOW_EXPORT_FAULT_AT must be a number >= 1,"
                    + " or for hold-mid-file an absolute path)")
            throw ExitCode(2)
        }
        logger = common.logger(configuration)
        let lake = try common.openLake(configuration, logger: logger)
        let (configuration, logger) = (configuration, logger)
        services = try CLIFailure.mapping { () throws(ExportsError) in
            try OutflowServices(lake: lake, configuration: configuration, logger: logger)
        }
    }
}

extension CLIFailure {
    /// The exit code for an Exports error: 2 bad option value, 4 not found, 3 conflict, 1 otherwise.
    static func exitCode(for error: ExportsError) -> ExitCode {
        switch error.code {
        case .invalidField: return ExitCode(2)
        case .notFound: return notFound
        case .conflict: return rejected
        case .destination, .lake, .encoding: return .failure
        }
    }

    /// Runs `body`, printing an Exports error to stderr and exiting with its code.
    static func mapping<T>(_ body: () throws(ExportsError) -> T) throws -> T {
        do {
            return try body()
        } catch {
            printError("error: \(error.message)" + (error.field.map { " (\($0))" } ?? ""))
            throw exitCode(for: error)
        }
    }

    /// The asynchronous form of `mapping`.
    static func awaiting<T>(_ body: () async throws(ExportsError) -> T) async throws -> T {
        do {
            return try await body()
        } catch {
            printError("error: \(error.message)" + (error.field.map { " (\($0))" } ?? ""))
            throw exitCode(for: error)
        }
    }
}

extension ExportContext {
    /// The absolute folder a flow's destination paths are relative to (local folder or Landing Zone), or nil.
    func rootFolder(of flow: Flow) async -> String? {
        guard let target = try? await store.targetConnection(id: flow.targetConnectionId),
            let base = try? await store.baseConnection(id: target.baseConnectionId)
        else { return nil }
        switch base.connectionSpecId.lowercased() {
        case ConnectionSpecCatalog.localFolder: return target.path
        case ConnectionSpecCatalog.dataLandingZone:
            return lake.layout.landingZoneRoot + "/" + LandingZoneDestination.defaultContainer
        default: return nil
        }
    }

    /// The flow with `id`, or exit 4.
    func requireFlow(_ id: String) async throws -> Flow {
        let store = store
        guard
            let flow = try await CLIFailure.awaiting({ () async throws(ExportsError) in try await store.flow(id: id) })
        else {
            CLIFailure.printError("error: flow '\(id)' does not exist")
            throw CLIFailure.notFound
        }
        return flow
    }

    /// The runs of a flow, oldest first.
    func runs(of flowId: String) async throws -> [ExportRun] {
        let store = store
        return try await CLIFailure.awaiting { () async throws(ExportsError) in try await store.runs(flowId: flowId) }
            .sorted { ($0.createdAt, $0.startedAt, $0.id) < ($1.createdAt, $1.startedAt, $1.id) }
    }

    /// Epoch milliseconds as ISO 8601 UTC, or "-".
    static func time(_ milliseconds: Int64?) -> String {
        guard let milliseconds, milliseconds > 0 else { return "-" }
        return ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: Double(milliseconds) / 1_000))
    }
}
