import ArgumentParser
import Exports
import Foundation

/// `outflow export retry <runId>`: re-executes a failed, interrupted or queued run under the same id (same folder
/// and file names).
struct ExportRetryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retry",
        abstract: "Retry a failed or interrupted run under the same id (same folder, same file names).")

    @OptionGroup var common: CommonOptions

    @Argument(help: "Run id.")
    var runId: String

    @Flag(help: "Print the run summary as JSON on stdout.")
    var json = false

    func run() async throws {
        let context = try ExportContext(common: common)
        let store = context.store
        let id = runId
        let found = try await CLIFailure.awaiting { () async throws(ExportsError) in try await store.run(id: id) }
        guard let existing = found else {
            CLIFailure.printError("error: run '\(id)' does not exist")
            throw CLIFailure.notFound
        }
        let flow = try await context.requireFlow(existing.flowId)
        let lock = try ExportFlowLock.acquire(context: context, flowId: flow.id)
        defer { lock.release() }
        guard existing.status != .success else {
            CLIFailure.printError("error: run \(id) is success; only failed runs are retried")
            throw CLIFailure.rejected
        }
        let driver = ExportRunDriver(context: context)
        let queued = existing.status == .queued ? existing : try await driver.resume(existing)
        let run = try await driver.drive(runId: queued.id, totalRows: nil)
        try await ExportRunReport(run: run, flow: flow, root: context.rootFolder(of: flow)).print(json: json)
        guard run.status == .success else { throw ExitCode.failure }
    }
}
