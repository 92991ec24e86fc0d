import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import HTTPAPI
@testable import OutflowServer

/// Connection lists and deletes, flow enable/disable, backfill validation, dataset deletion guard, run lists.
@Suite("Flow Service lifecycle")
struct FlowServiceLifecycleTests {
    typealias Calls = FlowServiceCalls

    static func delete(_ client: some TestClientProtocol, _ path: String) async throws -> (
        HTTPResponse.Status, [String: Any]
    ) {
        try await client.execute(uri: path.hasPrefix("/data") ? path : Calls.base + path, method: .delete) {
            ($0.status, $0.object)
        }
    }

    /// Creates source, base, target and flow; returns their ids.
    static func flow(_ client: some TestClientProtocol, _ fixture: FlowServiceTestServer) async throws -> (
        source: String, base: String, target: String, flow: String
    ) {
        let source = try await Calls.sourceConnection(client, datasetId: fixture.datasetId)
        let base = try await Calls.baseConnection(client)
        let target = try await Calls.targetConnection(client, baseId: base, path: fixture.exportDirectory.path)
        let (_, flow) = try await Calls.post(
            client, "/flows", Calls.flowBody(source: source, target: target, schedule: Calls.hourly))
        return (source, base, target, flow["id"] as? String ?? "")
    }

    @Test("connections list with paging and filters, and delete only once nothing uses them")
    func connectionsListAndDelete() async throws {
        let fixture = try FlowServiceTestServer(rows: 1)
        try await fixture.test { client in
            let ids = try await Self.flow(client, fixture)
            let second = try await Calls.baseConnection(client)
            let (status, page) = try await Calls.get(client, "/connections?limit=1")
            #expect(status == .ok && Calls.items(page).count == 1)
            #expect(((page["_links"] as? [String: Any])?["next"] as? [String: Any])?["href"] as? String != nil)
            let (_, filtered) = try await Calls.get(client, "/connections?property=id==\(second)")
            #expect(Calls.items(filtered).map { $0["id"] as? String } == [second])
            let (_, sources) = try await Calls.get(client, "/sourceConnections")
            #expect(Calls.items(sources).map { $0["id"] as? String } == [ids.source])
            let (_, targets) = try await Calls.get(client, "/targetConnections")
            #expect(Calls.items(targets).map { $0["id"] as? String } == [ids.target])

            let (baseStatus, baseProblem) = try await Self.delete(client, "/connections/\(ids.base)")
            #expect(baseStatus == .conflict && baseProblem["code"] as? String == "CONFLICT")
            #expect((baseProblem["detail"] as? String)?.contains(ids.target) == true)
            let (targetStatus, targetProblem) = try await Self.delete(client, "/targetConnections/\(ids.target)")
            #expect(targetStatus == .conflict && (targetProblem["detail"] as? String)?.contains(ids.flow) == true)
            #expect(try await Self.delete(client, "/sourceConnections/\(ids.source)").0 == .conflict)

            #expect(try await Self.delete(client, "/flows/\(ids.flow)").0 == .noContent)
            #expect(try await Self.delete(client, "/targetConnections/\(ids.target)").0 == .noContent)
            #expect(try await Self.delete(client, "/sourceConnections/\(ids.source)").0 == .noContent)
            #expect(try await Self.delete(client, "/connections/\(ids.base)").0 == .noContent)
            #expect(try await Self.delete(client, "/connections/\(ids.base)").0 == .notFound)
            let (_, left) = try await Calls.get(client, "/connections")
            #expect(Calls.items(left).map { $0["id"] as? String } == [second])
        }
    }

    @Test("a disabled flow refuses ad-hoc runs with 409 and shows state disabled until enabled")
    func enableDisable() async throws {
        let fixture = try FlowServiceTestServer(rows: 3)
        try await fixture.test { client in
            let ids = try await Self.flow(client, fixture)
            let (badStatus, bad) = try await Calls.post(client, "/flows/\(ids.flow)/action?op=pause", "")
            #expect(badStatus == .badRequest && bad["field"] as? String == "op")
            let (status, _) = try await Calls.post(client, "/flows/\(ids.flow)/action?op=disable", "")
            #expect(status == .ok)
            let (_, flow) = try await Calls.get(client, "/flows/\(ids.flow)")
            #expect(Calls.items(flow).first?["state"] as? String == "disabled")
            let (runStatus, problem) = try await Calls.post(client, "/flows/\(ids.flow)/runs", "{}")
            #expect(runStatus == .conflict && problem["field"] as? String == "state")
            #expect(try await Calls.post(client, "/flows/\(ids.flow)/action?op=enable", "").0 == .ok)
            let (_, enabled) = try await Calls.get(client, "/flows/\(ids.flow)")
            #expect(Calls.items(enabled).first?["state"] as? String == "enabled")
            let (accepted, started) = try await Calls.post(client, "/flows/\(ids.flow)/runs", "")
            #expect(accepted == .accepted)
            let runId = Calls.items(started).first?["id"] as? String ?? ""
            let run = try await FlowServiceRoutesTests.waitForFinalRun(client, runId)
            #expect(run["status"] as? String == "success" && run["kind"] as? String == "adHoc")
        }
    }

    @Test("a backfill window must start before it ends, and the problem names the field")
    func backfillValidation() async throws {
        let fixture = try FlowServiceTestServer(rows: 3)
        try await fixture.test { client in
            let ids = try await Self.flow(client, fixture)
            let (status, problem) = try await Calls.post(
                client, "/flows/\(ids.flow)/runs", #"{"backfill": {"startTime": 200, "endTime": 100}}"#)
            #expect(status == .badRequest && problem["field"] as? String == "backfill.endTime")
            let (missing, missingProblem) = try await Calls.post(
                client, "/flows/\(ids.flow)/runs", #"{"backfill": {"endTime": 100}}"#)
            #expect(missing == .badRequest && missingProblem["field"] as? String == "backfill.startTime")
            let now = Int(Date().timeIntervalSince1970)
            let (accepted, started) = try await Calls.post(
                client, "/flows/\(ids.flow)/runs",
                #"{"backfill": {"startTime": \#(now - 3_600), "endTime": \#(now + 3_600)}}"#)
            #expect(accepted == .accepted)
            let run = try await FlowServiceRoutesTests.waitForFinalRun(
                client, Calls.items(started).first?["id"] as? String ?? "")
            #expect(run["kind"] as? String == "backfill" && run["status"] as? String == "success")
            let metrics = run["metrics"] as? [String: Any] ?? [:]
            #expect((metrics["recordSummary"] as? [String: Any])?["outputRecordCount"] as? Int == 3)
        }
    }

    @Test("deleting a dataset an enabled flow exports is a 409 naming the flow; disabled, it goes")
    func datasetDeletionGuard() async throws {
        let fixture = try FlowServiceTestServer(rows: 2)
        let datasetPath = "/data/foundation/catalog/dataSets/\(fixture.datasetId)"
        try await fixture.test { client in
            let ids = try await Self.flow(client, fixture)
            let (status, problem) = try await Self.delete(client, datasetPath)
            #expect(status == .conflict && (problem["detail"] as? String)?.contains(ids.flow) == true)
            #expect(try await Calls.post(client, "/flows/\(ids.flow)/action?op=disable", "").0 == .ok)
            #expect(try await Self.delete(client, datasetPath).0 == .ok)
        }
    }

    @Test("runs list newest first with kind, attempts and errors")
    func runsNewestFirst() async throws {
        let fixture = try FlowServiceTestServer(rows: 2)
        try await fixture.test { client in
            let ids = try await Self.flow(client, fixture)
            var runIds: [String] = []
            for _ in 0..<2 {
                let (_, started) = try await Calls.post(client, "/flows/\(ids.flow)/runs", "{}")
                let runId = Calls.items(started).first?["id"] as? String ?? ""
                _ = try await FlowServiceRoutesTests.waitForFinalRun(client, runId)
                runIds.append(runId)
            }
            let (status, listing) = try await Calls.get(client, "/runs?property=flowId==\(ids.flow)")
            #expect(status == .ok)
            let runs = Calls.items(listing)
            #expect(runs.map { $0["id"] as? String } == runIds.reversed())
            #expect(runs.allSatisfy { $0["attempts"] as? Int == 1 && ($0["errors"] as? [Any])?.isEmpty == true })
            let (_, all) = try await Calls.get(client, "/runs")
            #expect(Calls.items(all).count == 2)
        }
    }
}
