import Destinations
public import Exports
public import Lake
public import Logging
public import QueryService
import SQL
import Storage

/// The composition root: the one place that builds Outflow's services from a configuration. `outflow serve`
/// (`OutflowServer.run`) and every CLI command get the lake, the export store, the runner (with the one run-retry
/// policy) and the guards from here, so they behave alike.
public struct OutflowServices: Sendable {
    public let configuration: OutflowConfiguration
    public let logger: Logger
    public let lake: Lake
    /// The export store, runner and run board.
    public let flowService: FlowServiceBackend

    /// Views and derived datasets' lineage (Query Service).
    public let queryStore: any QueryStore

    /// A SQL session on `sandbox` (the one way `outflow query`, and later the PostgreSQL endpoint and the Query
    /// Service API, get one): the lake, the query store, and the export guard that keeps `DROP TABLE` off
    /// datasets enabled flows export.
    /// `memoryLimit`: bytes each statement's blocking operators may hold before they spill to files under
    /// `<data dir>/tmp/sql` (the engine's default, 1 GiB, when nil). `threads`: workers per statement
    /// (`outflow query --threads`), else `OUTFLOW_QUERY_THREADS`, else the cores the process may use.
    public func querySession(sandbox: String, memoryLimit: Int? = nil, threads: Int? = nil) -> QuerySession {
        let spill = FileSpillStorage(lazyDirectory: configuration.dataDirectory + "/tmp/sql")
        var options = SQLEngine.Options(
            memoryLimit: memoryLimit ?? SQLEngine.Options.defaultMemoryLimit, spillStorage: spill)
        options.threads = threads ?? configuration.queryThreads ?? SessionSettings.defaultThreads
        return QuerySession(
            lake: lake, sandbox: sandbox, store: queryStore, exportGuard: exportGuard, options: options)
    }

    /// The Query Service API's runner: queries and scheduled runs in the catalog database, each in a session from
    /// `querySession(sandbox:)`, at most `queryConcurrency` at once, keeping `queryResultRows` rows of a SELECT.
    public func queryRunner() throws(ExportsError) -> QueryJobRunner {
        let store: SQLiteQueryStore
        do {
            store = try SQLiteQueryStore(lake: lake)
        } catch {
            throw ExportsError(.lake, error.message, underlying: error)
        }
        let services = self
        return QueryJobRunner(
            store: store, lake: lake,
            configuration: .init(
                maxConcurrentQueries: configuration.queryConcurrency, resultRows: configuration.queryResultRows),
            makeSession: { sandbox in services.querySession(sandbox: sandbox) })
    }

    /// Connections, flows, runs and the run ledger.
    public var store: any FlowStore { flowService.store }
    /// Queues and executes export runs.
    public var runner: ExportRunner { flowService.runner }
    /// Refuses to delete a dataset that an enabled flow exports.
    public var exportGuard: DatasetExportGuard { DatasetExportGuard(store: flowService.store) }

    /// Opens the lake of `configuration` (creating the data directory if needed) on its SQLite catalog.
    public static func openLake(_ configuration: OutflowConfiguration, logger: Logger) throws(LakeError) -> Lake {
        try Lake(
            dataDirectory: configuration.dataDirectory,
            configuration: Lake.Configuration(faultPoint: configuration.faultPoint), logger: logger)
    }

    /// The services over an opened lake: the export store in its catalog database, sealing with the configured
    /// credential key (`CredentialKeyring`: checked against the catalog's key fingerprint, an interrupted rotation
    /// finished), and a runner with the configuration's executor options, run-retry policy, destination fault hook,
    /// outbound policy (`OUTFLOW_OUTBOUND_ALLOW`, with this process's HTTP listener refused always) and local-folder
    /// export roots (`OUTFLOW_EXPORT_ROOTS`). A bad setting or key is `.invalidField` (the commands exit 2).
    public init(lake: Lake, configuration: OutflowConfiguration, logger: Logger) throws(ExportsError) {
        self.configuration = configuration
        self.logger = logger
        self.lake = lake
        var executor = configuration.exportExecutorConfiguration
        executor.outbound = try configuration.outboundPolicy(localAddresses: OutboundPolicy.localAddresses())
        executor.localFolders = try configuration.localFolderPolicy()
        let cipher = try CredentialKeyring.open(
            try configuration.credentialKeySource(), record: try SQLiteCredentialKeyRecord(lake: lake))
        do {
            queryStore = try SQLiteQueryStore(lake: lake)
        } catch {
            throw ExportsError(.lake, error.message, underlying: error)
        }
        flowService = FlowServiceBackend(
            lake: lake, store: try SQLiteExportStore(lake: lake, cipher: cipher),
            configuration: executor, runRetry: configuration.runRetry,
            wrap: configuration.exportFault.destinationWrapper, logger: logger)
    }
}
