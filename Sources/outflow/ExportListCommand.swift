import ArgumentParser
import Exports
import Foundation

/// `outflow export list`: every flow with its last run.
struct ExportListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List export flows and their last run.")

    @OptionGroup var common: CommonOptions

    @Flag(help: "Print JSON on stdout.")
    var json = false

    struct Row: Encodable {
        var id: String
        var name: String
        var state: String
        var exportMode: String
        var lastRun: ExportRun?
    }

    func run() async throws {
        let context = try ExportContext(common: common)
        let store = context.store
        let flows = try await CLIFailure.awaiting { () async throws(ExportsError) in try await store.flows() }
        var rows: [Row] = []
        for flow in flows.sorted(by: { $0.name < $1.name }) {
            let last = try await context.runs(of: flow.id).last
            rows.append(
                Row(
                    id: flow.id, name: flow.name, state: flow.enabled ? "enabled" : "disabled",
                    exportMode: flow.scheduleParams.exportMode.rawValue,
                    lastRun: last))
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(rows), as: UTF8.self))
            return
        }
        if rows.isEmpty { print("no flows") }
        for row in rows {
            let last = row.lastRun.map {
                "\($0.status.rawValue) \(ExportContext.time($0.completedAt ?? $0.startedAt)) run \($0.id)"
            }
            print("\(row.id)  \(row.state)  \(last ?? "never run")  \(row.name)")
        }
    }
}
