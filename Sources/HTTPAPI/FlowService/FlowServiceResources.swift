import Destinations
import Exports

/// AEP Flow Service response shapes (field names as AEP's API shows them; Outflow's additions are extra fields).
enum FlowServiceResource {
    /// AEP's data-lake source spec of dataset exports (`GET /connectionSpecs/{id}/configs`).
    static let dataLakeSpecId = "23598e46-f560-407b-88d5-ea6207e49db0"
    /// AEP's source connection spec for datasets.
    static let datasetSourceSpecId = "8a9c3494-9708-43d7-ae3f-cda01e5030e1"

    struct SpecRef: Encodable {
        var id: String
        var version = "1.0"
    }

    /// `{"items": [...], "_links": {...}}`.
    struct Items<Item: Encodable>: Encodable {
        struct Links: Encodable {
            struct Link: Encodable { var href: String }
            var next: Link?
        }

        var items: [Item]
        var _links = Links()
    }

    struct Created: Encodable {
        var id: String
        var etag: String
    }

    static func etag(_ id: String, version: Int = 1) -> String { "\"\(id)-\(version)\"" }

    struct Connection: Encodable {
        struct Auth: Encodable { var specName: String }
        var id: String
        var name: String
        var connectionSpec: SpecRef
        var auth: Auth
        /// The `encryption` block (the key's identifiers), when files are encrypted.
        var encryption: Encryption?
        /// SFTP: the host key remembered at first contact (accept-new), when no pin is set.
        var rememberedHostKey: RememberedHostKey?
        var state = "enabled"
        var etag: String

        init(_ connection: BaseConnection, rememberedHostKey: RememberedHostKey? = nil) {
            id = connection.id
            name = connection.name
            connectionSpec = SpecRef(id: connection.connectionSpecId)
            auth = Auth(specName: connection.authSpecName)
            encryption = connection.encryption.map(Encryption.init)
            self.rememberedHostKey = rememberedHostKey
            etag = FlowServiceResource.etag(connection.id)
        }
    }

    /// The answer of `POST /connections/{id}/test`: the probe's report and, for SFTP, the host key remembered
    /// for the connection after it (its first contact may have been this test).
    struct ConnectionTest: Encodable {
        var report: ConnectionTestReport
        var rememberedHostKey: RememberedHostKey?

        private enum CodingKeys: String, CodingKey { case rememberedHostKey }

        func encode(to encoder: any Encoder) throws {
            try report.encode(to: encoder)
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encodeIfPresent(rememberedHostKey, forKey: .rememberedHostKey)
        }
    }

    struct Source: Encodable {
        struct Params: Encodable {
            /// The dataset's id, under AEP's tutorial name (`dataSetId`) and as `id`.
            struct DatasetRef: Encodable {
                var id: String
                var dataSetId: String

                init(_ id: String) { (self.id, dataSetId) = (id, id) }
            }
            var datasets: [DatasetRef]
        }

        var id: String
        var connectionSpec = SpecRef(id: datasetSourceSpecId)
        var params: Params
        var sandbox: String
        var etag: String

        init(_ source: SourceConnection) {
            id = source.id
            params = Params(datasets: source.datasetIds.map { Params.DatasetRef($0) })
            sandbox = source.sandbox
            etag = FlowServiceResource.etag(source.id)
        }
    }

    struct Target: Encodable {
        struct Params: Encodable {
            var path: String
            var datasetFileType: String
            var compression: String
            var includeManifest: Bool
            var maxFileSizeMiB: Int
            /// Destination location parameters (`bucketName`, `container`, `remotePath` ...), flattened.
            var location: [String: String] = [:]

            private struct Key: CodingKey {
                var stringValue: String
                var intValue: Int? { nil }
                init(stringValue: String) { self.stringValue = stringValue }
                init?(intValue: Int) { nil }
            }

            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: Key.self)
                for (key, value) in location.sorted(by: { $0.key < $1.key }) {
                    try container.encode(value, forKey: Key(stringValue: key))
                }
                try container.encode(path, forKey: Key(stringValue: "path"))
                try container.encode(datasetFileType, forKey: Key(stringValue: "datasetFileType"))
                try container.encode(compression, forKey: Key(stringValue: "compression"))
                try container.encode(includeManifest, forKey: Key(stringValue: "includeManifest"))
                try container.encode(maxFileSizeMiB, forKey: Key(stringValue: "maxFileSizeMiB"))
            }
        }

        var id: String
        var baseConnectionId: String
        var connectionSpec: SpecRef
        var params: Params
        var etag: String

        init(_ target: TargetConnection, connectionSpecId: String) {
            id = target.id
            baseConnectionId = target.baseConnectionId
            connectionSpec = SpecRef(id: connectionSpecId)
            params = Params(
                path: target.path, datasetFileType: target.datasetFileType.rawValue,
                compression: target.compression.rawValue, includeManifest: target.includeManifest,
                maxFileSizeMiB: target.maxFileSizeMiB, location: target.locationParams)
            etag = FlowServiceResource.etag(target.id)
        }
    }

    struct FlowResource: Encodable {
        var id: String
        var name: String
        var flowSpec: SpecRef
        var sourceConnectionIds: [String]
        var targetConnectionIds: [String]
        var scheduleParams: ScheduleParams
        var state: String
        var etag: String
        var version: Int

        init(_ flow: Flow, flowSpecId: String) {
            id = flow.id
            name = flow.name
            flowSpec = SpecRef(id: flowSpecId)
            sourceConnectionIds = [flow.sourceConnectionId]
            targetConnectionIds = [flow.targetConnectionId]
            scheduleParams = flow.scheduleParams
            state = flow.enabled ? "enabled" : "disabled"
            etag = flow.etag
            version = flow.version
        }
    }

    struct FlowSpec: Encodable {
        var id: String
        var name: String
        var sourceConnectionSpecIds = [datasetSourceSpecId]
        var targetConnectionSpecIds: [String]
    }

    struct Run: Encodable {
        var id: String
        var flowId: String
        var status: String
        var scheduledTime: Int64
        var attempts: Int
        var metrics: RunMetrics
        var outputs: [DatasetOutput]
        var progress: RunProgress
        /// `scheduled`, `adHoc` or `backfill`.
        var kind: String
        var backfill: BackfillWindow?
        /// The latest attempt's errors (also in `metrics.statusSummary.errors`).
        var errors: [ExportsError]
        /// Epoch milliseconds a queued retry waits for.
        var retryAt: Int64?
        /// Earlier failed or interrupted attempts with their errors.
        var history: [RunAttempt]
        /// Epoch milliseconds the run was queued.
        var createdAt: Int64
        var etag: String

        init(_ run: ExportRun, liveProgress: RunProgress?) {
            id = run.id
            flowId = run.flowId
            status = run.status.rawValue
            scheduledTime = run.scheduledTime
            attempts = run.attempts
            metrics = run.metrics
            outputs = run.outputs
            progress = liveProgress ?? run.progress
            kind = run.kind.rawValue
            backfill = run.backfill
            errors = run.errors
            retryAt = run.retryAt
            history = run.history
            createdAt = run.createdAt
            etag = FlowServiceResource.etag(run.id, version: run.attempts)
        }
    }
}
