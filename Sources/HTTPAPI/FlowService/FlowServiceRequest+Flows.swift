import Exports

extension FlowServiceRequest {
    /// `POST /flows` (and a patched flow): `name`, one `sourceConnectionIds` and one `targetConnectionIds`,
    /// `scheduleParams` and an optional `state`.
    struct Flow: JSONObjectBody {
        var name: String
        var sourceConnectionId: String
        var targetConnectionId: String
        var schedule: ScheduleParams
        /// `state` when it is a string (checked by `enabled(default:)`, after the connections are found).
        var state: String?

        init(object body: [String: JSONValue]) throws(Problem) {
            name = try FlowServiceJSON.string(body, "name")
            var connections: [String] = []
            for key in ["sourceConnectionIds", "targetConnectionIds"] {
                guard let ids = body[key]?.arrayValue, ids.count == 1, let first = ids.first?.stringValue else {
                    throw Problem.badRequest("'\(key)' must name exactly one connection", field: key)
                }
                connections.append(first)
            }
            (sourceConnectionId, targetConnectionId) = (connections[0], connections[1])
            schedule = try FlowServiceJSON.schedule(try FlowServiceJSON.object(body, "scheduleParams"))
            state = body["state"]?.stringValue
        }

        /// Whether the flow is enabled: `state` if given, else `fallback`.
        func enabled(default fallback: Bool) throws(Problem) -> Bool {
            switch state {
            case nil: fallback
            case "enabled": true
            case "disabled": false
            default: throw Problem.badRequest("'state' must be enabled or disabled", field: "state")
            }
        }
    }

    /// `POST /flows/{id}/runs`: `{}` for an ad-hoc run or `{"backfill": {"startTime": s, "endTime": e}}`.
    struct Run: JSONObjectBody {
        var backfill: BackfillWindow?

        init(object body: [String: JSONValue]) throws(Problem) {
            guard let value = body["backfill"] else { return }
            guard let backfill = value.objectValue else {
                throw Problem.badRequest("'backfill' must be an object", field: "backfill")
            }
            guard let start = try FlowServiceJSON.int64(backfill["startTime"], field: "backfill.startTime") else {
                throw Problem.badRequest("'backfill.startTime' is required", field: "backfill.startTime")
            }
            guard let end = try FlowServiceJSON.int64(backfill["endTime"], field: "backfill.endTime") else {
                throw Problem.badRequest("'backfill.endTime' is required", field: "backfill.endTime")
            }
            self.backfill = BackfillWindow(startTime: start, endTime: end)
        }
    }
}
