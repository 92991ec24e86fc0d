import Hummingbird
import Journey

extension Segment: JourneyResource {}

extension JourneyRequest {
    /// `POST /segments`, `PUT /segments/{id}`: CJA's segment shape (`name`, `description`, `dataId`, `definition`).
    struct Segment: Decodable {
        var name: String
        var description: String?
        var dataId: String
        var definition: SegmentDefinition

        var segment: Journey.Segment {
            Journey.Segment(id: "", name: name, description: description, dataId: dataId, definition: definition)
        }
    }
}

/// CJA's Segments API: `GET /segments` (optionally `dataIds=dv_a,dv_b`), `POST /segments`, `GET`, `PUT` (with
/// `If-Match`) and `DELETE /segments/{id}`. Definitions that do not parse or name unknown components are 400
/// `INVALID_FIELD` naming the path in the definition (`definition.container.pred.val`).
extension JourneyRoutes {
    @Sendable func listSegments(_ request: Request, context: Context) async throws -> Response {
        let dataIds = Set((request.uri.queryParameters.get("dataIds") ?? "").split(separator: ",").map(String.init))
        return try await listing(request) { s, sandbox async throws(JourneyError) in
            try await s.segments(sandbox: sandbox, dataIds: dataIds)
        }
    }

    @Sendable func createSegment(_ request: Request, context: Context) async throws -> Response {
        try await creating(request, JourneyRequest.Segment.self, base: "/segments/") {
            s, body, sandbox async throws(JourneyError) in try await s.createSegment(body.segment, sandbox: sandbox)
        }
    }

    @Sendable func getSegment(_ request: Request, context: Context) async throws -> Response {
        try await reading(request, context) { s, id, sandbox async throws(JourneyError) in
            try await s.segment(id: id, sandbox: sandbox)
        }
    }

    @Sendable func putSegment(_ request: Request, context: Context) async throws -> Response {
        try await replacing(
            request, context, JourneyRequest.Segment.self,
            current: { s, id, sandbox async throws(JourneyError) in try await s.segment(id: id, sandbox: sandbox) },
            save: { s, body, id, sandbox, version async throws(JourneyError) in
                try await s.updateSegment(body.segment, id: id, sandbox: sandbox, ifMatch: version)
            })
    }

    @Sendable func deleteSegment(_ request: Request, context: Context) async throws -> Response {
        try await deleting(request, context) { s, id, sandbox async throws(JourneyError) in
            try await s.deleteSegment(id: id, sandbox: sandbox)
        }
    }

    /// Registers `/segments` on `root`.
    func registerSegments(root: RouterGroup<Context>) {
        root.get("segments", use: listSegments)
        root.post("segments", use: createSegment)
        root.get("segments/:id", use: getSegment)
        root.put("segments/:id", use: putSegment)
        root.delete("segments/:id", use: deleteSegment)
    }
}
