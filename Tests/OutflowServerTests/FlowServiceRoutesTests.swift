import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Lake
import NIOCore
import Testing

@testable import HTTPAPI
@testable import OutflowServer

@Suite("Flow Service routes")
struct FlowServiceRoutesTests {
    typealias Calls = FlowServiceCalls

    @Test("the AEP tutorial sequence exports the dataset to a local folder with a manifest")
    func tutorialEndToEnd() async throws {
        let fixture = try FlowServiceTestServer(rows: 25)
        let folder = fixture.exportDirectory.path
        let datasetId = fixture.datasetId
        try await fixture.test { client in
            let (_, specs) = try await Calls.get(client, "/connectionSpecs")
            #expect(Calls.items(specs).contains { $0["id"] as? String == FlowServiceTestServer.localFolderSpec })
            let (status, configs) = try await Calls.get(
                client,
                "/connectionSpecs/23598e46-f560-407b-88d5-ea6207e49db0/configs?outputType=activationDatasets&outputField=datasets"
            )
            #expect(status == .ok)
            #expect(Calls.items(configs).map { $0["id"] as? String } == [datasetId])
            let source = try await Calls.sourceConnection(client, datasetId: datasetId)
            let base = try await Calls.baseConnection(client)
            let target = try await Calls.targetConnection(client, baseId: base, path: folder)
            let (flowStatus, flow) = try await Calls.post(
                client, "/flows", Calls.flowBody(source: source, target: target, schedule: Calls.hourly))
            #expect(flowStatus == .created)
            let flowId = flow["id"] as? String ?? ""
            let (runStatus, started) = try await Calls.post(client, "/flows/\(flowId)/runs", "{}")
            #expect(runStatus == .accepted)
            let runId = Calls.items(started).first?["id"] as? String ?? ""
            let run = try await Self.waitForFinalRun(client, runId)
            #expect(run["status"] as? String == "success")
            let metrics = run["metrics"] as? [String: Any] ?? [:]
            #expect((metrics["recordSummary"] as? [String: Any])?["outputRecordCount"] as? Int == 25)
            #expect((metrics["fileSummary"] as? [String: Any])?["outputFileCount"] as? Int == 1)
            let (_, runs) = try await Calls.get(client, "/runs?property=flowId==\(flowId)")
            #expect(Calls.items(runs).map { $0["id"] as? String } == [runId])
        }
        let files = FileManager.default.enumerator(atPath: folder)?.allObjects as? [String] ?? []
        #expect(files.contains { $0.hasPrefix("\(datasetId)/exportTime=") && $0.hasSuffix(".gz.parquet") })
        #expect(files.contains { $0.contains("/manifest-") && $0.hasSuffix(".json") })
    }

    /// Polls `GET /runs/{id}` until the run is final (deadline 60 s).
    static func waitForFinalRun(_ client: some TestClientProtocol, _ runId: String) async throws -> [String: Any] {
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            let (status, object) = try await Calls.get(client, "/runs/\(runId)")
            #expect(status == .ok)
            let run = Calls.items(object).first ?? [:]
            if let state = run["status"] as? String, state == "success" || state == "failed" { return run }
            try await Task.sleep(for: .milliseconds(20))
        }
        Issue.record("run \(runId) did not finish before the deadline")
        return [:]
    }

    @Test("base connections never echo credentials")
    func credentialsNotEchoed() async throws {
        let fixture = try FlowServiceTestServer(rows: 1)
        try await fixture.test { client in
            let (status, created) = try await Calls.post(
                client, "/connections",
                #"{"name": "s3", "connectionSpec": {"id": "4fce964d-3f37-408f-9778-e597338a21ee"}, "auth": {"specName": "Access Key", "params": {"s3AccessKey": "AKIA", "s3SecretKey": "TOPSECRET"}}}"#
            )
            #expect(status == .created)
            let id = created["id"] as? String ?? ""
            try await client.execute(uri: Calls.base + "/connections/\(id)", method: .get) { response in
                #expect(response.status == .ok)
                #expect(!response.text.contains("TOPSECRET"))
                #expect(!response.text.contains("AKIA"))
                #expect(response.text.contains("Access Key"))
            }
        }
    }

    @Test("the OpenAPI document describes the Flow Service paths before its components")
    func openAPIPaths() async throws {
        let fixture = try FlowServiceTestServer(rows: 1)
        try await fixture.test { client in
            try await client.execute(uri: "/openapi.yaml", method: .get) { response in
                let text = response.text
                let runs = text.range(of: "\n  /data/foundation/flowservice/flows/{id}/runs:\n")
                let components = text.range(of: "\ncomponents:\n")
                #expect(runs != nil && components != nil)
                if let runs, let components { #expect(runs.upperBound < components.lowerBound) }
                #expect(text.contains("/data/foundation/import/batches/{batchId}:"))
            }
        }
    }

    @Test("patching a connection renames it and keeps its credentials out of responses")
    func patchConnection() async throws {
        let fixture = try FlowServiceTestServer(rows: 1)
        try await fixture.test { client in
            let id = try await Calls.baseConnection(client)
            let patch = ByteBuffer(string: #"[{"op": "replace", "path": "/name", "value": "renamed"}]"#)
            try await client.execute(uri: Calls.base + "/connections/\(id)", method: .patch, body: patch) {
                #expect($0.status == .ok)
            }
            let (_, fetched) = try await Calls.get(client, "/connections/\(id)")
            #expect(Calls.items(fetched).first?["name"] as? String == "renamed")
        }
    }

    @Test("exportable datasets page with start and limit and link the next page")
    func configsPaging() async throws {
        let fixture = try FlowServiceTestServer(rows: 1)
        _ = try fixture.server.lake.createDataset(
            sandbox: "prod", name: "second", schemaDocument: Array(Fixture.schema.utf8), description: nil)
        try await fixture.test { client in
            let path =
                "/connectionSpecs/23598e46-f560-407b-88d5-ea6207e49db0/configs?outputType=activationDatasets"
                + "&outputField=datasets&limit=1"
            let (status, first) = try await Calls.get(client, path)
            #expect(status == .ok)
            #expect(Calls.items(first).count == 1)
            let next = ((first["_links"] as? [String: Any])?["next"] as? [String: Any])?["href"] as? String
            #expect(next?.contains("start=1") == true)
            let (_, second) = try await Calls.get(client, path + "&start=1")
            #expect(Calls.items(second).count == 1)
            #expect(Calls.items(second).first?["id"] as? String != Calls.items(first).first?["id"] as? String)
            #expect((second["_links"] as? [String: Any])?["next"] == nil)
        }
    }

    @Test("an ad-hoc run of an unknown flow is a 404 problem")
    func runUnknownFlow() async throws {
        let fixture = try FlowServiceTestServer(rows: 1)
        try await fixture.test { client in
            let (status, problem) = try await Calls.post(client, "/flows/nope/runs", "{}")
            #expect(status == .notFound)
            #expect(problem["code"] as? String == "NOT_FOUND")
        }
    }

    @Test("the connection test writes, lists and deletes a probe in the local folder")
    func connectionTest() async throws {
        let fixture = try FlowServiceTestServer(rows: 1)
        let folder = fixture.exportDirectory.path
        try await fixture.test { client in
            let base = try await Calls.baseConnection(client)
            let (status, report) = try await Calls.post(
                client, "/connections/\(base)/test", #"{"params": {"path": "\#(folder)"}}"#)
            #expect(status == .ok)
            #expect(report["passed"] as? [String] == ["write", "list", "delete"])
        }
    }

    @Test("patching a flow with a stale etag is 412, with the current etag 200")
    func etagPreconditions() async throws {
        let fixture = try FlowServiceTestServer(rows: 1)
        let folder = fixture.exportDirectory.path
        let datasetId = fixture.datasetId
        try await fixture.test { client in
            let source = try await Calls.sourceConnection(client, datasetId: datasetId)
            let target = try await Calls.targetConnection(
                client, baseId: try await Calls.baseConnection(client), path: folder)
            let (_, flow) = try await Calls.post(
                client, "/flows", Calls.flowBody(source: source, target: target, schedule: Calls.hourly))
            let id = flow["id"] as? String ?? ""
            let etag = flow["etag"] as? String ?? ""
            let patch = ByteBuffer(string: #"[{"op": "replace", "path": "/scheduleParams/interval", "value": 6}]"#)
            try await client.execute(
                uri: Calls.base + "/flows/\(id)", method: .patch, headers: [.ifMatch: "\"stale-1\""], body: patch
            ) { response in
                #expect(response.status == .preconditionFailed)
                #expect(response.headers[.contentType] == "application/problem+json")
                #expect(response.object["field"] as? String == "If-Match")
            }
            try await client.execute(
                uri: Calls.base + "/flows/\(id)", method: .patch, headers: [.ifMatch: etag], body: patch
            ) { response in
                #expect(response.status == .ok)
                #expect(response.object["etag"] as? String != etag)
            }
            let (_, fetched) = try await Calls.get(client, "/flows/\(id)")
            let schedule = Calls.items(fetched).first?["scheduleParams"] as? [String: Any]
            #expect(schedule?["interval"] as? Int == 6)
            try await client.execute(uri: Calls.base + "/flows/\(id)", method: .delete) { response in
                #expect(response.status == .noContent)
            }
            let (status, _) = try await Calls.get(client, "/flows/\(id)")
            #expect(status == .notFound)
        }
    }

    @Test(
        "unknown resources are 404 problems",
        arguments: [
            "/connectionSpecs/nope", "/connections/nope", "/sourceConnections/nope", "/targetConnections/nope",
            "/flows/nope", "/runs/nope",
        ])
    func notFound(path: String) async throws {
        let fixture = try FlowServiceTestServer(rows: 1)
        try await fixture.test { client in
            try await client.execute(uri: Calls.base + path, method: .get) { response in
                #expect(response.status == .notFound)
                #expect(response.headers[.contentType] == "application/problem+json")
                #expect(response.object["code"] as? String == "NOT_FOUND")
            }
        }
    }
}
