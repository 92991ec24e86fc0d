import Foundation

extension OpenAPIDocument {
    /// The whole document: `core` with the Flow Service paths before `components`.
    static let yaml = core.replacingOccurrences(of: "\ncomponents:\n", with: "\n" + flowServicePaths + "components:\n")

    /// `/data/foundation/flowservice/...` (AEP Flow Service names; bodies as AEP documents them).
    static let flowServicePaths = """
          /data/foundation/flowservice/connectionSpecs:
            get:
              summary: Destination connection specs (AEP ids plus Outflow's local folder).
              responses:
                "200": {description: "{items: [...]}", content: {application/json: {schema: {$ref: "#/components/schemas/Items"}}}}
                default: {$ref: "#/components/responses/Problem"}
          /data/foundation/flowservice/connectionSpecs/{id}:
            get:
              parameters: [{name: id, in: path, required: true, schema: {type: string}}]
              responses:
                "200": {description: the spec in items, content: {application/json: {schema: {$ref: "#/components/schemas/Items"}}}}
                default: {$ref: "#/components/responses/Problem"}
          /data/foundation/flowservice/connectionSpecs/{id}/configs:
            get:
              summary: Exportable datasets (id 23598e46-f560-407b-88d5-ea6207e49db0).
              parameters:
                - {name: id, in: path, required: true, schema: {type: string}}
                - {name: outputType, in: query, required: true, schema: {type: string, enum: [activationDatasets]}}
                - {name: outputField, in: query, required: true, schema: {type: string, enum: [datasets]}}
                - {$ref: "#/components/parameters/start"}
                - {$ref: "#/components/parameters/limit"}
                - {$ref: "#/components/parameters/sandbox"}
              responses:
                "200": {description: datasets, content: {application/json: {schema: {$ref: "#/components/schemas/Items"}}}}
                default: {$ref: "#/components/responses/Problem"}
          /data/foundation/flowservice/flowSpecs:
            get:
              responses:
                "200": {description: flow specs, content: {application/json: {schema: {$ref: "#/components/schemas/Items"}}}}
                default: {$ref: "#/components/responses/Problem"}
          /data/foundation/flowservice/connections:
            post:
              summary: "Base connection {name, connectionSpec: {id}, auth: {specName, params}}; credentials are never echoed."
              requestBody: {required: true, content: {application/json: {schema: {type: object}}}}
              responses:
                "201": {description: created, content: {application/json: {schema: {$ref: "#/components/schemas/Created"}}}}
                default: {$ref: "#/components/responses/Problem"}
          /data/foundation/flowservice/connections/{id}:
            parameters: [{name: id, in: path, required: true, schema: {type: string}}]
            get:
              responses:
                "200": {description: the connection without credentials, content: {application/json: {schema: {$ref: "#/components/schemas/Items"}}}}
                default: {$ref: "#/components/responses/Problem"}
            patch:
              summary: JSON Patch on /name or /auth/params/...
              requestBody: {required: true, content: {application/json: {schema: {type: array}}}}
              responses:
                "200": {description: updated, content: {application/json: {schema: {$ref: "#/components/schemas/Created"}}}}
                default: {$ref: "#/components/responses/Problem"}
          /data/foundation/flowservice/connections/{id}/test:
            post:
              summary: Write, list and delete a probe object (local folder takes params.path in the body).
              parameters: [{name: id, in: path, required: true, schema: {type: string}}]
              responses:
                "200": {description: "{passed, failedStep, error}", content: {application/json: {schema: {type: object}}}}
                default: {$ref: "#/components/responses/Problem"}
          /data/foundation/flowservice/sourceConnections:
            post:
              summary: "{params: {datasets: [{id}]}} in the x-sandbox-name sandbox."
              parameters: [{$ref: "#/components/parameters/sandbox"}]
              requestBody: {required: true, content: {application/json: {schema: {type: object}}}}
              responses:
                "201": {description: created, content: {application/json: {schema: {$ref: "#/components/schemas/Created"}}}}
                default: {$ref: "#/components/responses/Problem"}
          /data/foundation/flowservice/sourceConnections/{id}:
            get:
              parameters: [{name: id, in: path, required: true, schema: {type: string}}, {$ref: "#/components/parameters/sandbox"}]
              responses:
                "200": {description: the source connection, content: {application/json: {schema: {$ref: "#/components/schemas/Items"}}}}
                default: {$ref: "#/components/responses/Problem"}
          /data/foundation/flowservice/targetConnections:
            post:
              summary: "{baseConnectionId, params: {path, datasetFileType JSON|PARQUET, compression NONE|GZIP|SNAPPY|ZSTD, includeManifest, maxFileSizeMiB}}"
              requestBody: {required: true, content: {application/json: {schema: {type: object}}}}
              responses:
                "201": {description: created, content: {application/json: {schema: {$ref: "#/components/schemas/Created"}}}}
                default: {$ref: "#/components/responses/Problem"}
          /data/foundation/flowservice/targetConnections/{id}:
            get:
              parameters: [{name: id, in: path, required: true, schema: {type: string}}]
              responses:
                "200": {description: the target connection, content: {application/json: {schema: {$ref: "#/components/schemas/Items"}}}}
                default: {$ref: "#/components/responses/Problem"}
          /data/foundation/flowservice/flows:
            get:
              parameters: [{$ref: "#/components/parameters/start"}, {$ref: "#/components/parameters/limit"}, {$ref: "#/components/parameters/property"}]
              responses:
                "200": {description: flows, content: {application/json: {schema: {$ref: "#/components/schemas/Items"}}}}
                default: {$ref: "#/components/responses/Problem"}
            post:
              summary: "{name, flowSpec, sourceConnectionIds, targetConnectionIds, scheduleParams {exportMode, timeUnit, interval, startTime, endTime, foldernameTemplate}}"
              requestBody: {required: true, content: {application/json: {schema: {type: object}}}}
              responses:
                "201": {description: created, content: {application/json: {schema: {$ref: "#/components/schemas/Created"}}}}
                default: {$ref: "#/components/responses/Problem"}
          /data/foundation/flowservice/flows/{id}:
            parameters: [{name: id, in: path, required: true, schema: {type: string}}]
            get:
              responses:
                "200": {description: the flow (ETag header), content: {application/json: {schema: {$ref: "#/components/schemas/Items"}}}}
                default: {$ref: "#/components/responses/Problem"}
            patch:
              summary: JSON Patch on /name, /state, /scheduleParams/...; If-Match required (412 on a stale etag).
              parameters: [{name: If-Match, in: header, required: true, schema: {type: string}}]
              requestBody: {required: true, content: {application/json: {schema: {type: array}}}}
              responses:
                "200": {description: updated, content: {application/json: {schema: {$ref: "#/components/schemas/Created"}}}}
                default: {$ref: "#/components/responses/Problem"}
            delete:
              responses:
                "204": {description: deleted}
                default: {$ref: "#/components/responses/Problem"}
          /data/foundation/flowservice/flows/{id}/runs:
            post:
              summary: Ad-hoc run; runs in the background.
              parameters: [{name: id, in: path, required: true, schema: {type: string}}]
              responses:
                "202": {description: the queued run, content: {application/json: {schema: {$ref: "#/components/schemas/Items"}}}}
                default: {$ref: "#/components/responses/Problem"}
          /data/foundation/flowservice/runs:
            get:
              parameters: [{$ref: "#/components/parameters/property"}, {$ref: "#/components/parameters/start"}, {$ref: "#/components/parameters/limit"}]
              responses:
                "200": {description: "runs of property=flowId==<id>", content: {application/json: {schema: {$ref: "#/components/schemas/Items"}}}}
                default: {$ref: "#/components/responses/Problem"}
          /data/foundation/flowservice/runs/{id}:
            get:
              summary: A run with AEP metrics, outputs, attempts and live progress.
              parameters: [{name: id, in: path, required: true, schema: {type: string}}]
              responses:
                "200": {description: the run, content: {application/json: {schema: {$ref: "#/components/schemas/Items"}}}}
                default: {$ref: "#/components/responses/Problem"}

        """
}
