import Destinations
import Exports
import Testing

@testable import HTTPAPI
@testable import OutflowServer

@Suite("Export fault knobs")
struct ExportFaultConfigurationTests {
    @Test(
        "OUTFLOW_EXPORT_FAULT and OUTFLOW_EXPORT_FAULT_AT parse into a fault",
        arguments: [
            ("kill-mid-file", nil, ExportFault.killMidFile(n: 1)), ("kill-mid-file", "3", .killMidFile(n: 3)),
            ("kill-mid-file", "", .killMidFile(n: 1)), ("kill-mid-manifest", nil, .killMidManifest),
            ("fail-every-2nd-write", nil, .failEverySecondWrite),
        ] as [(String, String?, ExportFault)])
    func knownFaults(name: String, at: String?, fault: ExportFault) {
        var environment = ["OUTFLOW_EXPORT_FAULT": name]
        environment["OUTFLOW_EXPORT_FAULT_AT"] = at
        let configuration = OutflowConfiguration.resolve(environment: environment)
        #expect(configuration.exportFault == fault)
        #expect(configuration.unknownExportFault == nil)
    }

    @Test(
        "an unknown fault name or a bad position is reported, never silently ignored",
        arguments: [("kill-everything", nil), ("kill-mid-file", "0"), ("kill-mid-file", "two")] as [(String, String?)])
    func unknownFaults(name: String, at: String?) {
        var environment = ["OUTFLOW_EXPORT_FAULT": name]
        environment["OUTFLOW_EXPORT_FAULT_AT"] = at
        let configuration = OutflowConfiguration.resolve(environment: environment)
        #expect(configuration.exportFault == nil)
        #expect(configuration.unknownExportFault == name)
    }

    @Test("no knob means no fault and full-size files")
    func defaults() {
        let configuration = OutflowConfiguration.resolve(environment: [:])
        #expect(configuration.exportFault == nil && configuration.unknownExportFault == nil)
        #expect(configuration.exportExecutorConfiguration.bytesPerMiB == 1 << 20)
        let shrunk = OutflowConfiguration.resolve(environment: ["OUTFLOW_EXPORT_BYTES_PER_MIB": "4096"])
        #expect(shrunk.exportExecutorConfiguration.bytesPerMiB == 4_096)
    }

    @Test("each fault wraps the destination in the matching fault wrapper")
    func wrapping() throws {
        let base = try LocalFolderDestination(root: "/tmp/outflow-fault-wrap-test")
        #expect(ExportFault.killMidFile(n: 2).wrap(base) is ProcessFaultDestination)
        #expect(ExportFault.killMidManifest.wrap(base) is ProcessFaultDestination)
        #expect(ExportFault.failEverySecondWrite.wrap(base) is FaultInjectingDestination)
        #expect(Optional<ExportFault>.none.destinationWrapper(base) is LocalFolderDestination)
        #expect(base.id == ExportFault.killMidManifest.wrap(base).id)
    }
}
