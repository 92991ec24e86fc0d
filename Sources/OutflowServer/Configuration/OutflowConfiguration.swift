public import Destinations
public import Exports
import Foundation
public import Lake
public import Logging
import SQL

/// Everything the composition root needs to start Outflow, read once from CLI options and the
/// environment (`OUTFLOW_DATA_DIR`, `OUTFLOW_API_KEY`, `OUTFLOW_FAULT`, `OUTFLOW_EXPORT_FAULT`,
/// `OUTFLOW_LOG_LEVEL`, `OUTFLOW_DLZ_ACCOUNT`, `OUTFLOW_DLZ_KEY`, `OUTFLOW_OUTBOUND_ALLOW`, `OUTFLOW_EXPORT_ROOTS`,
/// `OUTFLOW_SECRETS_KEY`, `OUTFLOW_SECRETS_KEY_FILE`, the TLS and landing-zone settings of
/// `OutflowConfiguration+LandingZone`).
public struct OutflowConfiguration: Sendable {
    /// The default data directory, relative to the working directory.
    public static let defaultDataDirectory = "./.outflow"

    /// Where the catalog and the lake live.
    public var dataDirectory: String
    /// HTTP listen address.
    public var host: String
    /// HTTP listen port.
    public var port: Int
    /// When set, every request except `/healthz` needs `Authorization: Bearer <apiKey>`.
    public var apiKey: String?
    /// Serve without an API key on a non-loopback address (`outflow serve --insecure-no-auth`); without it,
    /// `ListenPolicy` refuses to start in that state. Default false.
    public var insecureNoAuth = false
    /// Log level of the server's logger.
    public var logLevel: Logger.Level
    /// Largest accepted upload of one batch file, in bytes.
    public var maxUploadBytes: Int
    /// Largest accepted JSON request body, in bytes.
    public var maxJSONBytes: Int
    /// Rows of a Query Service API SELECT kept with the query (`OUTFLOW_QUERY_RESULT_ROWS`, 0...10,000, default
    /// 100; 0 keeps none).
    public var queryResultRows = 100
    /// Query Service API queries running at once (`OUTFLOW_QUERY_CONCURRENCY`, 1...16, default 2).
    public var queryConcurrency = 2
    /// Seconds between scheduled stitching replays, replacing each connection's daily or weekly frequency
    /// (`OUTFLOW_REPLAY_INTERVAL_SECONDS`, positive; nil: the connection's frequency). For tests and deployments
    /// that replay often.
    public var replayIntervalSeconds: Int?
    /// Worker pipelines each SQL statement's parallel scans use unless a session sets `threads`
    /// (`OUTFLOW_QUERY_THREADS`, 1...64; nil: the cores the process may use). 1 runs every statement serially.
    public var queryThreads: Int?
    /// The PostgreSQL endpoint's port on `host` (`OUTFLOW_PG_PORT` or `serve --pg-port`: 0...65535, 0 picks a free
    /// one, `off` serves none; default 5433, clear of a local PostgreSQL on 5432). Logins need `apiKey` as the
    /// password (SCRAM-SHA-256); without an API key every login is trusted, as the HTTP API is then open (loopback
    /// only unless `insecureNoAuth`). See `SECURITY.md`.
    public var postgresPort: Int? = 5433
    /// Test hook passed to the lake (`OUTFLOW_FAULT`).
    public var faultPoint: String?
    /// Test hook wrapped around export destinations (`OUTFLOW_EXPORT_FAULT`, `OUTFLOW_EXPORT_FAULT_AT`).
    public var exportFault: ExportFault?
    /// The raw `OUTFLOW_EXPORT_FAULT` value when it names no known fault (callers refuse to start).
    public var unknownExportFault: String?
    /// Bytes per `maxFileSizeMiB` unit (`OUTFLOW_EXPORT_BYTES_PER_MIB`; tests shrink it to roll files early).
    public var exportBytesPerMiB: Int = 1 << 20
    /// The Data Landing Zone's storage account name, the first path segment of its Azure-style URLs
    /// (`OUTFLOW_DLZ_ACCOUNT`, default `outflowdlz`).
    public var landingZoneAccount: String?
    /// The landing zone's base64 account key for SharedKey and SAS (`OUTFLOW_DLZ_KEY`); when nil a key is
    /// generated once into `<data>/landing-zone.key`. Never logged.
    public var landingZoneKey: String?
    /// The outbound allow-list (`OUTFLOW_OUTBOUND_ALLOW`: comma-separated CIDRs or host names; default empty,
    /// so destinations reach public addresses only). See `outboundPolicy(localAddresses:)`.
    public var outboundAllowList: String = ""
    /// PEM certificate chain and private key for HTTPS (`OUTFLOW_TLS_CERT`, `OUTFLOW_TLS_KEY`, or `serve
    /// --tls-cert/--tls-key`); both nil (the default) serves plain HTTP. See `ServerTLS`.
    public var tlsCertificatePath: String?
    public var tlsKeyPath: String?
    /// Raw landing-zone settings, checked by `landingZoneSettings()`: SAS lifetime in seconds
    /// (`OUTFLOW_DLZ_SAS_TTL`), uncommitted blocks and bytes per blob (`OUTFLOW_DLZ_MAX_UNCOMMITTED_BLOCKS`,
    /// `OUTFLOW_DLZ_MAX_UNCOMMITTED_BYTES`) and the bearer-token key (`OUTFLOW_DLZ_BEARER_KEY`, never logged).
    public var landingZoneSASTTL: String?
    public var landingZoneMaxUncommittedBlocks: String?
    public var landingZoneMaxUncommittedBytes: String?
    public var landingZoneBearerKey: String?
    /// Where local-folder destinations may write (`OUTFLOW_EXPORT_ROOTS`: comma-separated absolute folders; nil or
    /// blank: `<data>/exports`, created on demand). See `localFolderPolicy()`.
    public var exportRoots: String?
    /// The credential key as base64 of 32 bytes (`OUTFLOW_SECRETS_KEY`). Never logged.
    public var secretsKey: String?
    /// A file holding the credential key, 32 raw bytes or their base64 (`OUTFLOW_SECRETS_KEY_FILE`).
    public var secretsKeyFile: String?

    /// A configuration with explicit values (defaults: `./.outflow`, 127.0.0.1:8080, no API key).
    public init(
        dataDirectory: String = Self.defaultDataDirectory, host: String = "127.0.0.1", port: Int = 8080,
        apiKey: String? = nil, logLevel: Logger.Level = .info, maxUploadBytes: Int = 1 << 30,
        maxJSONBytes: Int = 4 << 20, faultPoint: String? = nil
    ) {
        self.dataDirectory = dataDirectory
        self.host = host
        self.port = port
        self.apiKey = apiKey
        self.logLevel = logLevel
        self.maxUploadBytes = maxUploadBytes
        self.maxJSONBytes = maxJSONBytes
        self.faultPoint = faultPoint
    }

    /// A configuration from explicit options, falling back to `environment` and then defaults.
    /// An empty `OUTFLOW_API_KEY` means no authentication.
    public static func resolve(
        dataDirectory: String? = nil, host: String? = nil, port: Int? = nil, logLevel: String? = nil,
        environment: [String: String]
    ) -> OutflowConfiguration {
        var configuration = OutflowConfiguration()
        configuration.dataDirectory = dataDirectory ?? environment["OUTFLOW_DATA_DIR"] ?? defaultDataDirectory
        configuration.host = host ?? environment["OUTFLOW_HOST"] ?? configuration.host
        configuration.port = port ?? environment["OUTFLOW_PORT"].flatMap { Int($0) } ?? configuration.port
        if let key = environment["OUTFLOW_API_KEY"], !key.isEmpty { configuration.apiKey = key }
        if let level = (logLevel ?? environment["OUTFLOW_LOG_LEVEL"]).flatMap({ Logger.Level(rawValue: $0) }) {
            configuration.logLevel = level
        }
        if let limit = environment["OUTFLOW_MAX_UPLOAD_BYTES"].flatMap({ Int($0) }), limit > 0 {
            configuration.maxUploadBytes = limit
        }
        if let rows = environment["OUTFLOW_QUERY_RESULT_ROWS"].flatMap({ Int($0) }), (0...10_000).contains(rows) {
            configuration.queryResultRows = rows
        }
        if let count = environment["OUTFLOW_QUERY_CONCURRENCY"].flatMap({ Int($0) }), (1...16).contains(count) {
            configuration.queryConcurrency = count
        }
        if let seconds = environment["OUTFLOW_REPLAY_INTERVAL_SECONDS"].flatMap({ Int($0) }), seconds > 0 {
            configuration.replayIntervalSeconds = seconds
        }
        if let port = environment["OUTFLOW_PG_PORT"] { configuration.setPostgresPort(port) }
        if let threads = environment["OUTFLOW_QUERY_THREADS"].flatMap({ Int($0) }),
            (1...SessionSettings.maxThreads).contains(threads)
        {
            configuration.queryThreads = threads
        }
        #if OUTFLOW_FAULT_INJECTION
            // Test hooks, read by debug builds only (a release binary ignores these variables).
            if let fault = environment["OUTFLOW_FAULT"], !fault.isEmpty { configuration.faultPoint = fault }
            if let name = environment["OUTFLOW_EXPORT_FAULT"], !name.isEmpty {
                configuration.exportFault = ExportFault(name: name, at: environment["OUTFLOW_EXPORT_FAULT_AT"])
                if configuration.exportFault == nil { configuration.unknownExportFault = name }
            }
        #endif
        if let bytes = environment["OUTFLOW_EXPORT_BYTES_PER_MIB"].flatMap({ Int($0) }), bytes > 0 {
            configuration.exportBytesPerMiB = bytes
        }
        if let account = environment["OUTFLOW_DLZ_ACCOUNT"], !account.isEmpty {
            configuration.landingZoneAccount = account
        }
        if let key = environment["OUTFLOW_DLZ_KEY"], !key.isEmpty { configuration.landingZoneKey = key }
        if let allow = environment[OutboundPolicy.setting] { configuration.outboundAllowList = allow }
        configuration.resolveLandingZoneAndTLS(environment)
        configuration.exportRoots = environment[LocalFolderPolicy.setting]
        if let key = environment[CredentialCipher.keySetting], !key.isEmpty { configuration.secretsKey = key }
        if let file = environment[CredentialCipher.keyFileSetting], !file.isEmpty {
            configuration.secretsKeyFile = file
        }
        return configuration
    }

    /// Sets `postgresPort` from a setting's text (`off`, `none`, or 0...65535); other text leaves it unchanged and
    /// returns false.
    @discardableResult
    public mutating func setPostgresPort(_ text: String) -> Bool {
        let value = text.trimmingCharacters(in: .whitespaces).lowercased()
        if value == "off" || value == "none" {
            postgresPort = nil
            return true
        }
        guard let port = Int(value), (0...65_535).contains(port) else { return false }
        postgresPort = port
        return true
    }

    /// How often and how late a run that failed retryably is tried again (the same run id): `serve` and
    /// `outflow export run` use this one policy.
    public var runRetry: RetryPolicy {
        RetryPolicy(maxAttempts: 4, baseDelay: .seconds(30), maxDelay: .seconds(1_800))
    }

    /// The data directory's layout (absolute paths, as `Lake` resolves them).
    public var layout: LakeLayout {
        LakeLayout(root: URL(fileURLWithPath: dataDirectory).standardizedFileURL.path)
    }

    /// The outbound policy of every destination: `outboundAllowList` parsed, and this process's HTTP listener
    /// (`host`:`port`) and PostgreSQL endpoint (`host`:`postgresPort`) refused always; a listener bound to every address (`0.0.0.0`, `::`) or to a name covers
    /// every address in `localAddresses`. A malformed allow-list entry is `.invalidField` on
    /// `OUTFLOW_OUTBOUND_ALLOW`.
    public func outboundPolicy(localAddresses: [IPAddress]) throws(ExportsError) -> OutboundPolicy {
        var bound = IPAddress(host)
        if let address = bound, OutboundRule.classify(address) == .unspecified { bound = nil }
        do throws(DestinationError) {
            var policy = try OutboundPolicy(
                allowList: outboundAllowList,
                ownListeners: [OutboundPolicy.Listener(address: bound, port: port)]
                    + [postgresPort].compactMap { $0 }.filter { $0 > 0 }.map {
                        OutboundPolicy.Listener(address: bound, port: $0)
                    })
            policy.localAddresses = localAddresses
            return policy
        } catch {
            throw ExportsError(.invalidField, error.message, field: OutboundPolicy.setting, underlying: error)
        }
    }

    /// Where local-folder destinations may write: `exportRoots` (default `<data>/exports`), none of them the data
    /// directory, containing it or inside it (except inside `<data>/exports`). A bad root is `.invalidField` on
    /// `OUTFLOW_EXPORT_ROOTS` (the commands exit 2).
    public func localFolderPolicy() throws(ExportsError) -> LocalFolderPolicy {
        let layout = self.layout
        do throws(DestinationError) {
            return try LocalFolderPolicy(
                setting: exportRoots, dataDirectory: layout.root, exportsFolder: layout.exportsRoot)
        } catch {
            throw ExportsError(.invalidField, error.message, field: LocalFolderPolicy.setting, underlying: error)
        }
    }

    /// Where the credential key comes from: `OUTFLOW_SECRETS_KEY`, `OUTFLOW_SECRETS_KEY_FILE` (made absolute), or
    /// by default the data directory's generated key file. Both settings at once is `.invalidField` (exit 2).
    public func credentialKeySource() throws(ExportsError) -> CredentialCipher.Source {
        switch (secretsKey, secretsKeyFile) {
        case (.some, .some):
            throw ExportsError(
                .invalidField,
                "set either \(CredentialCipher.keySetting) or \(CredentialCipher.keyFileSetting), not both",
                field: CredentialCipher.keyFileSetting)
        case (let key?, nil): return .environment(base64: key)
        case (nil, let file?): return .file(path: URL(fileURLWithPath: file).standardizedFileURL.path)
        case (nil, nil): return .dataDirectory(path: layout.secretsKeyPath)
        }
    }

    /// The export executor's options from this configuration.
    public var exportExecutorConfiguration: ExportExecutor.Configuration {
        ExportExecutor.Configuration(bytesPerMiB: exportBytesPerMiB)
    }
}
