extension OpenAPIDocument {
    /// `/data/foundation/flowservice/...` (AEP Flow Service names; bodies as AEP documents them). Lists are
    /// `{items, _links}`; creates answer 201 `{id, etag}` with an `ETag` header.
    static let flowServicePaths = flowServiceCatalogPaths + flowServiceConnectionPaths + flowServiceFlowPaths

    /// Connection specs, flow specs and exportable datasets.
    static let flowServiceCatalogPaths = """
          /data/foundation/flowservice/connectionSpecs:
            get:
              operationId: listConnectionSpecs
              tags: [flowservice]
              summary: Destination connection specs (AEP ids plus Outflow's local folder).
              responses:
                "200": {description: the destination catalog, content: {application/json: {schema: {$ref: "#/components/schemas/ConnectionSpecList"}}}}
                \(errors())
          /data/foundation/flowservice/connectionSpecs/{id}:
            get:
              operationId: getConnectionSpec
              tags: [flowservice]
              parameters: [{$ref: "#/components/parameters/id"}]
              responses:
                "200": {description: the spec in items, content: {application/json: {schema: {$ref: "#/components/schemas/ConnectionSpecList"}}}}
                \(errors(404))
          /data/foundation/flowservice/connectionSpecs/{id}/configs:
            get:
              operationId: listExportableDataSets
              tags: [flowservice]
              summary: Exportable datasets (only the data-lake source spec has them).
              parameters:
                - {name: id, in: path, required: true, schema: {type: string, enum: [23598e46-f560-407b-88d5-ea6207e49db0]}}
                - {name: outputType, in: query, required: true, schema: {type: string, enum: [activationDatasets]}}
                - {name: outputField, in: query, required: true, schema: {type: string, enum: [datasets]}}
                - {$ref: "#/components/parameters/start"}
                - {$ref: "#/components/parameters/limit"}
                - {$ref: "#/components/parameters/sandbox"}
              responses:
                "200":
                  description: one page of datasets; `_links.next` points at the next page
                  headers: {x-total-count: {$ref: "#/components/headers/TotalCount"}}
                  content: {application/json: {schema: {$ref: "#/components/schemas/DataSetList"}}}
                \(errors(400, 404))
          /data/foundation/flowservice/flowSpecs:
            get:
              operationId: listFlowSpecs
              tags: [flowservice]
              summary: Dataset-export flow specs, one per destination spec.
              responses:
                "200": {description: flow specs, content: {application/json: {schema: {$ref: "#/components/schemas/FlowSpecList"}}}}
                \(errors())

        """

    /// Base, source and target connections.
    static let flowServiceConnectionPaths = """
          /data/foundation/flowservice/connections:
            get:
              operationId: listConnections
              tags: [flowservice]
              summary: Base connections without credentials, paged and filtered.
              parameters: [{$ref: "#/components/parameters/start"}, {$ref: "#/components/parameters/limit"}, {$ref: "#/components/parameters/property"}]
              responses:
                "200":
                  description: one page of connections; `_links.next` points at the next page
                  headers: {x-total-count: {$ref: "#/components/headers/TotalCount"}}
                  content: {application/json: {schema: {$ref: "#/components/schemas/ConnectionList"}}}
                \(errors(400))
            post:
              operationId: createConnection
              tags: [flowservice]
              summary: Create a base connection; credentials are stored encrypted and never echoed.
              requestBody: {required: true, content: {application/json: {schema: {$ref: "#/components/schemas/ConnectionCreate"}}}}
              responses:
                \(created("getConnection", "patchConnection", "testConnection"))
                \(errors(400, 413))
          /data/foundation/flowservice/connections/{id}:
            parameters: [{$ref: "#/components/parameters/id"}]
            get:
              operationId: getConnection
              tags: [flowservice]
              responses:
                "200": {description: the connection without credentials, content: {application/json: {schema: {$ref: "#/components/schemas/ConnectionList"}}}}
                \(errors(404))
            patch:
              operationId: patchConnection
              tags: [flowservice]
              summary: JSON Patch on /name, /auth/params/... or /encryption/...; credentials not sent are kept.
              requestBody: {required: true, content: {application/json: {schema: {$ref: "#/components/schemas/JsonPatch"}}}}
              responses:
                "200": {$ref: "#/components/responses/Updated"}
                \(errors(400, 404, 413))
            delete:
              operationId: deleteConnection
              tags: [flowservice]
              summary: Delete a base connection (409 while a target connection uses it).
              responses:
                "204": {description: deleted}
                \(errors(404, 409))
          /data/foundation/flowservice/connections/{id}/test:
            post:
              operationId: testConnection
              tags: [flowservice]
              summary: Reach the endpoint (cloud and SFTP connections report a connect step first), then write, list and delete a probe object (the local folder takes params.path in the body).
              parameters: [{$ref: "#/components/parameters/id"}]
              requestBody: {required: false, content: {application/json: {schema: {$ref: "#/components/schemas/ConnectionTest"}}}}
              responses:
                "200": {description: the probe's outcome, content: {application/json: {schema: {$ref: "#/components/schemas/ConnectionTestReport"}}}}
                \(errors(400, 404, 413))
          /data/foundation/flowservice/sourceConnections:
            get:
              operationId: listSourceConnections
              tags: [flowservice]
              summary: Source connections of the x-sandbox-name sandbox, paged and filtered.
              parameters: [{$ref: "#/components/parameters/start"}, {$ref: "#/components/parameters/limit"}, {$ref: "#/components/parameters/property"}, {$ref: "#/components/parameters/sandbox"}]
              responses:
                "200":
                  description: one page of source connections
                  headers: {x-total-count: {$ref: "#/components/headers/TotalCount"}}
                  content: {application/json: {schema: {$ref: "#/components/schemas/SourceConnectionList"}}}
                \(errors(400))
            post:
              operationId: createSourceConnection
              tags: [flowservice]
              summary: The datasets a flow exports, in the x-sandbox-name sandbox.
              parameters: [{$ref: "#/components/parameters/sandbox"}]
              requestBody: {required: true, content: {application/json: {schema: {$ref: "#/components/schemas/SourceConnectionCreate"}}}}
              responses:
                \(created("getSourceConnection"))
                \(errors(400, 413))
          /data/foundation/flowservice/sourceConnections/{id}:
            parameters: [{$ref: "#/components/parameters/id"}, {$ref: "#/components/parameters/sandbox"}]
            get:
              operationId: getSourceConnection
              tags: [flowservice]
              responses:
                "200": {description: the source connection, content: {application/json: {schema: {$ref: "#/components/schemas/SourceConnectionList"}}}}
                \(errors(404))
            delete:
              operationId: deleteSourceConnection
              tags: [flowservice]
              summary: Delete a source connection (409 while a flow reads it).
              responses:
                "204": {description: deleted}
                \(errors(404, 409))
          /data/foundation/flowservice/targetConnections:
            get:
              operationId: listTargetConnections
              tags: [flowservice]
              summary: Target connections, paged and filtered.
              parameters: [{$ref: "#/components/parameters/start"}, {$ref: "#/components/parameters/limit"}, {$ref: "#/components/parameters/property"}]
              responses:
                "200":
                  description: one page of target connections
                  headers: {x-total-count: {$ref: "#/components/headers/TotalCount"}}
                  content: {application/json: {schema: {$ref: "#/components/schemas/TargetConnectionList"}}}
                \(errors(400))
            post:
              operationId: createTargetConnection
              tags: [flowservice]
              summary: Where and how files land (format, compression, manifest, file size, location).
              requestBody: {required: true, content: {application/json: {schema: {$ref: "#/components/schemas/TargetConnectionCreate"}}}}
              responses:
                \(created("getTargetConnection"))
                \(errors(400, 413))
          /data/foundation/flowservice/targetConnections/{id}:
            parameters: [{$ref: "#/components/parameters/id"}]
            get:
              operationId: getTargetConnection
              tags: [flowservice]
              responses:
                "200": {description: the target connection, content: {application/json: {schema: {$ref: "#/components/schemas/TargetConnectionList"}}}}
                \(errors(404))
            delete:
              operationId: deleteTargetConnection
              tags: [flowservice]
              summary: Delete a target connection (409 while a flow delivers to it).
              responses:
                "204": {description: deleted}
                \(errors(404, 409))

        """

    /// Flows and runs.
    static let flowServiceFlowPaths = """
          /data/foundation/flowservice/flows:
            get:
              operationId: listFlows
              tags: [flowservice]
              parameters: [{$ref: "#/components/parameters/start"}, {$ref: "#/components/parameters/limit"}, {$ref: "#/components/parameters/property"}]
              responses:
                "200":
                  description: one page of flows
                  headers: {x-total-count: {$ref: "#/components/headers/TotalCount"}}
                  content: {application/json: {schema: {$ref: "#/components/schemas/FlowList"}}}
                \(errors(400))
            post:
              operationId: createFlow
              tags: [flowservice]
              summary: A source connection to a target connection on a schedule.
              requestBody: {required: true, content: {application/json: {schema: {$ref: "#/components/schemas/FlowCreate"}}}}
              responses:
                \(created("getFlow", "patchFlow", "startRun", "flowAction", "deleteFlow"))
                \(errors(400, 413))
          /data/foundation/flowservice/flows/{id}:
            parameters: [{$ref: "#/components/parameters/id"}]
            get:
              operationId: getFlow
              tags: [flowservice]
              responses:
                "200":
                  description: the flow in items
                  headers: {ETag: {$ref: "#/components/headers/ETag"}}
                  content: {application/json: {schema: {$ref: "#/components/schemas/FlowList"}}}
                \(errors(404))
            patch:
              operationId: patchFlow
              tags: [flowservice]
              summary: JSON Patch on /name, /state, /scheduleParams/...; If-Match is required (412 when stale).
              parameters:
                - {name: If-Match, in: header, required: true, description: the flow's current ETag, schema: {type: string}}
              requestBody: {required: true, content: {application/json: {schema: {$ref: "#/components/schemas/JsonPatch"}}}}
              responses:
                "200": {$ref: "#/components/responses/Updated"}
                \(errors(400, 404, 412, 413, 428))
            delete:
              operationId: deleteFlow
              tags: [flowservice]
              responses:
                "204": {description: deleted}
                \(errors(404))
          /data/foundation/flowservice/flows/{id}/action:
            post:
              operationId: flowAction
              tags: [flowservice]
              summary: "AEP enable/disable: a disabled flow is never scheduled and refuses ad-hoc runs (409)."
              parameters:
                - {$ref: "#/components/parameters/id"}
                - {name: op, in: query, required: true, schema: {type: string, enum: [enable, disable]}}
              responses:
                "200": {$ref: "#/components/responses/Updated"}
                \(errors(400, 404))
          /data/foundation/flowservice/flows/{id}/runs:
            post:
              operationId: startRun
              tags: [flowservice]
              summary: >-
                Ad-hoc run (no body or {}) or a backfill of the batches committed in a window; 202 at once, the
                export service runs it. 409 while the flow is disabled or has an unfinished run.
              parameters: [{$ref: "#/components/parameters/id"}]
              requestBody: {required: false, content: {application/json: {schema: {$ref: "#/components/schemas/RunRequest"}}}}
              responses:
                "202":
                  description: the queued run
                  headers: {Location: {$ref: "#/components/headers/Location"}}
                  content: {application/json: {schema: {$ref: "#/components/schemas/RunList"}}}
                  links: {getRun: {operationId: getRun, parameters: {id: "$response.body#/items/0/id"}}}
                \(errors(400, 404, 409, 413))
          /data/foundation/flowservice/runs:
            get:
              operationId: listRuns
              tags: [flowservice]
              summary: Runs newest first; filter with property=flowId==<id> (or any other top-level field).
              parameters: [{$ref: "#/components/parameters/property"}, {$ref: "#/components/parameters/start"}, {$ref: "#/components/parameters/limit"}]
              responses:
                "200":
                  description: one page of runs
                  headers: {x-total-count: {$ref: "#/components/headers/TotalCount"}}
                  content: {application/json: {schema: {$ref: "#/components/schemas/RunList"}}}
                \(errors(400))
          /data/foundation/flowservice/runs/{id}:
            get:
              operationId: getRun
              tags: [flowservice]
              summary: A run with AEP metrics, outputs, attempts and live progress.
              parameters: [{$ref: "#/components/parameters/id"}]
              responses:
                "200": {description: the run in items, content: {application/json: {schema: {$ref: "#/components/schemas/RunList"}}}}
                \(errors(404))

        """
}
