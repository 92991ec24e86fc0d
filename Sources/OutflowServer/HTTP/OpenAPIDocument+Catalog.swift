extension OpenAPIDocument {
    /// `/data/foundation/catalog`: datasets, schemas, batches (listings are objects keyed by id).
    static let catalogPaths = """
          /data/foundation/catalog/dataSets:
            get:
              operationId: listDataSets
              tags: [catalog]
              summary: List datasets (object keyed by id; total in x-total-count).
              parameters: [{$ref: "#/components/parameters/sandbox"}, {$ref: "#/components/parameters/start"}, {$ref: "#/components/parameters/limit"}, {$ref: "#/components/parameters/property"}]
              responses:
                "200":
                  description: one page of datasets keyed by id
                  headers: {x-total-count: {$ref: "#/components/headers/TotalCount"}}
                  content: {application/json: {schema: {$ref: "#/components/schemas/DataSetsById"}}}
                \(errors(400, 404))
            post:
              operationId: createDataSet
              tags: [catalog]
              summary: Create a dataset from a schema document.
              parameters: [{$ref: "#/components/parameters/sandbox"}]
              requestBody:
                required: true
                content: {application/json: {schema: {$ref: "#/components/schemas/DataSetCreate"}}}
              responses:
                "201":
                  description: "created; the body is ['@/dataSets/<id>']"
                  headers: {Location: {$ref: "#/components/headers/Location"}}
                  content: {application/json: {schema: {$ref: "#/components/schemas/ResourceRefs"}}}
                \(errors(400, 404, 409, 413))
          /data/foundation/catalog/dataSets/{id}:
            parameters: [{$ref: "#/components/parameters/id"}, {$ref: "#/components/parameters/sandbox"}]
            get:
              operationId: getDataSet
              tags: [catalog]
              summary: One dataset (by id or name), keyed by id.
              responses:
                "200": {description: the dataset keyed by id, content: {application/json: {schema: {$ref: "#/components/schemas/DataSetsById"}}}}
                \(errors(404))
            delete:
              operationId: deleteDataSet
              tags: [catalog]
              summary: Delete a dataset and its lake files (409 while an enabled flow exports it).
              responses:
                "200": {description: deleted, content: {application/json: {schema: {$ref: "#/components/schemas/ResourceRefs"}}}}
                \(errors(404, 409))
          /data/foundation/catalog/schemas:
            get:
              operationId: listSchemas
              tags: [catalog]
              summary: List schemas, keyed by id.
              parameters: [{$ref: "#/components/parameters/sandbox"}, {$ref: "#/components/parameters/start"}, {$ref: "#/components/parameters/limit"}]
              responses:
                "200":
                  description: one page of schemas keyed by id
                  headers: {x-total-count: {$ref: "#/components/headers/TotalCount"}}
                  content: {application/json: {schema: {type: object, additionalProperties: {$ref: "#/components/schemas/SchemaRecord"}}}}
                \(errors(400, 404))
          /data/foundation/catalog/schemas/{id}:
            get:
              operationId: getSchema
              tags: [catalog]
              parameters: [{$ref: "#/components/parameters/id"}, {$ref: "#/components/parameters/sandbox"}]
              responses:
                "200": {description: the schema keyed by id, content: {application/json: {schema: {type: object, additionalProperties: {$ref: "#/components/schemas/SchemaRecord"}}}}}
                \(errors(404))
          /data/foundation/catalog/batches:
            get:
              operationId: listBatches
              tags: [catalog]
              summary: List batches, optionally of one dataset, keyed by id.
              parameters:
                - {$ref: "#/components/parameters/sandbox"}
                - {$ref: "#/components/parameters/start"}
                - {$ref: "#/components/parameters/limit"}
                - {name: dataSet, in: query, description: only batches of this dataset id, schema: {type: string}}
                - {$ref: "#/components/parameters/property"}
              responses:
                "200":
                  description: one page of batches keyed by id
                  headers: {x-total-count: {$ref: "#/components/headers/TotalCount"}}
                  content: {application/json: {schema: {$ref: "#/components/schemas/BatchesById"}}}
                \(errors(400, 404))
          /data/foundation/catalog/batches/{id}:
            get:
              operationId: getBatch
              tags: [catalog]
              parameters: [{$ref: "#/components/parameters/id"}, {$ref: "#/components/parameters/sandbox"}]
              responses:
                "200": {description: the batch keyed by id, content: {application/json: {schema: {$ref: "#/components/schemas/BatchesById"}}}}
                \(errors(404))

        """

    /// `/data/foundation/import`: AEP batch ingestion.
    static let ingestPaths = """
          /data/foundation/import/batches:
            post:
              operationId: createBatch
              tags: [import]
              summary: Create an ingestion batch.
              parameters: [{$ref: "#/components/parameters/sandbox"}]
              requestBody:
                required: true
                content: {application/json: {schema: {$ref: "#/components/schemas/BatchCreate"}}}
              responses:
                "201": {description: the loading batch, content: {application/json: {schema: {$ref: "#/components/schemas/Batch"}}}}
                \(errors(400, 404, 409, 413))
          /data/foundation/import/batches/{batchId}/datasets/{datasetId}/files/{fileName}:
            put:
              operationId: uploadBatchFile
              tags: [import]
              summary: Upload one file of a batch (raw body, streamed to disk).
              parameters:
                - {name: batchId, in: path, required: true, schema: {type: string, minLength: 1}}
                - {name: datasetId, in: path, required: true, schema: {type: string, minLength: 1}}
                - {name: fileName, in: path, required: true, schema: {type: string, minLength: 1}}
                - {$ref: "#/components/parameters/sandbox"}
              requestBody: {required: true, content: {application/octet-stream: {schema: {type: string, format: binary}}}}
              responses:
                "200": {description: stored}
                \(errors(400, 404, 409, 413))
          /data/foundation/import/batches/{batchId}:
            post:
              operationId: actOnBatch
              tags: [import]
              summary: Complete (validate and commit) or abort a batch.
              parameters:
                - {name: batchId, in: path, required: true, schema: {type: string, minLength: 1}}
                - {name: action, in: query, required: true, schema: {type: string, enum: [COMPLETE, ABORT]}}
                - {$ref: "#/components/parameters/sandbox"}
              responses:
                "200": {description: "the batch after the action (success, failed or aborted)", content: {application/json: {schema: {$ref: "#/components/schemas/Batch"}}}}
                \(errors(400, 404, 409))

        """

    /// Catalog and ingestion schemas.
    static let catalogSchemas = """
            ResourceRefs:
              type: array
              items: {type: string, pattern: "^@/dataSets/"}
            DataSetCreate:
              type: object
              required: [name, schema]
              properties:
                name: {type: string, minLength: 1}
                description: {type: string}
                schema:
                  type: object
                  description: "Outflow schema document: title, class (ExperienceEvent or Record), labels, fields"
                  required: [title, fields]
                  properties:
                    title: {type: string, minLength: 1}
                    class: {type: string}
                    labels: {type: array, items: {type: string}}
                    fields: {type: array, items: {type: object, required: [name, type], properties: {name: {type: string}, type: {type: string}}}}
            DataSet:
              type: object
              required: [id, name, sandbox, schemaRef, labels, created, updated, rowCount, sizeBytes, batchCount]
              properties:
                id: {type: string}
                name: {type: string}
                description: {type: string}
                sandbox: {type: string}
                schemaRef:
                  type: object
                  required: [id, contentType]
                  properties: {id: {type: string}, contentType: {type: string}}
                labels: {type: array, items: {type: string}}
                created: {type: integer, description: epoch milliseconds}
                updated: {type: integer, description: epoch milliseconds}
                rowCount: {type: integer, minimum: 0}
                sizeBytes: {type: integer, minimum: 0}
                batchCount: {type: integer, minimum: 0}
            DataSetsById:
              type: object
              additionalProperties: {$ref: "#/components/schemas/DataSet"}
            SchemaRecord:
              type: object
              required: [id, sandbox, title, schemaClass, document, version, created, labels]
              properties:
                id: {type: string}
                sandbox: {type: string}
                title: {type: string}
                schemaClass: {type: string, description: ExperienceEvent or Record}
                document: {type: string, description: the normalized schema document (JSON text)}
                version: {type: integer}
                created: {type: integer, description: epoch milliseconds}
                labels: {type: array, items: {type: string}}
            RecordError:
              type: object
              properties: {file: {type: string}, line: {type: integer}, fieldPath: {type: string}, reason: {type: string}}
            BatchCreate:
              type: object
              required: [datasetId, inputFormat]
              properties:
                datasetId: {type: string, minLength: 1}
                inputFormat:
                  type: object
                  required: [format]
                  properties: {format: {type: string, enum: [json, csv, parquet]}}
                clientBatchKey: {type: string}
                partialIngestionPercentage: {type: number, minimum: 0, maximum: 100}
            Batch:
              type: object
              required: [id, status, sandbox, relatedObjects, inputFormat, metrics, files, inputFiles, errors, created]
              properties:
                id: {type: string}
                status: {type: string, enum: [loading, success, failed, aborted]}
                sandbox: {type: string}
                relatedObjects:
                  type: array
                  items: {type: object, required: [type, id], properties: {type: {type: string}, id: {type: string}}}
                inputFormat: {type: object, required: [format], properties: {format: {type: string}}}
                metrics:
                  type: object
                  required: [recordsWritten, failedRecordCount]
                  properties: {recordsWritten: {type: integer}, failedRecordCount: {type: integer}}
                sequence: {type: integer, description: commit order within the dataset (committed batches only)}
                files: {type: array, items: {type: string}}
                inputFiles: {type: array, items: {type: string}}
                errors: {type: array, items: {$ref: "#/components/schemas/RecordError"}}
                errorSummary: {type: string}
                clientBatchKey: {type: string}
                created: {type: integer, description: epoch milliseconds}
                completed: {type: integer, description: epoch milliseconds}
            BatchesById:
              type: object
              additionalProperties: {$ref: "#/components/schemas/Batch"}

        """
}
