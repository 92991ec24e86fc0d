import Exports
import Foundation

/// The bodies of the Flow Service's `POST` requests, read field by field from the JSON object (see
/// `JSONObjectBody`); the patched documents of `PATCH` go through the same `init(object:)`.
enum FlowServiceRequest {
    /// `POST /connections`: `name`, `connectionSpec.id`, `auth` (`specName`, string `params`) and an optional
    /// `encryption` block. AEP's tutorial creates the Data Landing Zone's base connection with a `name` only; a
    /// body without `connectionSpec` and without `auth` is that connection (the DLZ is AEP's only destination
    /// without credentials).
    struct Connection: JSONObjectBody {
        var name: String
        var connectionSpecId: String
        var authSpecName: String
        var authParams: [String: String]
        var encryption: ConnectionEncryption?

        init(object body: [String: JSONValue]) throws(Problem) {
            name = try FlowServiceJSON.string(body, "name")
            if body["connectionSpec"] == nil && body["auth"] == nil {
                connectionSpecId = ConnectionSpecCatalog.dataLandingZone
            } else {
                connectionSpecId = try FlowServiceJSON.reference(body, "connectionSpec").lowercased()
            }
            let auth = body["auth"]?.objectValue ?? [:]
            authSpecName = auth["specName"]?.stringValue ?? "None"
            // Credentials are text: a number or other JSON value given for one is kept as its JSON text.
            authParams = (auth["params"]?.objectValue ?? [:]).mapValues(\.text)
            encryption = try FlowServiceEncryption.parse(body)
        }

        func connection(id: String) -> BaseConnection {
            BaseConnection(
                id: id, name: name, connectionSpecId: connectionSpecId, authSpecName: authSpecName,
                authParams: authParams, encryption: encryption)
        }
    }

    /// `POST /sourceConnections`: `{"params": {"datasets": [{"dataSetId": ..., "name": ...}]}}` as AEP's tutorial
    /// sends it, or `[{"id": ...}]`; the `name` is informational.
    struct Source: JSONObjectBody {
        var datasetIds: [String]
        /// The key each dataset was named by (`dataSetId` or `id`), so a problem names the field the caller sent.
        var datasetKeys: [String]

        init(object body: [String: JSONValue]) throws(Problem) {
            let params = try FlowServiceJSON.object(body, "params")
            guard let datasets = params["datasets"]?.arrayValue else {
                throw Problem.badRequest(
                    "'params.datasets' (an array of {dataSetId, name}) is required", field: "params.datasets")
            }
            (datasetIds, datasetKeys) = ([], [])
            for (index, element) in datasets.enumerated() {
                let field = "params.datasets[\(index)]"
                guard let dataset = element.objectValue else {
                    throw Problem.badRequest("a dataset is an object {dataSetId, name}", field: field)
                }
                var named: [(key: String, id: String)] = []
                for key in ["dataSetId", "id"] {
                    guard let value = dataset[key] else { continue }
                    guard let id = value.stringValue, !id.isEmpty else {
                        throw Problem.badRequest(
                            "'\(field).\(key)' must be a non-empty string", field: "\(field).\(key)")
                    }
                    named.append((key, id))
                }
                guard let (key, id) = named.first else {
                    throw Problem.badRequest("a dataset needs a 'dataSetId' (or 'id')", field: "\(field).dataSetId")
                }
                if named.count > 1, named[1].id != id {
                    throw Problem.badRequest("'dataSetId' and 'id' name different datasets", field: "\(field).id")
                }
                datasetIds.append(id)
                datasetKeys.append(key)
            }
        }

        /// `error` with its field renamed to the key the caller used for that dataset (`...dataSetId`).
        func naming(_ error: ExportsError) -> ExportsError {
            var error = error
            for (index, key) in datasetKeys.enumerated() where error.field == "params.datasets[\(index)].id" {
                error.field = "params.datasets[\(index)].\(key)"
            }
            return error
        }
    }

    /// `POST /targetConnections`: `baseConnectionId` and `params` (file options and location params).
    struct Target: JSONObjectBody {
        var baseConnectionId: String
        var path: String
        var datasetFileType: DatasetFileType
        var compression: ExportCompression
        var includeManifest: Bool
        var maxFileSizeMiB: Int
        var locationParams: [String: String]

        init(object body: [String: JSONValue]) throws(Problem) {
            baseConnectionId = try FlowServiceJSON.string(body, "baseConnectionId")
            let params = try FlowServiceJSON.object(body, "params")
            switch params["path"] {
            case nil: path = ""
            case .string(let text)?: path = text
            default: throw Problem.badRequest("'params.path' must be a string", field: "params.path")
            }
            let maxSize = try FlowServiceJSON.int64(params["maxFileSizeMiB"], field: "params.maxFileSizeMiB") ?? 5_000
            maxFileSizeMiB = Int(clamping: maxSize)
            datasetFileType = try FlowServiceJSON.enumeration(
                params, "datasetFileType", as: DatasetFileType.self, field: "params.datasetFileType")
            compression = try FlowServiceJSON.enumeration(
                params, "compression", as: ExportCompression.self, field: "params.compression",
                default: ExportCompression.none)
            includeManifest = Self.flag(params["includeManifest"]) ?? true
            locationParams = try FlowServiceJSON.locationParams(params)
        }

        /// A JSON bool, or the number 0 or 1 as one.
        static func flag(_ value: JSONValue?) -> Bool? {
            switch value {
            case .bool(let flag)?: flag
            case .integer(0)?: false
            case .integer(1)?: true
            default: nil
            }
        }

        func target(id: String) -> TargetConnection {
            TargetConnection(
                id: id, baseConnectionId: baseConnectionId, path: path, datasetFileType: datasetFileType,
                compression: compression, includeManifest: includeManifest, maxFileSizeMiB: maxFileSizeMiB,
                locationParams: locationParams)
        }
    }

    /// `POST /connections/{id}/test`: the probe's location `params` (anything else reads as no params).
    struct Probe: JSONObjectBody {
        var params: [String: JSONValue]

        init(object body: [String: JSONValue]) {
            params = body["params"]?.objectValue ?? [:]
        }
    }
}
