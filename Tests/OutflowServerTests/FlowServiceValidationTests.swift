import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import HTTPAPI
@testable import OutflowServer

@Suite("Flow Service bad requests")
struct FlowServiceValidationTests {
    typealias Calls = FlowServiceCalls

    /// A bad request and the field its problem must name.
    struct BadRequest: Sendable, CustomTestStringConvertible {
        var name: String
        var path: String
        /// The body; `SOURCE`, `TARGET` and `BASE` are replaced by valid connection ids.
        var body: String
        var field: String
        var testDescription: String { name }
    }

    static let cases: [BadRequest] = [
        BadRequest(
            name: "unknown dataset", path: "/sourceConnections", body: #"{"params": {"datasets": [{"id": "nope"}]}}"#,
            field: "params.datasets[0].id"),
        BadRequest(
            name: "missing credentials", path: "/connections",
            body:
                #"{"name": "s3", "connectionSpec": {"id": "4fce964d-3f37-408f-9778-e597338a21ee"}, "auth": {"specName": "Access Key", "params": {"s3AccessKey": "AKIA"}}}"#,
            field: "auth.params.s3SecretKey"),
        BadRequest(
            name: "unknown connection spec", path: "/connections",
            body: #"{"name": "x", "connectionSpec": {"id": "nope"}}"#, field: "connectionSpec.id"),
        BadRequest(
            name: "bad datasetFileType", path: "/targetConnections",
            body: #"{"baseConnectionId": "BASE", "params": {"path": "/tmp/x", "datasetFileType": "CSV"}}"#,
            field: "params.datasetFileType"),
        BadRequest(
            name: "bad compression", path: "/targetConnections",
            body:
                #"{"baseConnectionId": "BASE", "params": {"path": "/tmp/x", "datasetFileType": "JSON", "compression": "LZ4"}}"#,
            field: "params.compression"),
        BadRequest(
            name: "relative local folder", path: "/targetConnections",
            body: #"{"baseConnectionId": "BASE", "params": {"path": "x", "datasetFileType": "JSON"}}"#,
            field: "params.path"),
        BadRequest(
            name: "bool file size", path: "/targetConnections",
            body:
                #"{"baseConnectionId": "BASE", "params": {"path": "/tmp/x", "datasetFileType": "JSON", "maxFileSizeMiB": true}}"#,
            field: "params.maxFileSizeMiB"),
        BadRequest(
            name: "fractional interval", path: "/flows",
            body: Calls.flowBody(
                source: "SOURCE", target: "TARGET",
                schedule:
                    #"{"exportMode": "DAILY_FULL_EXPORT", "timeUnit": "day", "interval": 1.5, "startTime": 1767225600}"#
            ),
            field: "scheduleParams.interval"),
        BadRequest(
            name: "bad exportMode", path: "/flows",
            body: Calls.flowBody(
                source: "SOURCE", target: "TARGET",
                schedule: #"{"exportMode": "WEEKLY", "timeUnit": "day", "interval": 1, "startTime": 1767225600}"#),
            field: "scheduleParams.exportMode"),
        BadRequest(
            name: "hour interval 7", path: "/flows",
            body: Calls.flowBody(
                source: "SOURCE", target: "TARGET",
                schedule:
                    #"{"exportMode": "FIRST_FULL_THEN_INCREMENTAL", "timeUnit": "hour", "interval": 7, "startTime": 1767225600}"#
            ),
            field: "scheduleParams.interval"),
        BadRequest(
            name: "start after end", path: "/flows",
            body: Calls.flowBody(
                source: "SOURCE", target: "TARGET",
                schedule:
                    #"{"exportMode": "DAILY_FULL_EXPORT", "timeUnit": "day", "interval": 1, "startTime": 1767225600, "endTime": 1767139200}"#
            ),
            field: "scheduleParams.endTime"),
        BadRequest(
            name: "unknown source connection", path: "/flows",
            body: Calls.flowBody(source: "nope", target: "TARGET", schedule: Calls.hourly),
            field: "sourceConnectionIds[0]"),
    ]

    @Test("bad requests get a 400 problem naming the field", arguments: cases)
    func badRequest(_ bad: BadRequest) async throws {
        let fixture = try FlowServiceTestServer(rows: 1)
        let folder = fixture.exportDirectory.path
        let datasetId = fixture.datasetId
        try await fixture.test { client in
            let base = try await Calls.baseConnection(client)
            let source = try await Calls.sourceConnection(client, datasetId: datasetId)
            let target = try await Calls.targetConnection(client, baseId: base, path: folder)
            let body = bad.body.replacingOccurrences(of: "SOURCE", with: source)
                .replacingOccurrences(of: "TARGET", with: target).replacingOccurrences(of: "BASE", with: base)
            try await client.execute(
                uri: Calls.base + bad.path, method: .post, headers: Fixture.jsonHeaders, body: ByteBuffer(string: body)
            ) { response in
                #expect(response.status == .badRequest)
                #expect(response.headers[.contentType] == "application/problem+json")
                #expect(response.object["field"] as? String == bad.field)
            }
        }
    }

    @Test("the exportable-datasets listing requires AEP's outputType and outputField")
    func configsQuery() async throws {
        let fixture = try FlowServiceTestServer(rows: 1)
        try await fixture.test { client in
            let (status, problem) = try await Calls.get(
                client, "/connectionSpecs/23598e46-f560-407b-88d5-ea6207e49db0/configs?outputType=segments")
            #expect(status == .badRequest)
            #expect(problem["field"] as? String == "outputType")
        }
    }

    @Test("patching a flow without If-Match is refused")
    func patchNeedsIfMatch() async throws {
        let fixture = try FlowServiceTestServer(rows: 1)
        try await fixture.test { client in
            try await client.execute(
                uri: Calls.base + "/flows/any", method: .patch, body: ByteBuffer(string: "[]")
            ) { response in
                #expect(response.status == .preconditionRequired)
                #expect(response.object["field"] as? String == "If-Match")
            }
        }
    }

    @Test("a malformed run filter is a 400 naming property")
    func runsFilterMustBeWellFormed() async throws {
        let fixture = try FlowServiceTestServer(rows: 1)
        try await fixture.test { client in
            let (status, problem) = try await Calls.get(client, "/runs?property=flowId")
            #expect(status == .badRequest)
            #expect(problem["field"] as? String == "property")
        }
    }
}
