extension OpenAPIDocument {
    /// Flow Service request and response schemas (AEP field names; Outflow's additions are extra fields).
    static let flowServiceSchemas =
        flowServiceCatalogSchemas + flowServiceConnectionSchemas + flowServiceFlowSchemas
        + flowServiceEncryptionSchemas

    static let flowServiceCatalogSchemas = """
            Links:
              type: object
              properties:
                next: {type: object, required: [href], properties: {href: {type: string}}}
            SpecRef:
              type: object
              required: [id]
              properties: {id: {type: string, minLength: 1}, version: {type: string}}
            Created:
              type: object
              required: [id, etag]
              properties: {id: {type: string}, etag: {type: string}}
            SpecParameter:
              type: object
              required: [name, type, description, required, secret]
              properties:
                name: {type: string}
                type: {type: string, enum: [string, integer, boolean]}
                description: {type: string}
                required: {type: boolean}
                allowed: {type: array, items: {type: string}}
                secret: {type: boolean, description: write-only credentials are never returned}
            ConnectionSpec:
              type: object
              required: [id, name, flowSpecId, authSpec, targetSpec, available]
              properties:
                id: {type: string}
                name: {type: string}
                flowSpecId: {type: string}
                authSpec: {type: array, items: {$ref: "#/components/schemas/SpecParameter"}}
                targetSpec: {type: array, items: {$ref: "#/components/schemas/SpecParameter"}}
                available: {type: boolean, description: whether Outflow can deliver to it today}
            ConnectionSpecList:
              type: object
              required: [items]
              properties:
                items: {type: array, items: {$ref: "#/components/schemas/ConnectionSpec"}}
                _links: {$ref: "#/components/schemas/Links"}
            FlowSpec:
              type: object
              required: [id, name, sourceConnectionSpecIds, targetConnectionSpecIds]
              properties:
                id: {type: string}
                name: {type: string}
                sourceConnectionSpecIds: {type: array, items: {type: string}}
                targetConnectionSpecIds: {type: array, items: {type: string}}
            FlowSpecList:
              type: object
              required: [items]
              properties:
                items: {type: array, items: {$ref: "#/components/schemas/FlowSpec"}}
                _links: {$ref: "#/components/schemas/Links"}
            DataSetList:
              type: object
              required: [items]
              properties:
                items: {type: array, items: {$ref: "#/components/schemas/DataSet"}}
                _links: {$ref: "#/components/schemas/Links"}

        """

    static let flowServiceConnectionSchemas = """
            ConnectionCreate:
              examples:
                - {name: landing zone, connectionSpec: {id: 10440537-2a7b-4583-ac39-ed38d4b848e8, version: "1.0"}, auth: {specName: None, params: {}}}
              type: object
              required: [name, connectionSpec]
              properties:
                name: {type: string, minLength: 1}
                description: {type: string}
                connectionSpec: {$ref: "#/components/schemas/SpecRef"}
                auth:
                  type: object
                  description: "credentials as the spec's authSpec names them; {specName: None, params: {}} when it has none"
                  properties:
                    specName: {type: string}
                    params: {type: object, additionalProperties: {type: string}}
                encryption: {$ref: "#/components/schemas/EncryptionCreate"}
            Connection:
              type: object
              required: [id, name, connectionSpec, auth, state, etag]
              properties:
                id: {type: string}
                name: {type: string}
                connectionSpec: {$ref: "#/components/schemas/SpecRef"}
                auth: {type: object, required: [specName], properties: {specName: {type: string}}, description: never holds credentials}
                encryption: {$ref: "#/components/schemas/Encryption"}
                state: {type: string, enum: [enabled, disabled]}
                etag: {type: string}
            ConnectionList:
              type: object
              required: [items]
              properties:
                items: {type: array, items: {$ref: "#/components/schemas/Connection"}}
                _links: {$ref: "#/components/schemas/Links"}
            ConnectionTest:
              type: object
              properties:
                params:
                  type: object
                  description: the target location to probe (path, bucketName, container, remotePath ...)
                  additionalProperties: {type: string}
            ConnectionTestReport:
              type: object
              required: [passed]
              properties:
                passed: {type: array, items: {type: string, enum: [write, list, delete, connect, hostKey, auth]}}
                failedStep: {type: string, enum: [write, list, delete, connect, hostKey, auth]}
                error:
                  type: object
                  required: [code, message]
                  properties:
                    code: {type: string, enum: [auth, permission, notFound, transient, invalid, io]}
                    message: {type: string}
                    path: {type: string}
            SourceConnectionCreate:
              examples:
                - {name: events, connectionSpec: {id: 8a9c3494-9708-43d7-ae3f-cda01e5030e1, version: "1.0"}, params: {datasets: [{id: 5f0c1a2b3c4d5e6f7a8b9c0d}]}}
              type: object
              required: [params]
              properties:
                name: {type: string}
                description: {type: string}
                connectionSpec: {$ref: "#/components/schemas/SpecRef"}
                params:
                  type: object
                  required: [datasets]
                  properties:
                    datasets:
                      type: array
                      minItems: 1
                      items: {type: object, required: [id], properties: {id: {type: string, minLength: 1}}}
            SourceConnection:
              type: object
              required: [id, connectionSpec, params, sandbox, etag]
              properties:
                id: {type: string}
                connectionSpec: {$ref: "#/components/schemas/SpecRef"}
                params:
                  type: object
                  required: [datasets]
                  properties:
                    datasets: {type: array, items: {type: object, required: [id], properties: {id: {type: string}}}}
                sandbox: {type: string}
                etag: {type: string}
            SourceConnectionList:
              type: object
              required: [items]
              properties:
                items: {type: array, items: {$ref: "#/components/schemas/SourceConnection"}}
                _links: {$ref: "#/components/schemas/Links"}
            DatasetFileType: {type: string, enum: [JSON, PARQUET]}
            Compression:
              type: string
              enum: [NONE, GZIP, SNAPPY, ZSTD]
              description: AEP's NONE and GZIP plus Outflow's SNAPPY (PARQUET only) and ZSTD
            TargetConnectionCreate:
              examples:
                - {name: parquet out, baseConnectionId: 3f1e6a4c-0000-4000-8000-000000000001, params: {path: exports, datasetFileType: PARQUET, compression: ZSTD, includeManifest: true, maxFileSizeMiB: 512}}
              type: object
              required: [baseConnectionId, params]
              properties:
                name: {type: string}
                description: {type: string}
                baseConnectionId: {type: string, minLength: 1}
                connectionSpec: {$ref: "#/components/schemas/SpecRef"}
                params:
                  type: object
                  required: [datasetFileType]
                  description: "file options plus the destination's location parameters (bucketName, container, remotePath ...), as strings"
                  properties:
                    path: {type: string, description: "an absolute folder for the local folder; relative to the destination's root otherwise"}
                    datasetFileType: {$ref: "#/components/schemas/DatasetFileType"}
                    compression: {$ref: "#/components/schemas/Compression"}
                    includeManifest: {type: boolean, default: true}
                    maxFileSizeMiB: {type: integer, minimum: 1, maximum: 5000, default: 5000}
                  additionalProperties: {type: string}
            TargetConnection:
              type: object
              required: [id, baseConnectionId, connectionSpec, params, etag]
              properties:
                id: {type: string}
                baseConnectionId: {type: string}
                connectionSpec: {$ref: "#/components/schemas/SpecRef"}
                params:
                  type: object
                  required: [path, datasetFileType, compression, includeManifest, maxFileSizeMiB]
                  properties:
                    path: {type: string}
                    datasetFileType: {$ref: "#/components/schemas/DatasetFileType"}
                    compression: {$ref: "#/components/schemas/Compression"}
                    includeManifest: {type: boolean}
                    maxFileSizeMiB: {type: integer}
                  additionalProperties: {type: string}
                etag: {type: string}
            TargetConnectionList:
              type: object
              required: [items]
              properties:
                items: {type: array, items: {$ref: "#/components/schemas/TargetConnection"}}
                _links: {$ref: "#/components/schemas/Links"}

        """

    static let flowServiceFlowSchemas = """
            EpochSeconds:
              description: epoch seconds (UTC), as a number or a numeric string
              oneOf:
                - {type: integer, minimum: 0}
                - {type: string, pattern: "^[0-9]+$"}
            ScheduleParams:
              type: object
              required: [exportMode, timeUnit, interval, startTime]
              properties:
                exportMode: {type: string, enum: [DAILY_FULL_EXPORT, FIRST_FULL_THEN_INCREMENTAL]}
                timeUnit: {type: string, enum: [day, hour]}
                interval:
                  type: integer
                  description: >-
                    day: 0 (a one-time export, DAILY_FULL_EXPORT only) or 1...366; hour: 3, 6, 8, 9 or 12
                startTime: {$ref: "#/components/schemas/EpochSeconds"}
                endTime: {$ref: "#/components/schemas/EpochSeconds"}
                foldernameTemplate:
                  type: string
                  description: "folder macros: %DATASET_ID%, %DESTINATION%, %EXPORT_TIME%, %DATETIME(YYYYMMdd_HHmmss)%, %SANDBOX_NAME% ..."
              anyOf:
                - properties: {timeUnit: {const: day}, interval: {type: integer, minimum: 0, maximum: 366}}
                - properties: {timeUnit: {const: hour}, interval: {type: integer, enum: [3, 6, 8, 9, 12]}}
            FlowCreate:
              examples:
                - name: hourly events
                  flowSpec: {id: cd2fc47e-e838-4f38-a581-8fff2f99b63a, version: "1.0"}
                  sourceConnectionIds: [7d3c0e1a-0000-4000-8000-000000000002]
                  targetConnectionIds: [9b2f4d6e-0000-4000-8000-000000000003]
                  scheduleParams: {exportMode: FIRST_FULL_THEN_INCREMENTAL, timeUnit: hour, interval: 3, startTime: 1900000000}
              type: object
              required: [name, sourceConnectionIds, targetConnectionIds, scheduleParams]
              properties:
                name: {type: string, minLength: 1}
                description: {type: string}
                flowSpec: {$ref: "#/components/schemas/SpecRef"}
                sourceConnectionIds: {type: array, minItems: 1, maxItems: 1, items: {type: string}}
                targetConnectionIds: {type: array, minItems: 1, maxItems: 1, items: {type: string}}
                scheduleParams: {$ref: "#/components/schemas/ScheduleParams"}
                state: {type: string, enum: [enabled, disabled]}
            Flow:
              type: object
              required: [id, name, flowSpec, sourceConnectionIds, targetConnectionIds, scheduleParams, state, etag, version]
              properties:
                id: {type: string}
                name: {type: string}
                flowSpec: {$ref: "#/components/schemas/SpecRef"}
                sourceConnectionIds: {type: array, items: {type: string}}
                targetConnectionIds: {type: array, items: {type: string}}
                scheduleParams:
                  type: object
                  required: [exportMode, timeUnit, interval, startTime]
                  properties:
                    exportMode: {type: string, enum: [DAILY_FULL_EXPORT, FIRST_FULL_THEN_INCREMENTAL]}
                    timeUnit: {type: string, enum: [day, hour]}
                    interval: {type: integer}
                    startTime: {type: integer}
                    endTime: {type: integer}
                    foldernameTemplate: {type: string}
                state: {type: string, enum: [enabled, disabled]}
                etag: {type: string}
                version: {type: integer, minimum: 1}
            FlowList:
              type: object
              required: [items]
              properties:
                items: {type: array, items: {$ref: "#/components/schemas/Flow"}}
                _links: {$ref: "#/components/schemas/Links"}
            ExportError:
              type: object
              required: [code, message, retryable]
              properties:
                code: {type: string, enum: [invalidField, notFound, conflict, destination, lake, encoding]}
                message: {type: string}
                field: {type: string}
                retryable: {type: boolean}
            RunStatus: {type: string, enum: [queued, running, success, failed]}
            BackfillWindow:
              type: object
              description: batches committed at startTime <= t < endTime (epoch seconds)
              required: [startTime, endTime]
              properties: {startTime: {type: integer, minimum: 0}, endTime: {type: integer, minimum: 0}}
            RunRequest:
              type: object
              properties: {backfill: {$ref: "#/components/schemas/BackfillWindow"}}
            RunAttempt:
              type: object
              required: [attempt, startedAt, errors]
              properties:
                attempt: {type: integer, minimum: 1}
                startedAt: {type: integer, description: epoch milliseconds}
                completedAt: {type: integer, description: epoch milliseconds}
                errors: {type: array, items: {$ref: "#/components/schemas/ExportError"}}
            RunProgress:
              type: object
              required: [rows, bytes, files]
              properties: {rows: {type: integer}, bytes: {type: integer}, files: {type: integer}}
            ExportedFile:
              type: object
              required: [path, size, rowCount, sha256]
              properties:
                path: {type: string}
                size: {type: integer}
                rowCount: {type: integer}
                sha256: {type: string, pattern: "^[0-9a-f]{64}$"}
            DatasetOutput:
              type: object
              required: [datasetId, folder, files, fromSequence, toSequence]
              properties:
                datasetId: {type: string}
                folder: {type: string}
                files: {type: array, items: {$ref: "#/components/schemas/ExportedFile"}}
                manifestPath: {type: string}
                fromSequence: {type: integer}
                toSequence: {type: integer}
            RunMetrics:
              type: object
              required: [durationSummary, sizeSummary, recordSummary, fileSummary, statusSummary]
              properties:
                durationSummary:
                  type: object
                  required: [startedAtUTC]
                  properties: {startedAtUTC: {type: integer}, completedAtUTC: {type: integer}}
                sizeSummary: {type: object, required: [outputBytes], properties: {outputBytes: {type: integer}}}
                recordSummary: {type: object, required: [outputRecordCount], properties: {outputRecordCount: {type: integer}}}
                fileSummary: {type: object, required: [outputFileCount], properties: {outputFileCount: {type: integer}}}
                statusSummary:
                  type: object
                  required: [status, errors]
                  properties:
                    status: {$ref: "#/components/schemas/RunStatus"}
                    errors: {type: array, items: {$ref: "#/components/schemas/ExportError"}}
            Run:
              type: object
              required: [id, flowId, status, scheduledTime, attempts, metrics, outputs, progress, kind, errors, history, createdAt, etag]
              properties:
                id: {type: string}
                flowId: {type: string}
                status: {$ref: "#/components/schemas/RunStatus"}
                scheduledTime: {type: integer, description: the slot this run serves (epoch seconds)}
                attempts: {type: integer, minimum: 0}
                metrics: {$ref: "#/components/schemas/RunMetrics"}
                outputs: {type: array, items: {$ref: "#/components/schemas/DatasetOutput"}}
                progress: {$ref: "#/components/schemas/RunProgress", description: live counters while running}
                kind: {type: string, enum: [scheduled, adHoc, backfill]}
                backfill: {$ref: "#/components/schemas/BackfillWindow"}
                errors: {type: array, items: {$ref: "#/components/schemas/ExportError"}, description: the latest attempt's errors}
                retryAt: {type: integer, description: epoch milliseconds a queued retry waits for}
                history: {type: array, items: {$ref: "#/components/schemas/RunAttempt"}, description: earlier failed or interrupted attempts}
                createdAt: {type: integer, description: epoch milliseconds the run was queued}
                etag: {type: string}
            RunList:
              type: object
              required: [items]
              properties:
                items: {type: array, items: {$ref: "#/components/schemas/Run"}}
                _links: {$ref: "#/components/schemas/Links"}

        """
}
