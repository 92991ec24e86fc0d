import Destinations
import Exports
import Foundation
import HTTPTypes
import HummingbirdTesting
import Lake
import Testing

@testable import OutflowServer

/// Local-folder targets are confined to the export roots (SECURITY.md, "Local-folder destination").
@Suite struct LocalFolderRootsTests {
    typealias Calls = FlowServiceCalls

    @Test("a target path in the lake folder or outside the roots is 400 naming params.path, at creation and test")
    func pathsOutsideTheRootsAreRefused() async throws {
        let fixture = try FlowServiceTestServer(rows: 1)
        let lakeFolder = fixture.server.lake.layout.lakeRoot + "/prod"
        let outside = fixture.server.directory.path + "-elsewhere"
        try await fixture.test { client in
            let base = try await Calls.baseConnection(client)
            for path in [lakeFolder, outside, fixture.server.lake.layout.root] {
                let body =
                    #"{"name": "dst", "baseConnectionId": "\#(base)", "connectionSpec": {"id": "\#(FlowServiceTestServer.localFolderSpec)"}, "params": {"path": "\#(path)", "datasetFileType": "JSON"}}"#
                let (status, problem) = try await Calls.post(client, "/targetConnections", body)
                #expect(status == .badRequest, "\(path)")
                #expect(problem["field"] as? String == "params.path")
                #expect((problem["detail"] as? String)?.contains("OUTFLOW_EXPORT_ROOTS") == true)
                let (testStatus, testProblem) = try await Calls.post(
                    client, "/connections/\(base)/test", #"{"params": {"path": "\#(path)"}}"#)
                #expect(testStatus == .badRequest && testProblem["field"] as? String == "params.path")
            }
            let inside = fixture.exportDirectory.path + "/team"
            _ = try await Calls.targetConnection(client, baseId: base, path: inside)
        }
        #expect(!FileManager.default.fileExists(atPath: lakeFolder + "/.outflow-probe"))
        #expect(!FileManager.default.fileExists(atPath: outside))
    }

    @Test("a run whose folder became a link out of the root fails with a permission error")
    func aRunThroughALinkFails() async throws {
        let fixture = try FlowServiceTestServer(rows: 3)
        let folder = fixture.exportDirectory.path + "/out"
        let datasetId = fixture.datasetId
        let lake = fixture.server.lake.layout.lakeRoot
        try await fixture.test { client in
            let source = try await Calls.sourceConnection(client, datasetId: datasetId)
            let target = try await Calls.targetConnection(
                client, baseId: try await Calls.baseConnection(client), path: folder, fileType: "JSON")
            let (_, flow) = try await Calls.post(
                client, "/flows", Calls.flowBody(source: source, target: target, schedule: Calls.hourly))
            // After the target was accepted, its folder becomes a link into the lake.
            try FileManager.default.createSymbolicLink(atPath: folder, withDestinationPath: lake)
            let (_, started) = try await Calls.post(client, "/flows/\(flow["id"] as? String ?? "")/runs", "{}")
            let run = try await FlowServiceRoutesTests.waitForFinalRun(client, started["id"] as? String ?? "")
            #expect(run["status"] as? String == "failed")
            let errors = (run["errors"] as? [[String: Any]] ?? []).compactMap { $0["message"] as? String }
            #expect(errors.contains { $0.contains("symbolic link") && $0.contains("permission denied") }, "\(run)")
        }
        let lakeEntries = try FileManager.default.subpathsOfDirectory(atPath: lake)
        #expect(!lakeEntries.contains { $0.contains("exportTime=") || $0.contains("outflow-tmp") })
    }

    @Test("export roots overlapping the data directory stop the start (exit 2); the default is <data>/exports")
    func rootsOverlappingTheDataDirectoryAreAConfigurationError() throws {
        let directory = TemporaryDirectory()
        var configuration = OutflowConfiguration(dataDirectory: directory.path + "/data")
        let layout = configuration.layout
        #expect(try configuration.localFolderPolicy().roots == [layout.exportsRoot])
        for bad in [layout.root, directory.path, layout.lakeRoot, layout.root + "/catalog.sqlite", "relative/out"] {
            configuration.exportRoots = bad
            let error = #expect(throws: ExportsError.self, "\(bad)") { _ = try configuration.localFolderPolicy() }
            #expect(error?.code == .invalidField && error?.field == LocalFolderPolicy.setting)
        }
        configuration.exportRoots = "\(directory.path)/a, \(layout.exportsRoot)/team"
        #expect(try configuration.localFolderPolicy().roots == [directory.path + "/a", layout.exportsRoot + "/team"])
    }
}
