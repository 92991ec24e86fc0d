import ArgumentParser
import Exports

/// The CLI side of the per-flow export lock (`ExportFlowLocks`, shared with `outflow serve`): `export run` and
/// `export retry` hold it from before they look at the flow's runs until their run ends, so a `running` run they
/// find belongs to a dead process, and a server or another CLI exporting the flow is reported, not raced.
enum ExportFlowLock {
    /// Takes the flow's lock without waiting; exit 3 with "flow X is being exported by pid N" when it is held.
    static func acquire(context: ExportContext, flowId: String) throws -> ExportFlowLease {
        do throws(ExportsError) {
            return try context.runner.flowLocks.acquire(flowId: flowId)
        } catch {
            CLIFailure.printError("error: \(error.message)")
            throw CLIFailure.exitCode(for: error)
        }
    }
}
