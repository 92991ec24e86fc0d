import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Lake
import NIOCore
import Testing

@testable import HTTPAPI
@testable import OutflowServer

/// AEP's "Export datasets by using the Flow Service API" tutorial, replayed request by request with its bodies
/// verbatim (inline comments removed, as the tutorial says to; only ids substituted) against the Data Landing
/// Zone, ending with files and a manifest in the landing zone. The S3 replay against SeaweedFS is
/// `IntegrationTests/test_aep_tutorial.py`.
@Suite("AEP tutorial replay")
struct AEPTutorialReplayTests {
    typealias Calls = FlowServiceCalls

    static let dataLakeSpec = "23598e46-f560-407b-88d5-ea6207e49db0"
    static let landingZoneSpec = "10440537-2a7b-4583-ac39-ed38d4b848e8"

    static func sourceConnectionBody(datasetId: String) -> String {
        """
        {
          "name": "Connecting to Data Lake",
          "description": "Data Lake source connection to export datasets",
          "connectionSpec": {
            "id": "23598e46-f560-407b-88d5-ea6207e49db0",
            "version": "1.0"
          },
          "params": {
            "datasets": [
              {
                "dataSetId": "\(datasetId)",
                "name": "clicks"
              }
            ]
          }
        }
        """
    }

    static let baseConnectionBody = """
        {
          "name": "Data Landing Zone(DLZ) Base Connection"
        }
        """

    static func targetConnectionBody(baseId: String) -> String {
        """
        {
            "name": "Data Landing Zone Target Connection",
            "baseConnectionId": "\(baseId)",
            "params": {
                "mode": "Server-to-server",
                "path": "folder/subfolder",
                "compression": "NONE",
                "datasetFileType": "JSON"
            },
            "connectionSpec": {
                "id": "10440537-2a7b-4583-ac39-ed38d4b848e8",
                "version": "1.0"
            }
        }
        """
    }

    /// The dataflow as the tutorial first published it (no `exportMode`).
    static func flowBody(source: String, target: String) -> String {
        """
        {
            "name": "Activate datasets to a Data Landing Zone cloud storage destination",
            "description": "This operation creates a dataflow to export datasets to a Data Landing Zone cloud storage destination",
            "flowSpec": {
                "id": "cd2fc47e-e838-4f38-a581-8fff2f99b63a",
                "version": "1.0"
            },
            "sourceConnectionIds": [
                "\(source)"
            ],
            "targetConnectionIds": [
                "\(target)"
            ],
            "transformations": [],
            "scheduleParams": {
                "interval": 3,
                "timeUnit": "hour",
                "startTime": 1675901210
            }
        }
        """
    }

    /// The dataflow's `scheduleParams` as the tutorial shows them since September 2024 (its placeholder
    /// `DAILY_FULL_EXPORT or FIRST_FULL_THEN_INCREMENTAL` given as one quoted value, its second `interval` line for
    /// daily exports left out).
    static func currentFlowBody(source: String, target: String) -> String {
        """
        {
            "name": "Activate datasets to a Data Landing Zone cloud storage destination",
            "description": "This operation creates a dataflow to export datasets to a Data Landing Zone cloud storage destination",
            "flowSpec": {
                "id": "cd2fc47e-e838-4f38-a581-8fff2f99b63a",
                "version": "1.0"
            },
            "sourceConnectionIds": [
                "\(source)"
            ],
            "targetConnectionIds": [
                "\(target)"
            ],
            "transformations": [],
            "scheduleParams": {
                "exportMode": "FIRST_FULL_THEN_INCREMENTAL",
                "interval": 3,
                "timeUnit": "hour",
                "startTime": 1675901210,
                "endTime": 1975901210,
                "foldernameTemplate": "%DESTINATION%_%DATASET_ID%_%DATETIME(YYYYMMdd_HHmmss)%"
            }
        }
        """
    }

    static func created(_ result: (HTTPResponse.Status, [String: Any])) -> String {
        #expect(result.0 == .created, "\(result.1)")
        return result.1["id"] as? String ?? ""
    }

    @Test("the tutorial's requests export a dataset to the Data Landing Zone, files and manifest included")
    func landingZone() async throws {
        let fixture = try FlowServiceTestServer(rows: 7)
        let datasetId = fixture.datasetId
        let flowId = try await fixture.test { client in
            let (specStatus, spec) = try await Calls.get(client, "/connectionSpecs/\(Self.landingZoneSpec)")
            #expect(specStatus == .ok)
            #expect(Calls.items(spec).first?["name"] as? String == "Data Landing Zone")
            let (configsStatus, configs) = try await Calls.get(
                client,
                "/connectionSpecs/\(Self.dataLakeSpec)/configs?outputType=activationDatasets&outputField=datasets"
                    + "&start=0&limit=20&properties=name,state")
            #expect(configsStatus == .ok)
            #expect(Calls.items(configs).contains { $0["id"] as? String == datasetId })

            let source = Self.created(
                try await Calls.post(client, "/sourceConnections", Self.sourceConnectionBody(datasetId: datasetId)))
            let base = Self.created(try await Calls.post(client, "/connections", Self.baseConnectionBody))
            let (_, baseShown) = try await Calls.get(client, "/connections/\(base)")
            let baseSpec = Calls.items(baseShown).first?["connectionSpec"] as? [String: Any]
            #expect(baseSpec?["id"] as? String == Self.landingZoneSpec)
            let target = Self.created(
                try await Calls.post(client, "/targetConnections", Self.targetConnectionBody(baseId: base)))
            let flow = Self.created(
                try await Calls.post(client, "/flows", Self.flowBody(source: source, target: target)))
            let (_, flowShown) = try await Calls.get(client, "/flows/\(flow)")
            let schedule = Calls.items(flowShown).first?["scheduleParams"] as? [String: Any]
            #expect(schedule?["exportMode"] as? String == "FIRST_FULL_THEN_INCREMENTAL")

            // The scheduler runs the flow's latest due slot (the service's clock is past startTime).
            let run = try await Self.waitForRun(client, flowId: flow)
            #expect(run["status"] as? String == "success", "\(run)")
            let metrics = run["metrics"] as? [String: Any] ?? [:]
            #expect((metrics["recordSummary"] as? [String: Any])?["outputRecordCount"] as? Int == 7)
            return flow
        }
        let folder = fixture.server.lake.layout.landingZoneRoot + "/dlz-destination/folder/subfolder"
        let files = FileManager.default.enumerator(atPath: folder)?.allObjects as? [String] ?? []
        #expect(files.contains { $0.hasPrefix("\(datasetId)/exportTime=") && $0.hasSuffix(".json") }, "\(files)")
        #expect(files.contains { $0.contains("manifest-") && $0.hasSuffix(".json") }, "\(files)")
        #expect(!flowId.isEmpty)
    }

    @Test("the tutorial's current scheduleParams (exportMode, endTime, foldernameTemplate) are accepted")
    func currentScheduleParams() async throws {
        let fixture = try FlowServiceTestServer(rows: 1)
        let datasetId = fixture.datasetId
        try await fixture.test(serviceNow: 0) { client in
            let source = Self.created(
                try await Calls.post(client, "/sourceConnections", Self.sourceConnectionBody(datasetId: datasetId)))
            let base = Self.created(try await Calls.post(client, "/connections", Self.baseConnectionBody))
            let target = Self.created(
                try await Calls.post(client, "/targetConnections", Self.targetConnectionBody(baseId: base)))
            let flow = Self.created(
                try await Calls.post(client, "/flows", Self.currentFlowBody(source: source, target: target)))
            let (_, shown) = try await Calls.get(client, "/flows/\(flow)")
            let schedule = Calls.items(shown).first?["scheduleParams"] as? [String: Any]
            #expect(schedule?["endTime"] as? Int == 1_975_901_210)
            #expect(
                schedule?["foldernameTemplate"] as? String == "%DESTINATION%_%DATASET_ID%_%DATETIME(YYYYMMdd_HHmmss)%")
        }
    }

    @Test("a source connection names its datasets by dataSetId or id, and a problem names the key that was sent")
    func sourceConnectionShapes() async throws {
        let fixture = try FlowServiceTestServer(rows: 1)
        let datasetId = fixture.datasetId
        try await fixture.test(serviceNow: 0) { client in
            let byId = Self.created(
                try await Calls.post(
                    client, "/sourceConnections", #"{"params": {"datasets": [{"id": "\#(datasetId)"}]}}"#))
            let (_, shown) = try await Calls.get(client, "/sourceConnections/\(byId)")
            let params = Calls.items(shown).first?["params"] as? [String: Any]
            let datasets = params?["datasets"] as? [[String: Any]]
            #expect(datasets?.first?["dataSetId"] as? String == datasetId)
            #expect(datasets?.first?["id"] as? String == datasetId)

            let (unknown, problem) = try await Calls.post(
                client, "/sourceConnections", #"{"params": {"datasets": [{"dataSetId": "nope", "name": "x"}]}}"#)
            #expect(unknown == .badRequest)
            #expect(problem["field"] as? String == "params.datasets[0].dataSetId")
            let (missing, missingProblem) = try await Calls.post(
                client, "/sourceConnections", #"{"params": {"datasets": [{"name": "x"}]}}"#)
            #expect(missing == .badRequest)
            #expect(missingProblem["field"] as? String == "params.datasets[0].dataSetId")
            let (conflicting, _) = try await Calls.post(
                client, "/sourceConnections",
                #"{"params": {"datasets": [{"dataSetId": "\#(datasetId)", "id": "other"}]}}"#)
            #expect(conflicting == .badRequest)
        }
    }

    /// Polls `GET /runs?property=flowId==<flow>` (the tutorial's call) until the flow's run is final (60 s).
    static func waitForRun(_ client: some TestClientProtocol, flowId: String) async throws -> [String: Any] {
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            let (status, object) = try await Calls.get(client, "/runs?property=flowId==\(flowId)")
            #expect(status == .ok)
            if let run = Calls.items(object).first, let state = run["status"] as? String,
                state == "success" || state == "failed"
            {
                return run
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        Issue.record("flow \(flowId) has no finished run before the deadline")
        return [:]
    }
}
