/// The OpenAPI 3.1 description of the HTTP API, served at `/openapi.yaml`.
///
/// The text is assembled from fragments, one per area: the document header and shared components here, the
/// catalog and ingestion paths in `OpenAPIDocument+Catalog.swift`, the Flow Service in
/// `FlowService/FlowServiceOpenAPI*.swift`. Path fragments are indented for `paths:` (two spaces), schema
/// fragments for `components.schemas` (four spaces). `OpenAPIDocumentTests` checks that every route the
/// router serves is described and that nothing else is; `IntegrationTests/test_openapi.py` validates the
/// document and runs schemathesis against a live server.
enum OpenAPIDocument {
    /// The whole document.
    static let yaml =
        header + "paths:\n" + servicePaths + catalogPaths + ingestPaths + flowServicePaths + landingZonePaths
        + "components:\n" + sharedComponents + "  schemas:\n" + sharedSchemas + catalogSchemas
        + flowServiceSchemas

    /// Response entries for the given error statuses (problem+json), plus 401 (when the server has an API
    /// key) and 5XX (storage failures); one entry per line at the indentation of an operation's responses.
    static func errors(_ statuses: Int...) -> String {
        let problems = statuses.map { "\"\($0)\": {$ref: \"#/components/responses/Problem\"}" }
        let common = [
            "\"401\": {$ref: \"#/components/responses/Unauthorized\"}",
            "\"5XX\": {$ref: \"#/components/responses/Problem\"}",
        ]
        return (problems + common).joined(separator: "\n        ")
    }

    /// A 201 `{id, etag}` response with its `ETag` header and OpenAPI links handing the new id to
    /// `operations` (each an operationId whose `id` path parameter takes it; `patchFlow` also gets `If-Match`).
    static func created(_ operations: String...) -> String {
        var lines = [
            "\"201\":",
            "  description: created",
            "  headers: {ETag: {$ref: \"#/components/headers/ETag\"}}",
            "  content: {application/json: {schema: {$ref: \"#/components/schemas/Created\"}}}",
        ]
        if !operations.isEmpty { lines.append("  links:") }
        for operation in operations {
            let ifMatch = operation == "patchFlow" ? ", header.If-Match: \"$response.body#/etag\"" : ""
            lines.append(
                "    \(operation): {operationId: \(operation), parameters: {id: \"$response.body#/id\"\(ifMatch)}}")
        }
        return lines.joined(separator: "\n        ")
    }

    static let header = """
        openapi: 3.1.0
        info:
          title: Outflow API
          version: 0.2.0
          description: >-
            Catalog, batch ingestion and dataset export (Flow Service) with Adobe Experience Platform resource
            and field names, so AEP scripts port with a base-URL change. Send `Authorization: Bearer <api key>`
            when the server has an API key, and `x-sandbox-name` (default `prod`). Every error is
            `application/problem+json` with a stable `code` and, when a request field is at fault, `field`
            naming it (a dotted JSON path such as `scheduleParams.interval`).
        servers:
          - url: /
            description: the server that serves this document (default http://127.0.0.1:8080)
        security:
          - bearer: []
        tags:
          - {name: service, description: Health and this document.}
          - {name: catalog, description: "Datasets, schemas and batches (AEP Catalog Service)."}
          - {name: import, description: Batch ingestion (AEP Batch Ingestion API).}
          - {name: flowservice, description: Dataset exports (AEP Flow Service).}
          - {name: landingzone, description: "Data Landing Zone credentials (SAS for the Azure-compatible landing zone)."}

        """

    static let servicePaths = """
          /healthz:
            get:
              operationId: getHealth
              tags: [service]
              summary: Liveness check (no authentication).
              security: []
              responses:
                "200":
                  description: the server is up
                  content:
                    application/json:
                      schema: {type: object, required: [status], properties: {status: {type: string, const: ok}}}
          /openapi.yaml:
            get:
              operationId: getOpenAPIDocument
              tags: [service]
              summary: This document (no authentication).
              security: []
              responses:
                "200":
                  description: the OpenAPI document
                  content: {application/yaml: {schema: {type: object, description: "an OpenAPI 3.1 document (this one)"}}}

        """

    static let sharedComponents = """
          securitySchemes:
            bearer: {type: http, scheme: bearer, description: "the server's API key (OUTFLOW_API_KEY)"}
          parameters:
            sandbox:
              name: x-sandbox-name
              in: header
              description: sandbox name (lowercase letters, digits, '-' and '_'); prod by default
              schema: {type: string, default: prod}
            start: {name: start, in: query, description: offset of the first item, schema: {type: integer, minimum: 0, maximum: 9223372036854775807, default: 0}}
            limit: {name: limit, in: query, description: page size, schema: {type: integer, minimum: 1, maximum: 1000, default: 50}}
            property:
              name: property
              in: query
              description: "filter `field==value` or `field!=value` on a top-level field; repeat to require all"
              schema: {type: string, pattern: "^[^=!]+(==|!=)"}
            id: {name: id, in: path, required: true, schema: {type: string, minLength: 1}}
          headers:
            TotalCount: {description: total items of the listing, required: true, schema: {type: integer, minimum: 0}}
            ETag: {description: the resource version for If-Match, required: true, schema: {type: string, minLength: 1}}
            Location: {description: URL of the created resource, required: true, schema: {type: string, minLength: 1}}
          responses:
            Problem:
              description: the request failed; `code` is stable, `field` names the request field at fault
              content: {application/problem+json: {schema: {$ref: "#/components/schemas/Problem"}}}
            Updated:
              description: updated; the new etag
              headers: {ETag: {$ref: "#/components/headers/ETag"}}
              content: {application/json: {schema: {$ref: "#/components/schemas/Created"}}}
            Unauthorized:
              description: the server has an API key and the request did not send it as a bearer token
              headers: {WWW-Authenticate: {required: true, schema: {type: string, const: Bearer}}}
              content: {application/problem+json: {schema: {$ref: "#/components/schemas/Problem"}}}

        """

    static let sharedSchemas = """
            Problem:
              type: object
              description: An RFC 9457 problem document with Outflow's stable error code.
              required: [type, title, status, detail, code]
              properties:
                type: {type: string, description: "URI of the problem type, https://outflow.dev/problems/<code>"}
                title: {type: string, description: the HTTP reason phrase}
                status: {type: integer, minimum: 400, maximum: 599}
                detail: {type: string, description: what went wrong in this occurrence}
                code:
                  type: string
                  pattern: "^[A-Z][A-Z_]*$"
                  description: >-
                    stable code: NOT_FOUND, ALREADY_EXISTS, INVALID_SCHEMA, INVALID_INPUT, INVALID_REQUEST,
                    INVALID_FIELD, BATCH_NOT_LOADING, INGESTION_FAILED, CONFLICT, PRECONDITION_FAILED,
                    PRECONDITION_REQUIRED, PAYLOAD_TOO_LARGE, METHOD_NOT_ALLOWED, UNAUTHORIZED, DESTINATION,
                    STORAGE, CATALOG, ENCODING, INTERNAL
                field: {type: string, description: "the request field at fault (`scheduleParams.interval`, `If-Match`, `start`)"}
                errors: {type: array, items: {$ref: "#/components/schemas/RecordError"}}
            JsonPatch:
              type: array
              description: RFC 6902 operations on object paths (add, replace, remove)
              items:
                type: object
                required: [op, path]
                properties:
                  op: {type: string, enum: [add, replace, remove]}
                  path: {type: string, pattern: "^(/[^/]+)+$", description: "an object path such as /scheduleParams/interval"}
                  value: {}

        """
}
