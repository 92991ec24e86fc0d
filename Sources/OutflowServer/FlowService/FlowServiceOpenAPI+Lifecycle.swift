extension OpenAPIDocument {
    /// Adds the lifecycle operations to the Flow Service paths: each `(path, operation YAML)` goes right under
    /// its existing path item, or becomes a new path item at the end. (For the document's owner to fold in.)
    static func withLifecycleOperations(_ paths: String) -> String {
        var text = paths
        var appended = ""
        for (path, operation) in lifecycleOperations {
            let header = "\n  \(path):\n"
            if let range = text.range(of: header) {
                text.insert(contentsOf: operation, at: range.upperBound)
            } else {
                appended += "  \(path):\n" + operation
            }
        }
        return text.hasSuffix("\n") ? text + appended : text + "\n" + appended
    }

    /// Connection lists and deletes, flow enable/disable (operations at four spaces, as under a path item).
    static let lifecycleOperations: [(path: String, operation: String)] = [
        (
            "/data/foundation/flowservice/connections",
            """
                get:
                  operationId: listConnections
                  tags: [flowservice]
                  summary: Base connections without credentials, paged and filtered with property=field==value.
                  parameters: [{$ref: "#/components/parameters/start"}, {$ref: "#/components/parameters/limit"}, {$ref: "#/components/parameters/property"}]
                  responses:
                    "200":
                      description: one page of connections
                      headers: {x-total-count: {$ref: "#/components/headers/TotalCount"}}
                      content: {application/json: {schema: {$ref: "#/components/schemas/ConnectionList"}}}
                    \(errors(400))

            """
        ),
        (
            "/data/foundation/flowservice/connections/{id}",
            """
                delete:
                  operationId: deleteConnection
                  tags: [flowservice]
                  summary: Delete a base connection and its credentials; 409 while a target connection uses it.
                  responses:
                    "204": {description: deleted}
                    \(errors(404, 409))

            """
        ),
        (
            "/data/foundation/flowservice/sourceConnections",
            """
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

            """
        ),
        (
            "/data/foundation/flowservice/sourceConnections/{id}",
            """
                delete:
                  operationId: deleteSourceConnection
                  tags: [flowservice]
                  summary: Delete a source connection; 409 while a flow reads it.
                  parameters: [{$ref: "#/components/parameters/id"}, {$ref: "#/components/parameters/sandbox"}]
                  responses:
                    "204": {description: deleted}
                    \(errors(404, 409))

            """
        ),
        (
            "/data/foundation/flowservice/targetConnections",
            """
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

            """
        ),
        (
            "/data/foundation/flowservice/targetConnections/{id}",
            """
                delete:
                  operationId: deleteTargetConnection
                  tags: [flowservice]
                  summary: Delete a target connection; 409 while a flow delivers to it.
                  parameters: [{$ref: "#/components/parameters/id"}]
                  responses:
                    "204": {description: deleted}
                    \(errors(404, 409))

            """
        ),
        (
            "/data/foundation/flowservice/flows/{id}/action",
            """
                post:
                  operationId: flowAction
                  tags: [flowservice]
                  summary: AEP enable/disable; a disabled flow is never scheduled and refuses ad-hoc runs (409).
                  parameters:
                    - {$ref: "#/components/parameters/id"}
                    - {name: op, in: query, required: true, schema: {type: string, enum: [enable, disable]}}
                  responses:
                    "200": {$ref: "#/components/responses/Updated"}
                    \(errors(400, 404))

            """
        ),
    ]
}
