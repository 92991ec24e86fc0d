/// The OpenAPI 3.1 description of the HTTP API, served at `/openapi.yaml`.
enum OpenAPIDocument {
    /// The catalog and ingestion part; `yaml` adds the Flow Service paths.
    static let core = """
        openapi: 3.1.0
        info:
          title: Outflow API
          version: 0.1.0
          description: >-
            Catalog and batch ingestion with Adobe Experience Platform resource and field names.
            Send `Authorization: Bearer <api key>` when the server has an API key, and `x-sandbox-name`
            (default `prod`). Errors are `application/problem+json` with a stable `code`.
        servers:
          - url: http://127.0.0.1:8080
        security:
          - bearer: []
        paths:
          /healthz:
            get:
              summary: Liveness check (no authentication).
              security: []
              responses:
                "200": {description: ok, content: {application/json: {schema: {type: object, properties: {status: {type: string}}}}}}
          /data/foundation/catalog/dataSets:
            get:
              summary: List datasets (object keyed by id; total in x-total-count).
              parameters: [{$ref: "#/components/parameters/sandbox"}, {$ref: "#/components/parameters/start"}, {$ref: "#/components/parameters/limit"}, {$ref: "#/components/parameters/property"}]
              responses:
                "200": {description: datasets, headers: {x-total-count: {schema: {type: integer}}}, content: {application/json: {schema: {type: object, additionalProperties: {$ref: "#/components/schemas/DataSet"}}}}}
                default: {$ref: "#/components/responses/Problem"}
            post:
              summary: Create a dataset from a schema document.
              parameters: [{$ref: "#/components/parameters/sandbox"}]
              requestBody:
                required: true
                content:
                  application/json:
                    schema:
                      type: object
                      required: [name, schema]
                      properties:
                        name: {type: string}
                        description: {type: string}
                        schema: {type: object, description: "Outflow schema document (title, class, labels, fields)"}
              responses:
                "201": {description: created, content: {application/json: {schema: {type: array, items: {type: string, example: "@/dataSets/5f0c..."}}}}}
                default: {$ref: "#/components/responses/Problem"}
          /data/foundation/catalog/dataSets/{id}:
            parameters: [{name: id, in: path, required: true, schema: {type: string}}, {$ref: "#/components/parameters/sandbox"}]
            get:
              summary: One dataset (by id or name), keyed by id.
              responses:
                "200": {description: dataset, content: {application/json: {schema: {type: object, additionalProperties: {$ref: "#/components/schemas/DataSet"}}}}}
                default: {$ref: "#/components/responses/Problem"}
            delete:
              summary: Delete a dataset and its lake files (409 when in use).
              responses:
                "200": {description: deleted}
                default: {$ref: "#/components/responses/Problem"}
          /data/foundation/catalog/schemas:
            get:
              summary: List schemas, keyed by id.
              parameters: [{$ref: "#/components/parameters/sandbox"}, {$ref: "#/components/parameters/start"}, {$ref: "#/components/parameters/limit"}]
              responses:
                "200": {description: schemas}
                default: {$ref: "#/components/responses/Problem"}
          /data/foundation/catalog/schemas/{id}:
            get:
              parameters: [{name: id, in: path, required: true, schema: {type: string}}, {$ref: "#/components/parameters/sandbox"}]
              responses:
                "200": {description: schema}
                default: {$ref: "#/components/responses/Problem"}
          /data/foundation/catalog/batches:
            get:
              summary: List batches, optionally of one dataset, keyed by id.
              parameters:
                - {$ref: "#/components/parameters/sandbox"}
                - {$ref: "#/components/parameters/start"}
                - {$ref: "#/components/parameters/limit"}
                - {name: dataSet, in: query, schema: {type: string}}
                - {$ref: "#/components/parameters/property"}
              responses:
                "200": {description: batches, content: {application/json: {schema: {type: object, additionalProperties: {$ref: "#/components/schemas/Batch"}}}}}
                default: {$ref: "#/components/responses/Problem"}
          /data/foundation/catalog/batches/{id}:
            get:
              parameters: [{name: id, in: path, required: true, schema: {type: string}}, {$ref: "#/components/parameters/sandbox"}]
              responses:
                "200": {description: batch keyed by id}
                default: {$ref: "#/components/responses/Problem"}
          /data/foundation/import/batches:
            post:
              summary: Create an ingestion batch.
              parameters: [{$ref: "#/components/parameters/sandbox"}]
              requestBody:
                required: true
                content:
                  application/json:
                    schema:
                      type: object
                      required: [datasetId, inputFormat]
                      properties:
                        datasetId: {type: string}
                        inputFormat: {type: object, properties: {format: {type: string, enum: [json, csv, parquet]}}}
                        clientBatchKey: {type: string}
                        partialIngestionPercentage: {type: number, minimum: 0, maximum: 100}
              responses:
                "201": {description: batch, content: {application/json: {schema: {$ref: "#/components/schemas/Batch"}}}}
                default: {$ref: "#/components/responses/Problem"}
          /data/foundation/import/batches/{batchId}/datasets/{datasetId}/files/{fileName}:
            put:
              summary: Upload one file of a batch (raw body, streamed to disk).
              parameters:
                - {name: batchId, in: path, required: true, schema: {type: string}}
                - {name: datasetId, in: path, required: true, schema: {type: string}}
                - {name: fileName, in: path, required: true, schema: {type: string}}
                - {$ref: "#/components/parameters/sandbox"}
              requestBody: {required: true, content: {application/octet-stream: {schema: {type: string, format: binary}}}}
              responses:
                "200": {description: stored}
                default: {$ref: "#/components/responses/Problem"}
          /data/foundation/import/batches/{batchId}:
            post:
              summary: Complete (validate and commit) or abort a batch.
              parameters:
                - {name: batchId, in: path, required: true, schema: {type: string}}
                - {name: action, in: query, required: true, schema: {type: string, enum: [COMPLETE, ABORT]}}
                - {$ref: "#/components/parameters/sandbox"}
              responses:
                "200": {description: the batch after the action (status success, failed or aborted), content: {application/json: {schema: {$ref: "#/components/schemas/Batch"}}}}
                default: {$ref: "#/components/responses/Problem"}
        components:
          securitySchemes:
            bearer: {type: http, scheme: bearer}
          parameters:
            sandbox: {name: x-sandbox-name, in: header, schema: {type: string, default: prod}}
            start: {name: start, in: query, schema: {type: integer, minimum: 0, default: 0}}
            limit: {name: limit, in: query, schema: {type: integer, minimum: 1, maximum: 1000, default: 50}}
            property: {name: property, in: query, description: "filter field==value or field!=value (repeatable)", schema: {type: string}}
          responses:
            Problem:
              description: problem
              content: {application/problem+json: {schema: {$ref: "#/components/schemas/Problem"}}}
          schemas:
            Items:
              type: object
              properties: {items: {type: array, items: {type: object}}, _links: {type: object}}
            Created:
              type: object
              properties: {id: {type: string}, etag: {type: string}}
            Problem:
              type: object
              required: [type, title, status, detail, code]
              properties:
                type: {type: string}
                title: {type: string}
                status: {type: integer}
                detail: {type: string}
                code: {type: string, enum: [NOT_FOUND, ALREADY_EXISTS, INVALID_SCHEMA, INVALID_INPUT, INVALID_REQUEST, BATCH_NOT_LOADING, INGESTION_FAILED, CONFLICT, STORAGE, CATALOG, UNAUTHORIZED, PAYLOAD_TOO_LARGE, METHOD_NOT_ALLOWED, INTERNAL, INVALID_FIELD, PRECONDITION_FAILED, PRECONDITION_REQUIRED, DESTINATION, ENCODING]}
                field: {type: string}
                errors: {type: array, items: {$ref: "#/components/schemas/RecordError"}}
            RecordError:
              type: object
              properties: {file: {type: string}, line: {type: integer}, fieldPath: {type: string}, reason: {type: string}}
            DataSet:
              type: object
              properties:
                id: {type: string}
                name: {type: string}
                description: {type: string}
                sandbox: {type: string}
                schemaRef: {type: object, properties: {id: {type: string}, contentType: {type: string}}}
                labels: {type: array, items: {type: string}}
                created: {type: integer, description: epoch milliseconds}
                updated: {type: integer}
                rowCount: {type: integer}
                sizeBytes: {type: integer}
                batchCount: {type: integer}
            Batch:
              type: object
              properties:
                id: {type: string}
                status: {type: string, enum: [loading, success, failed, aborted]}
                sandbox: {type: string}
                relatedObjects: {type: array, items: {type: object, properties: {type: {type: string}, id: {type: string}}}}
                inputFormat: {type: object, properties: {format: {type: string}}}
                metrics: {type: object, properties: {recordsWritten: {type: integer}, failedRecordCount: {type: integer}}}
                sequence: {type: integer}
                files: {type: array, items: {type: string}}
                inputFiles: {type: array, items: {type: string}}
                errors: {type: array, items: {$ref: "#/components/schemas/RecordError"}}
                errorSummary: {type: string}
                clientBatchKey: {type: string}
                created: {type: integer}
                completed: {type: integer}

        """
}
