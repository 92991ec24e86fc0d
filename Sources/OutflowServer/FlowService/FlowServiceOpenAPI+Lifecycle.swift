extension OpenAPIDocument {
    /// OpenAPI for the connection/flow lifecycle routes, for the owner of the document to merge into
    /// `flowServicePaths` (not yet part of `yaml`). `lifecycleNewPaths` are path items that do not exist yet;
    /// `lifecycleOperations` are operations (and one request body) to add under path items that already exist.
    static let lifecycleNewPaths = """
          /data/foundation/flowservice/flows/{id}/action:
            post:
              summary: "AEP enable/disable: a disabled flow is never scheduled and refuses ad-hoc runs (409)."
              parameters:
                - {name: id, in: path, required: true, schema: {type: string}}
                - {name: op, in: query, required: true, schema: {type: string, enum: [enable, disable]}}
              responses:
                "200": {description: "{id, etag}", content: {application/json: {schema: {$ref: "#/components/schemas/Created"}}}}
                default: {$ref: "#/components/responses/Problem"}

        """

    /// Operations for existing path items (merge by path).
    static let lifecycleOperations = """
          /data/foundation/flowservice/connections:
            get:
              summary: Base connections without credentials, paged and filtered.
              parameters: [{$ref: "#/components/parameters/start"}, {$ref: "#/components/parameters/limit"}, {$ref: "#/components/parameters/property"}]
              responses:
                "200": {description: connections (x-total-count), content: {application/json: {schema: {$ref: "#/components/schemas/Items"}}}}
                default: {$ref: "#/components/responses/Problem"}
          /data/foundation/flowservice/connections/{id}:
            delete:
              summary: 409 while a target connection uses it.
              responses:
                "204": {description: deleted}
                default: {$ref: "#/components/responses/Problem"}
          /data/foundation/flowservice/sourceConnections:
            get:
              summary: Source connections of the x-sandbox-name sandbox, paged and filtered.
              parameters: [{$ref: "#/components/parameters/start"}, {$ref: "#/components/parameters/limit"}, {$ref: "#/components/parameters/property"}, {$ref: "#/components/parameters/sandbox"}]
              responses:
                "200": {description: source connections, content: {application/json: {schema: {$ref: "#/components/schemas/Items"}}}}
                default: {$ref: "#/components/responses/Problem"}
          /data/foundation/flowservice/sourceConnections/{id}:
            delete:
              summary: 409 while a flow reads it.
              parameters: [{name: id, in: path, required: true, schema: {type: string}}, {$ref: "#/components/parameters/sandbox"}]
              responses:
                "204": {description: deleted}
                default: {$ref: "#/components/responses/Problem"}
          /data/foundation/flowservice/targetConnections:
            get:
              summary: Target connections, paged and filtered.
              parameters: [{$ref: "#/components/parameters/start"}, {$ref: "#/components/parameters/limit"}, {$ref: "#/components/parameters/property"}]
              responses:
                "200": {description: target connections, content: {application/json: {schema: {$ref: "#/components/schemas/Items"}}}}
                default: {$ref: "#/components/responses/Problem"}
          /data/foundation/flowservice/targetConnections/{id}:
            delete:
              summary: 409 while a flow delivers to it.
              parameters: [{name: id, in: path, required: true, schema: {type: string}}]
              responses:
                "204": {description: deleted}
                default: {$ref: "#/components/responses/Problem"}
          /data/foundation/flowservice/flows/{id}/runs:
            post:
              summary: "Ad-hoc run ({} or no body) or backfill {backfill: {startTime, endTime}} (epoch seconds, start < end); 409 while the flow is disabled or has an unfinished run."
              requestBody:
                required: false
                content:
                  application/json:
                    schema:
                      type: object
                      properties:
                        backfill:
                          type: object
                          required: [startTime, endTime]
                          properties: {startTime: {type: integer, minimum: 0}, endTime: {type: integer, minimum: 0}}
          /data/foundation/flowservice/runs:
            get:
              summary: "Runs newest first; property=flowId==<id> optional. Each run has kind, attempts, errors, history, retryAt and live progress."

        """
}
