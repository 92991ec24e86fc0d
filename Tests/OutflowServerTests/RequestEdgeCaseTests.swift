import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import HTTPAPI
@testable import OutflowServer

/// Requests schemathesis found answered against the OpenAPI document: filters whose value starts with a
/// combining character, `If-Match: *`, a connection test at a folder that cannot be created.
@Suite struct RequestEdgeCaseTests {
    typealias Calls = FlowServiceCalls

    @Test(
        "property filters split on the operator's bytes",
        arguments: [
            ("flowId==abc", PropertyFilter.Condition(field: "flowId", value: "abc", equal: true)),
            ("flowId==\u{1F3FB}<", PropertyFilter.Condition(field: "flowId", value: "\u{1F3FB}<", equal: true)),
            ("status!=failed", PropertyFilter.Condition(field: "status", value: "failed", equal: false)),
            ("a!=b==c", PropertyFilter.Condition(field: "a", value: "b==c", equal: false)),
            ("name==", PropertyFilter.Condition(field: "name", value: "", equal: true)),
        ])
    func propertyConditions(text: String, expected: PropertyFilter.Condition) {
        #expect(PropertyFilter.condition(text) == expected)
    }

    @Test("malformed property filters are refused", arguments: ["", "flowId", "==x", "a==b==c", "a!=b!=c", "=="])
    func malformedPropertyConditions(text: String) {
        #expect(PropertyFilter.condition(text) == nil)
    }

    @Test("If-Match: * patches the current version of a flow")
    func ifMatchStarMatchesAnyVersion() async throws {
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
            let patch = ByteBuffer(string: #"[{"op": "replace", "path": "/name", "value": "renamed"}]"#)
            try await client.execute(
                uri: Calls.base + "/flows/\(id)", method: .patch, headers: [.ifMatch: "*"], body: patch
            ) { response in
                #expect(response.status == .ok)
                #expect(response.object["etag"] as? String != flow["etag"] as? String)
            }
        }
    }

    @Test("a connection test at a folder that cannot be created reports a failed write, not a 5xx")
    func connectionTestAtUncreatableFolderReportsFailedWrite() async throws {
        let fixture = try FlowServiceTestServer(rows: 1)
        let file = fixture.exportDirectory.path + "/plain-file"
        try "not a folder".write(toFile: file, atomically: true, encoding: .utf8)
        try await fixture.test { client in
            let base = try await Calls.baseConnection(client)
            let (status, report) = try await Calls.post(
                client, "/connections/\(base)/test", #"{"params": {"path": "\#(file)/below"}}"#)
            #expect(status == .ok)
            #expect(report["passed"] as? [String] == [])
            #expect(report["failedStep"] as? String == "write")
            #expect((report["error"] as? [String: Any])?["code"] as? String == "notFound")
        }
    }
}
